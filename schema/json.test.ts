import { describe, expect, it } from 'vitest';
import { readSeedText } from './test-support/seed-report.ts';
import { allCells, tableCells } from './format.ts';
import { importReportText } from './import/text.ts';
import { ReportJsonError, parseReportJson, toReportJson } from './json.ts';
import { emptyReport } from './report.ts';

const seedData = importReportText(readSeedText()).data;

function jsonError(value: unknown): ReportJsonError {
  try {
    parseReportJson(value);
  } catch (err) {
    if (err instanceof ReportJsonError) return err;
    throw err;
  }
  throw new Error('expected a ReportJsonError');
}

/** The seed's export, parsed back from text: a deep copy that tests may edit. */
function seedJson(): Record<string, any> {
  return JSON.parse(JSON.stringify(toReportJson(seedData)));
}

describe('toReportJson', () => {
  it('prints the report with stable keys and every cell present', () => {
    const json = toReportJson(seedData);
    expect(Object.keys(json)).toEqual(['formatVersion', 'agency', 'kind', 'year', 'preamble', 'parts', 'tables', 'notes']);
    expect(json.notes).toEqual({ proactive: { before: '', after: '' }, requests: { before: '', after: '' }, appeals: { before: '', after: '' } });
    expect(Object.keys(json.parts)).toEqual(['overview', 'problems', 'other']);
    expect(Object.keys(json.tables.proactive)).toEqual(tableCells.proactive.map((d) => d.key));
    expect(Object.keys(json.tables.requests)).toHaveLength(175);
    expect(Object.keys(json.tables.appeals)).toEqual(tableCells.appeals.map((d) => d.key));
    expect(json.tables.proactive['regulations.issued']).toBe('0');
    expect(json.tables.requests['received.natural']).toBe('1');
    expect(json.agency).toBe('余杭区商务局');
  });

  it('prints blank cells as "" and publishedOn only when known', () => {
    const json = toReportJson({ ...emptyReport({ agency: '某局', kind: 'department', year: 2025 }), publishedOn: '2026-01-20' });
    expect(Object.values(json.tables).flatMap((t) => Object.values(t))).toEqual(allCells.map(() => ''));
    expect(Object.keys(json)).toContain('publishedOn');
    expect(json.publishedOn).toBe('2026-01-20');
  });

  it('is a pure function of the data: two exports are byte-identical', () => {
    expect(JSON.stringify(toReportJson(seedData))).toBe(JSON.stringify(toReportJson(importReportText(readSeedText()).data)));
  });
});

describe('parseReportJson', () => {
  it('round-trips the seed through JSON text', () => {
    expect(parseReportJson(JSON.parse(JSON.stringify(toReportJson(seedData))))).toEqual(seedData);
  });

  it('leaves blank cells out of ReportData and keeps “—” as written', () => {
    const json = seedJson();
    json.tables.requests['received.legal'] = '';
    json.tables.requests['received.research'] = '—';
    const data = parseReportJson(json);
    expect('received.legal' in data.tables.requests).toBe(false);
    expect(data.tables.requests['received.research']).toBe('—');
  });

  it('accepts numbers in cells and converts them to strings', () => {
    const json = seedJson();
    json.tables.requests['received.natural'] = 3;
    json.tables.proactive['fees.amount'] = 4166.241619;
    const data = parseReportJson(json);
    expect(data.tables.requests['received.natural']).toBe('3');
    expect(data.tables.proactive['fees.amount']).toBe('4166.241619');
  });

  it('accepts missing cells as blank', () => {
    const json = seedJson();
    delete json.tables.appeals['review.total'];
    expect(parseReportJson(json).tables.appeals['review.total']).toBeUndefined();
  });

  it('takes .report from the output of check --json', () => {
    const wrapped = { report: seedJson(), diagnostics: [{ rule: 'T3.balance', severity: 'error', message: 'x', cells: [] }] };
    expect(parseReportJson(wrapped)).toEqual(seedData);
    const bad = { report: { ...seedJson(), year: '2024' }, diagnostics: [] };
    expect(jsonError(bad).message).toBe('report.year 应为2008至2100之间的整数年份');
  });

  it('names the JSON path of a cell that is not text', () => {
    const json = seedJson();
    json.tables.requests['received.natural'] = null;
    const err = jsonError(json);
    expect(err.path).toBe('tables.requests["received.natural"]');
    expect(err.message).toBe('tables.requests["received.natural"] 应为字符串');
  });

  it('refuses unknown cell keys, tables, parts and fields', () => {
    const cell = seedJson();
    cell.tables.requests['received.subtotal'] = '0';
    expect(jsonError(cell).message).toBe('tables.requests["received.subtotal"] 是未知字段');
    const table = seedJson();
    table.tables.extra = {};
    expect(jsonError(table).message).toBe('tables.extra 是未知字段');
    const part = seedJson();
    part.parts.summary = '';
    expect(jsonError(part).message).toBe('parts.summary 是未知字段');
    const field = seedJson();
    field.title = 'x';
    expect(jsonError(field).message).toBe('title 是未知字段');
  });

  it('refuses a wrong or missing formatVersion, kind, year, agency, publishedOn, text', () => {
    const cases: [(json: Record<string, any>) => void, string][] = [
      [(j) => (j.formatVersion = 2019), 'formatVersion 为 2019：只支持 2021 年格式（国办公开办函〔2021〕30号）'],
      [(j) => delete j.formatVersion, 'formatVersion 缺失（应为 2021）'],
      [(j) => (j.kind = 'county'), 'kind 应为 "department" 或 "government"'],
      [(j) => (j.year = 2024.5), 'year 应为2008至2100之间的整数年份'],
      [(j) => delete j.year, 'year 缺失'],
      [(j) => (j.agency = '  '), 'agency 不能为空'],
      [(j) => (j.publishedOn = '2025-02-30'), 'publishedOn 应为 YYYY-MM-DD 格式的日期'],
      [(j) => (j.preamble = 1), 'preamble 应为字符串'],
      [(j) => delete j.parts.other, 'parts.other 缺失'],
      [(j) => (j.tables.appeals = []), 'tables.appeals 应为对象'],
    ];
    for (const [edit, message] of cases) {
      const json = seedJson();
      edit(json);
      expect(jsonError(json).message).toBe(message);
    }
  });

  it('refuses a value that is not an object', () => {
    expect(jsonError([]).message).toBe('JSON 顶层应为对象');
    expect(jsonError('report').message).toBe('JSON 顶层应为对象');
    expect(jsonError(null).message).toBe('JSON 顶层应为对象');
  });
});
