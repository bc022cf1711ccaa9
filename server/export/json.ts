/**
 * The JSON data export: `toReportJson` (schema/json.ts) — the format version, stable key order,
 * every cell present (blank as "") — pretty-printed with a final newline, so that two exports of
 * one state are byte-identical and a diff of two shows exactly what changed. `parseReportJson`
 * reads it back to the same `ReportData`.
 */
import { toReportJson } from '../../schema/json.ts';
import type { ReportData } from '../../schema/report.ts';

export function renderJson(data: ReportData): string {
  return `${JSON.stringify(toReportJson(data), null, 2)}\n`;
}
