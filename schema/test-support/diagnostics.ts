/** Test helpers: the diagnostics of one rule, in a compact comparable form. */
import { type CheckOptions, checkReport } from '../check.ts';
import type { Diagnostic, RuleId } from '../diagnostics.ts';
import type { ReportData } from '../report.ts';

/** Diagnostics of `rule` for `data`. */
export function findings(data: ReportData, rule: RuleId, options?: CheckOptions): Diagnostic[] {
  return checkReport(data, options).filter((d) => d.rule === rule);
}

/** `rule severity cells[0]` lines, for equality assertions that ignore message wording. */
export function brief(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.rule} ${d.severity} ${d.cells[0]}`);
}
