/**
 * Test-only: the seed report (余杭区商务局2024年政府信息公开工作年度报告), exactly as published
 * (copied from Word: one table cell per tab-indented line), and read through the plain-text
 * importer — never typed in by hand. The project keeps one copy of it, schema/sample/ (byte for
 * byte `shared/seed/yuhang-commerce-2024.txt`), which is also the server's first-start sample;
 * tests build their fixtures from it, by importing it or by editing its text. Reads a file, so
 * only tests and benchmarks import this module; nothing in schema/ proper does.
 */
import { readFileSync } from 'node:fs';
import { importReportText } from '../import/text.ts';
import type { ReportData } from '../report.ts';

const seedFile = new URL('../sample/yuhang-commerce-2024.txt', import.meta.url);

/** The seed's text, as the importer reads it. */
export function readSeedText(): string {
  return readFileSync(seedFile, 'utf8');
}

let cached: ReportData | undefined;

/** The seed's ReportData (imported once per process; ReportData is never mutated). */
export function seedReport(): ReportData {
  if (cached === undefined) {
    const { data, diagnostics } = importReportText(readSeedText());
    if (diagnostics.length > 0) throw new Error(`seed: the importer reported ${JSON.stringify(diagnostics)}`);
    cached = data;
  }
  return cached;
}
