/**
 * `nianbao check`, run as people run it: the real CLI in a child process, on files in a temp dir.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSeedText } from '../../schema/test-support/seed-report.ts';
import { allCells } from '../../schema/format.ts';
import { importReportText } from '../../schema/import/text.ts';
import { parseReportJson, toReportJson } from '../../schema/json.ts';
import type { ReportData } from '../../schema/report.ts';
import { runCli, type CliRun } from '../test-support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const seed = readSeedText();
const seedData = importReportText(seed).data;

const runCheck = (...args: string[]) => runCli(['check', ...args]);

function writeTemp(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The seed's text with the value cell `id` (e.g. `requests.received.commercial`) set to `value`. */
function seedWithCell(id: string, value: string): string {
  const valueLines = seed.split('\n').flatMap((line, i) => (/^\t\d+$/u.test(line) ? [i] : []));
  const lines = seed.split('\n');
  lines[valueLines[allCells.findIndex((d) => d.id === id)]] = `\t${value}`;
  return lines.join('\n');
}

interface JsonOutput {
  report: unknown;
  diagnostics: { rule: string; severity: string; message: string; cells: string[] }[];
}

function expectOneLineError(run: CliRun, pattern: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toContain('    at ');
}

describe('nianbao check', () => {
  it('passes the seed report: exit 0, no errors or warnings', async () => {
    const file = writeTemp('seed.txt', seed);
    const human = await runCheck(file);
    expect(human.stderr).toBe('');
    expect(human.code).toBe(0);
    expect(human.stdout.split('\n')[0]).toBe('余杭区商务局2024年政府信息公开工作年度报告（部门，按发布要求检查）');
    expect(human.stdout).toMatch(/\n0 个错误，0 个警告，\d+ 条提示\n$/u);

    const json = await runCheck(file, '--json');
    expect(json.code).toBe(0);
    const output = JSON.parse(json.stdout) as JsonOutput;
    expect(output.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('T3.balance / T3.rowTotal: one number changed in table 三 gives exit 1 naming the cells', async () => {
    const file = writeTemp('changed.txt', seedWithCell('requests.received.commercial', '2'));
    const run = await runCheck(file, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const { diagnostics } = JSON.parse(run.stdout) as JsonOutput;
    const balance = diagnostics.filter((d) => d.rule === 'T3.balance');
    const rowTotal = diagnostics.filter((d) => d.rule === 'T3.rowTotal');
    expect(balance.length).toBeGreaterThan(0);
    expect(balance.every((d) => d.severity === 'error')).toBe(true);
    expect(balance.some((d) => d.cells.includes('requests.received.commercial'))).toBe(true);
    expect(balance.flatMap((d) => d.cells).every((c) => c.endsWith('.commercial'))).toBe(true);
    expect(rowTotal.length).toBeGreaterThan(0);
    expect(rowTotal.some((d) => d.cells.includes('requests.received.total'))).toBe(true);
    expect(rowTotal.flatMap((d) => d.cells).every((c) => c.startsWith('requests.received.'))).toBe(true);

    const human = await runCheck(file);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('\n三、收到和处理政府信息公开申请情况\n');
    expect(human.stdout).toMatch(/\n {2}错误 T3\.balance {2}requests\.\S+\.commercial/u);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    expect(human.stdout).toContain(`\n${errors} 个错误，`);
  });

  it('T3.carryOverContinuity: --previous with a different carriedForward warns, exit 0', async () => {
    const previousData: ReportData = {
      ...seedData,
      year: 2023,
      parts: { overview: '2023年工作总体情况。', problems: '2023年存在的问题。', other: '2023年未收取信息处理费。' },
      tables: {
        ...seedData.tables,
        requests: {
          ...seedData.tables.requests,
          'received.natural': '3',
          'received.total': '3',
          'resultTotal.natural': '1',
          'resultTotal.total': '1',
          'disclosed.natural': '1',
          'disclosed.total': '1',
          'carriedForward.natural': '2',
          'carriedForward.total': '2',
        },
      },
    };
    const previous = writeTemp('previous-2023.json', JSON.stringify(toReportJson(previousData)));
    const current = writeTemp('current-2024.txt', seed);
    const run = await runCheck(current, '--previous', previous, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { diagnostics } = JSON.parse(run.stdout) as JsonOutput;
    const continuity = diagnostics.filter((d) => d.rule === 'T3.carryOverContinuity');
    expect(continuity.length).toBeGreaterThan(0);
    expect(continuity.every((d) => d.severity === 'warning')).toBe(true);
    expect(continuity.flatMap((d) => d.cells)).toContain('requests.carriedOver.natural');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('--json output parses, round-trips through parseReportJson, and can be checked again', async () => {
    const run = await runCheck(writeTemp('roundtrip.txt', seed), '--json');
    const output = JSON.parse(run.stdout) as JsonOutput;
    expect(Object.keys(output)).toEqual(['report', 'diagnostics']);
    expect(output.report).toEqual(toReportJson(seedData));
    expect(parseReportJson(output)).toEqual(seedData);

    const again = await runCheck(writeTemp('roundtrip.json', run.stdout), '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(output);
  });

  it('layout.parts from the importer is reported with the rules’ findings', async () => {
    const run = await runCheck(writeTemp('no-six.txt', seed.replace('六、其他需要报告的事项\n', '')), '--json');
    expect(run.code).toBe(1);
    const { diagnostics } = JSON.parse(run.stdout) as JsonOutput;
    expect(diagnostics).toContainEqual({
      rule: 'layout.parts',
      severity: 'error',
      message: '缺少第六部分“六、其他需要报告的事项”',
      cells: ['other'],
    });
  });

  it('deadline: an info finding leaves exit 0 and is listed under the report’s own fields', async () => {
    const late = writeTemp('late.json', JSON.stringify(toReportJson({ ...seedData, publishedOn: '2025-03-10' })));
    const run = await runCheck(late);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\n报告基本信息\n {2}提示 deadline {2}meta\.publishedOn {2}\S/u);
    expect(run.stdout).toMatch(/\n0 个错误，0 个警告，1 条提示\n$/u);
  });

  it('exit 2 with one line on stderr for a missing file', async () => {
    expectOneLineError(await runCheck(join(dir, 'nope.txt')), /^nianbao check: 找不到文件 .*nope\.txt\n$/u);
  });

  it('exit 2 with the line for a text it cannot import, and for invalid or wrong JSON', async () => {
    expectOneLineError(await runCheck(writeTemp('garbage.txt', 'hello\nworld\n')), /garbage\.txt：第1行：无法识别报告标题“hello”/u);
    expectOneLineError(await runCheck(writeTemp('bad.json', '{\n  "agency": "x",,\n}')), /bad\.json 不是有效的 JSON（第2行）/u);
    expectOneLineError(await runCheck(writeTemp('bad2.json', '{\n  "agency": \n}')), /bad2\.json 不是有效的 JSON：Unexpected token '\}'\n$/u);
    expectOneLineError(
      await runCheck(writeTemp('wrong.json', JSON.stringify({ ...toReportJson(seedData), year: '2024' }))),
      /wrong\.json：year 应为2008至2100之间的整数年份/u,
    );
    const truncated = writeTemp('truncated.txt', seed.split('\n').slice(0, 250).join('\n'));
    expectOneLineError(await runCheck(truncated), /truncated\.txt：第250行：第三部分表格在此中断/u);
  });

  it('exit 2 for an unreadable file, a directory, a wrong --stage or a missing FILE', async () => {
    if (process.getuid?.() !== 0) {
      const locked = writeTemp('locked.txt', seed);
      chmodSync(locked, 0o000);
      expectOneLineError(await runCheck(locked), /无法读取 .*locked\.txt：没有权限/u);
    }
    expectOneLineError(await runCheck(dir), /是目录，不是文件/u);
    expectOneLineError(await runCheck(writeTemp('s.txt', seed), '--stage', 'final'), /--stage 应为 draft 或 publication/u);
    expectOneLineError(await runCheck(), /缺少要检查的文件/u);
  });
});
