/**
 * The full check: every rule of the national format (docs/format.md, "Rules") over one
 * report. Pure; runs in the browser, on the server and in the CLI.
 */
import { allCells, tablePartKeys } from './format.ts';
import { type Diagnostic, compareDiagnostics } from './diagnostics.ts';
import type { ReportData } from './report.ts';
import { type Stage, PreviousReport, ReportInputs, type ReportMeta, type ResolvedOptions, RuleContext } from './rules/context.ts';
import { tableLayoutDiagnostics } from './rules/layout.ts';
import { analysePart, narrativeLines } from './rules/narrative/analysis.ts';
import { ruleInstances } from './rules/registry.ts';
import { parseCell } from './values.ts';
import { narrativeKeys } from './ydoc.ts';

export interface CheckOptions {
  /** Last year's report: enables T3.carryOverContinuity, T2.inForceContinuity, text.overlap. */
  previous?: ReportData;
  /** A blank cell is a warning in draft, an error in publication (default 'publication'). */
  stage?: Stage;
  /** ISO date, for `deadline` when publishedOn is unknown. */
  today?: string;
}

/** Last year's reports prepared for the rules, by identity: ReportData is never mutated. */
const previousReports = new WeakMap<ReportData, PreviousReport>();

function previousReportOf(data: ReportData): PreviousReport {
  let prepared = previousReports.get(data);
  if (prepared === undefined) {
    prepared = new PreviousReport(data);
    previousReports.set(data, prepared);
  }
  return prepared;
}

/** Options as rules read them; last year's report is prepared once per ReportData object. */
export function resolveOptions(options: CheckOptions = {}): ResolvedOptions {
  return {
    stage: options.stage ?? 'publication',
    ...(options.today !== undefined ? { today: options.today } : {}),
    ...(options.previous !== undefined ? { previous: previousReportOf(options.previous) } : {}),
  };
}

export function reportMeta(data: ReportData): ReportMeta {
  return {
    agency: data.agency,
    kind: data.kind,
    year: data.year,
    ...(data.publishedOn !== undefined ? { publishedOn: data.publishedOn } : {}),
  };
}

/** The rules' inputs for a ReportData. */
export function inputsOfReport(data: ReportData, options: CheckOptions = {}): ReportInputs {
  const inputs = new ReportInputs(reportMeta(data), resolveOptions(options));
  for (const def of allCells) {
    const raw = data.tables[def.table][def.key];
    if (raw !== undefined) inputs.cells.set(def.id, parseCell(raw, def.valueKind));
  }
  for (const key of narrativeKeys) {
    const text = key === 'preamble' ? data.preamble : data.parts[key];
    inputs.parts.set(key, analysePart(key, narrativeLines(text)));
  }
  for (const table of tablePartKeys) inputs.layout.set(table, tableLayoutDiagnostics(data, table));
  return inputs;
}

/** Every diagnostic of the report, sorted by `compareDiagnostics`. */
export function checkReport(data: ReportData, options?: CheckOptions): Diagnostic[] {
  const ctx = new RuleContext(inputsOfReport(data, options));
  const out: Diagnostic[] = [];
  for (const rule of ruleInstances) for (const d of rule.run(ctx)) out.push(d);
  return out.sort(compareDiagnostics);
}

export function countDiagnostics(ds: readonly Diagnostic[]): { error: number; warning: number; info: number } {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of ds) counts[d.severity]++;
  return counts;
}
