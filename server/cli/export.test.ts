/**
 * `nianbao export`, run as people run it: the real CLI in a child process, on the seed's text and
 * on JSON data files, writing into a temp dir — no server anywhere.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importReportText } from '../../schema/import/text.ts';
import { parseReportJson, toReportJson } from '../../schema/json.ts';
import { readSeedText } from '../../schema/test-support/seed-report.ts';
import { readDocx, wordTables } from '../export/test-support/docx-read.ts';
import { elements, readHtml, tableGrid, textOf } from '../export/test-support/html-read.ts';
import { exportedSeed } from '../export/test-support/reports.ts';
import { type CliRun, runCli } from '../test-support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const seedText = join(dir, 'seed.txt');
writeFileSync(seedText, readSeedText());
const seedJson = join(dir, 'seed.json');
writeFileSync(seedJson, JSON.stringify(toReportJson(exportedSeed()), null, 2));

const title = '余杭区商务局2024年政府信息公开工作年度报告';
const runExport = (...args: string[]) => runCli(['export', ...args]);

function expectOneLineError(run: CliRun, code: number, pattern: RegExp): void {
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toContain('    at ');
}

describe('nianbao export', () => {
  it('exports a published text to HTML with its tables, and the same bytes on a second run', async () => {
    const out = join(dir, 'seed.html');
    const run = await runExport(seedText, '--format', 'html', '-o', out);
    expect([run.code, run.stderr]).toEqual([0, `已导出 ${out}\n`]);
    const html = readFileSync(out);
    const { document, errors } = readHtml(html.toString('utf8'));
    expect(errors).toEqual([]);
    expect(elements(document, 'h1').map(textOf)).toEqual([title]);
    expect(tableGrid(document, 'table-requests')[3]!.map((slot) => slot.text)).toEqual(['一、本年新收政府信息公开申请数量', '一、本年新收政府信息公开申请数量', '一、本年新收政府信息公开申请数量', '1', '0', '0', '0', '0', '0', '1']);
    const again = join(dir, 'seed-again.html');
    expect((await runExport(seedText, '--format', 'html', '-o', again)).code).toBe(0);
    expect(readFileSync(again).equals(html)).toBe(true);
  });

  it('exports a JSON data file to JSON that reads back equal, notes and date included', async () => {
    const out = join(dir, 'out.json');
    expect((await runExport(seedJson, '-o', out)).code).toBe(0);
    expect(parseReportJson(JSON.parse(readFileSync(out, 'utf8')))).toEqual(exportedSeed());
    const fromText = join(dir, 'from-text.json');
    expect((await runExport(seedText, '--format', 'json', '-o', fromText)).code).toBe(0);
    expect(parseReportJson(JSON.parse(readFileSync(fromText, 'utf8')))).toEqual(importReportText(readSeedText()).data);
  });

  it('takes the format from the output name, writes CSV to standard output with -o -, and names a file after the title without -o', async () => {
    const docx = join(dir, 'seed.docx');
    expect((await runExport(seedText, '-o', docx)).code).toBe(0);
    expect(wordTables(readDocx(readFileSync(docx)).document)).toHaveLength(3);
    const csv = await runExport(seedJson, '--format', 'csv', '-o', '-');
    expect([csv.code, csv.stderr]).toEqual([0, '']);
    expect(csv.stdout.startsWith('\uFEFF二、主动公开政府信息情况\r\n')).toBe(true);
    const here = mkdtempSync(join(dir, 'cwd-'));
    const named = await runCli(['export', seedJson, '--format', 'html'], '', { cwd: here });
    expect(named.code).toBe(0);
    expect(existsSync(join(here, `${title}.html`))).toBe(true);
  });

  it('prints a PDF with Debian\'s Chromium, and says how to install Chromium where it is missing', async () => {
    const out = join(dir, 'seed.pdf');
    expect((await runExport(seedText, '-o', out)).code).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const missing = await runExport(seedText, '-o', join(dir, 'none.pdf'), '--chromium', join(dir, 'no-chromium'));
    expectOneLineError(missing, 1, /^nianbao export: 导出 PDF 需要 Chromium.*apt-get install chromium/u);
    expect(existsSync(join(dir, 'none.pdf'))).toBe(false);
  });

  it('refuses what it cannot read or do in one line: a missing file, an unknown format, no format at all', async () => {
    expectOneLineError(await runExport(join(dir, 'nope.txt'), '--format', 'html', '-o', join(dir, 'x.html')), 2, /找不到文件/u);
    expectOneLineError(await runExport(seedText, '--format', 'xlsx', '-o', join(dir, 'x.xlsx')), 2, /不支持的导出格式 “xlsx”/u);
    expectOneLineError(await runExport(seedText, '-o', '-'), 2, /请用 --format 指定导出格式/u);
    expectOneLineError(await runExport(), 2, /缺少要导出的文件/u);
  });
});
