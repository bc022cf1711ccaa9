/**
 * The CSV export read back as a spreadsheet reads it: UTF-8 with a BOM, CRLF records, each table
 * under its title with one row per table row, its key and labels, every cell under its column
 * head, derived totals computed; a cell a spreadsheet would run as a formula defused.
 */
import { describe, expect, it } from 'vitest';
import { type CellDef, appealColumns, applicantColumns, partTitles, tableCells, table2Blocks, table3Rows } from '../../schema/format.ts';
import type { ReportData } from '../../schema/report.ts';
import { effectiveCell } from '../../schema/values.ts';
import { renderCsv } from './csv.ts';
import { exportSourceOfData } from './export.ts';
import { readCsv } from './test-support/csv-read.ts';
import { distinctFigures, exportedSeed } from './test-support/reports.ts';

function sections(csv: string): Map<string, string[][]> {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const rows = readCsv(csv.slice(1));
  const out = new Map<string, string[][]>();
  let current: string[][] = [];
  for (const row of rows) {
    if (row.length === 1 && row[0] === '') continue;
    if (row.length === 1) out.set(row[0]!, (current = []));
    else current.push(row);
  }
  return out;
}

/** The value under the column head `head` in the row keyed `rowKey`. */
function cellIn(table: string[][], rowKey: string, head: string): string {
  const [header, ...body] = table;
  const column = header!.indexOf(head);
  expect(column, head).toBeGreaterThan(0);
  const rows = body.filter((r) => r[0] === rowKey);
  expect(rows, rowKey).toHaveLength(1);
  return rows[0]![column]!;
}

function expectEveryCell(data: ReportData): void {
  const tables = sections(renderCsv(exportSourceOfData(data).publication));
  expect([...tables.keys()]).toEqual([partTitles.proactive, partTitles.requests, partTitles.appeals]);
  const head = (def: CellDef): string => {
    if (def.table === 'proactive') return table2Blocks.flatMap((b) => b.columns).find((c) => c.key === def.column)!.label;
    if (def.table === 'appeals') return appealColumns.find((c) => c.key === def.column)!.label;
    const label = applicantColumns.find((c) => c.key === def.column)!.label;
    return def.column === 'natural' || def.column === 'total' ? label : `法人或其他组织/${label}`;
  };
  const title = { proactive: partTitles.proactive, requests: partTitles.requests, appeals: partTitles.appeals };
  for (const defs of Object.values(tableCells)) {
    for (const def of defs) expect(cellIn(tables.get(title[def.table])!, def.row, head(def)), def.id).toBe(effectiveCell(data.tables, def.id).display);
  }
}

describe('renderCsv', () => {
  it('writes every cell of the seed under its column head, in the row of its key', () => {
    expectEveryCell(exportedSeed());
  });

  it('writes every cell of a report whose figures all differ, blank totals computed', () => {
    expectEveryCell(distinctFigures());
  });

  it('labels each row as printed: table 三 by its result group and item, table 二 by its clause', () => {
    const tables = sections(renderCsv(exportSourceOfData(exportedSeed()).publication));
    const requests = tables.get(partTitles.requests)!;
    expect(requests[0]!.slice(0, 4)).toEqual(['行键', '类别', '分组', '项目']);
    expect(requests.slice(1).map((r) => r[0])).toEqual(table3Rows.map((r) => r.key));
    expect(requests.find((r) => r[0] === 'withheld.inquiry')!.slice(1, 4)).toEqual(['三、本年度办理结果', '（三）不予公开', '8.属于行政查询事项']);
    expect(requests.find((r) => r[0] === 'received')!.slice(1, 4)).toEqual(['', '', '一、本年新收政府信息公开申请数量']);
    const proactive = tables.get(partTitles.proactive)!;
    expect(proactive.find((r) => r[0] === 'fees')!.slice(1, 3)).toEqual(['第二十条第（八）项', '行政事业性收费']);
    // A column a row's block does not have stays empty.
    expect(cellIn(proactive, 'fees', '本年制发件数')).toBe('');
    const appeals = tables.get(partTitles.appeals)!;
    expect(appeals.slice(1).map((r) => r.slice(0, 3))).toEqual([['review', '行政复议', ''], ['suitDirect', '行政诉讼', '未经复议直接起诉'], ['suitAfterReview', '行政诉讼', '复议后起诉']]);
  });

  it('defuses a typed cell a spreadsheet would run as a formula, and keeps negative numbers and commas as typed', () => {
    const data = exportedSeed();
    const requests = { ...data.tables.requests, 'received.natural': '=HYPERLINK("http://x","y")', 'received.commercial': '-3', 'received.research': '1,2' };
    const tables = sections(renderCsv(exportSourceOfData({ ...data, tables: { ...data.tables, requests } }).publication));
    const table = tables.get(partTitles.requests)!;
    expect(cellIn(table, 'received', '自然人')).toBe('\'=HYPERLINK("http://x","y")');
    expect(cellIn(table, 'received', '法人或其他组织/商业企业')).toBe('-3');
    expect(cellIn(table, 'received', '法人或其他组织/科研机构')).toBe('1,2');
  });
});
