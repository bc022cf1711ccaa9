/**
 * Test-only: the seed report (余杭区商务局2024年政府信息公开工作年度报告) read through the
 * plain-text importer — never typed in by hand. Reads a file (test/fixtures/seed.ts), so only
 * tests and benchmarks import this module; nothing in schema/ proper does.
 */
import { readSeedText } from '../../test/fixtures/seed.ts';
import { importReportText } from '../import/text.ts';
import type { ReportData } from '../report.ts';

export const seedText = readSeedText;

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
