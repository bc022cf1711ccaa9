/**
 * Diagnostics: what a rule says about a report. Every diagnostic names its rule by the stable ID
 * of docs/format.md ("Rules") and points at the cells (`requests.received.natural`) or
 * parts (`text.other`-style targets are parts: `other`) involved, so the editor can mark them.
 */

export const severities = ['error', 'warning', 'info'] as const;
/** error blocks publication; warning needs an explicit acknowledgement; info is advice. */
export type Severity = (typeof severities)[number];

export const ruleIds = [
  'T3.balance',
  'T3.rowTotal',
  'T3.resultTotal',
  'T4.groupTotal',
  'cell.value',
  'T3.carryOverContinuity',
  'text.figures',
  'other.processingFee',
  'layout.parts',
  'T3.unpaidFeeNotice',
  'T2.inForceContinuity',
  'text.overlap',
  'deadline',
] as const;
export type RuleId = (typeof ruleIds)[number];

export interface Diagnostic {
  readonly rule: RuleId;
  readonly severity: Severity;
  /** zh-CN, for the people writing the report. */
  readonly message: string;
  /**
   * Where the problem is: cell ids (`requests.resultTotal.total`) and/or part keys
   * (`overview`, `other`, `preamble`) for narrative findings. Never empty.
   */
  readonly cells: readonly string[];
}

/** How many diagnostics of each severity a report has. */
export type DiagnosticCounts = Readonly<Record<Severity, number>>;

/** Sort order used everywhere diagnostics are listed: severity, then rule, then first cell. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    severities.indexOf(a.severity) - severities.indexOf(b.severity) ||
    ruleIds.indexOf(a.rule) - ruleIds.indexOf(b.rule) ||
    (a.cells[0] ?? '').localeCompare(b.cells[0] ?? '')
  );
}
