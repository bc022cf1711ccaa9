/**
 * The PDF export printed by Debian's Chromium and read back with poppler (`pdftotext -layout`):
 * A4 pages, every figure of every table on its row's line in column order, the title and the
 * notes; table 三's page rendered to a PNG (`pdftoppm`) under /tmp for a person to look at.
 * Without Chromium the export fails with a message saying how to install it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appealColumns, appealGroups, applicantColumns, partTitles, table2Blocks, table3Rows } from '../../schema/format.ts';
import type { ReportData } from '../../schema/report.ts';
import { effectiveCell } from '../../schema/values.ts';
import { exportSourceOfData, renderExport } from './export.ts';
import { PdfPrinter, PdfUnavailable } from './pdf.ts';
import { distinctFigures, exportedSeed } from './test-support/reports.ts';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-pdf-'));
let printer: PdfPrinter;
beforeAll(() => {
  printer = new PdfPrinter();
});
afterAll(async () => {
  await printer.close();
  rmSync(dir, { recursive: true, force: true });
});

async function printed(data: ReportData, name: string): Promise<string> {
  const file = await renderExport(exportSourceOfData(data), 'pdf', { pdf: printer });
  const path = join(dir, name);
  writeFileSync(path, file.body);
  return path;
}

const pdftotext = (path: string, ...args: string[]) => execFileSync('pdftotext', ['-layout', ...args, path, '-'], { encoding: 'utf8' });

/**
 * The text's visual lines, from poppler's word boxes (`pdftotext -tsv`): the words of one page at
 * one height, left to right, in reading order down the pages. Cells of one table row share their
 * baseline, however many lines their labels wrap to; `-layout`'s guesses at lines do not.
 */
function visualLines(path: string): string[][] {
  const words = execFileSync('pdftotext', ['-tsv', path, '-'], { encoding: 'utf8' })
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter((f) => f[0] === '5' && f[11] !== undefined && f[11].trim() !== '')
    .map((f) => ({ page: Number(f[1]), left: Number(f[6]), top: Math.round(Number(f[7]) * 2) / 2, text: f[11]!.trim() }));
  const lines = new Map<string, typeof words>();
  for (const word of words) {
    const key = `${word.page}:${word.top}`;
    lines.set(key, [...(lines.get(key) ?? []), word]);
  }
  return [...lines.values()]
    .sort((a, b) => a[0]!.page - b[0]!.page || a[0]!.top - b[0]!.top)
    .map((line) => line.sort((a, b) => a.left - b.left).map((w) => w.text));
}

/** The index of the first line after `from` that ends with `values`, -1 if none does. */
function lineEndingWith(lines: readonly string[][], values: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i++) {
    const words = lines[i]!;
    if (words.length >= values.length && values.every((v, k) => words[words.length - values.length + k] === v)) return i;
  }
  return -1;
}

/** Every figure of every table, row by row down the pages, each row's on its line in column order. */
function expectEveryFigure(path: string, data: ReportData): void {
  const lines = visualLines(path);
  const value = (id: string) => effectiveCell(data.tables, id as never).display;
  const titleLine = (title: string) => lines.findIndex((l) => l.join('').includes(title));
  let at = titleLine(partTitles.proactive);
  for (const block of table2Blocks) {
    for (const row of block.rows) {
      const found = lineEndingWith(lines, block.columns.map((c) => value(`proactive.${row.key}.${c.key}`)), at + 1);
      expect(found, `table 二 ${row.label}`).toBeGreaterThan(at);
      expect(lines[found]!.join('')).toContain(row.label);
      at = found;
    }
  }
  at = titleLine(partTitles.requests);
  for (const row of table3Rows) {
    const found = lineEndingWith(lines, applicantColumns.map((c) => value(`requests.${row.key}.${c.key}`)), at + 1);
    expect(found, `table 三 ${row.label}`).toBeGreaterThan(at);
    at = found;
  }
  at = titleLine(partTitles.appeals);
  const appeals = appealGroups.flatMap((g) => appealColumns.map((c) => value(`appeals.${g.key}.${c.key}`)));
  expect(lineEndingWith(lines, appeals, at + 1), 'table 四').toBeGreaterThan(at);
}

describe('the PDF export', () => {
  it('prints the seed on A4 with its title, notes and every figure of its tables', async () => {
    const data = exportedSeed();
    const path = await printed(data, 'seed.pdf');
    expect(execFileSync('pdfinfo', [path], { encoding: 'utf8' })).toMatch(/Page size:\s+59[45](?:\.\d+)? x 84[12](?:\.\d+)? pts \(A4\)/u);
    const text = pdftotext(path);
    expectEveryFigure(path, data);
    expect(text).toMatch(/余杭区商务局2024年\s+政府信息公开工作年度报告/u);
    expect(text).toContain('本年度收到和处理政府信息公开申请情况见下表。');
    expect(text).toContain('注：表中数据单位为件。');
  });

  it('prints every figure of a report whose figures all differ, totals computed, each on its row in column order', async () => {
    const data = distinctFigures();
    expectEveryFigure(await printed(data, 'distinct.pdf'), data);
  });

  it("renders table 三's page to /tmp/nianbao-export-table3.png, the whole table on one page", async () => {
    const path = await printed(exportedSeed(), 'table3.pdf');
    const pages = Number(/Pages:\s+(\d+)/u.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))![1]);
    const page = Array.from({ length: pages }, (_, i) => i + 1).find((n) => pdftotext(path, '-f', String(n), '-l', String(n)).includes(partTitles.requests))!;
    const text = pdftotext(path, '-f', String(page), '-l', String(page));
    expect(text).toContain('四、结转下年度继续办理');
    expect(text).toContain('（本列数据的勾稽关系为');
    execFileSync('pdftoppm', ['-png', '-r', '110', '-f', String(page), '-l', String(page), '-singlefile', path, '/tmp/nianbao-export-table3']);
    expect(statSync('/tmp/nianbao-export-table3.png').size).toBeGreaterThan(20_000);
    console.log(`table 三, page ${page} of ${pages}: /tmp/nianbao-export-table3.png`);
  });

  it('fails without Chromium, saying how to install it', async () => {
    const missing = new PdfPrinter({ chromiumPath: join(dir, 'no-chromium') });
    const attempt = renderExport(exportSourceOfData(exportedSeed()), 'pdf', { pdf: missing });
    await expect(attempt).rejects.toThrow(PdfUnavailable);
    await expect(attempt).rejects.toThrow(/apt-get install chromium/u);
    await missing.close();
  });
});
