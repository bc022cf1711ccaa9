/**
 * Test-only: the seed report (余杭区商务局2024年政府信息公开工作年度报告) from
 * /work/shared/seed, read through the plain-text importer — never typed in by hand. Uses
 * node:fs, so only tests and benchmarks import this file; nothing in schema/ proper does.
 */
import { readFileSync } from 'node:fs';
import { importReportText } from '../import/text.ts';
import type { ReportData } from '../report.ts';

export const seedPath = '/work/shared/seed/yuhang-commerce-2024.txt';

export function seedText(): string {
  return readFileSync(seedPath, 'utf8');
}

let cached: ReportData | undefined;

/** The seed's ReportData (imported once per process; ReportData is never mutated). */
export function seedReport(): ReportData {
  if (cached === undefined) {
    const { data, diagnostics } = importReportText(seedText());
    if (diagnostics.length > 0) throw new Error(`seed: the importer reported ${JSON.stringify(diagnostics)}`);
    cached = data;
  }
  return cached;
}
