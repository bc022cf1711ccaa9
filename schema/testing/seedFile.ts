/**
 * Test-only: loads the seed report from /work/shared/seed (uses node:fs, so only tests and
 * benchmarks import this file; nothing in schema/ proper does).
 */
import { readFileSync } from 'node:fs';
import type { ReportData } from '../report.ts';
import { seedReportFromText } from './seed.ts';

export const seedPath = '/work/shared/seed/yuhang-commerce-2024.txt';

export function seedText(): string {
  return readFileSync(seedPath, 'utf8');
}

let cached: ReportData | undefined;

/** The seed's ReportData (parsed once per process; ReportData is never mutated). */
export function seedReport(): ReportData {
  cached ??= seedReportFromText(seedText());
  return cached;
}
