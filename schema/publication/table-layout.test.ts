/**
 * The tables' grids are the national format's, merged cells included: every row fills the grid
 * exactly (what Word needs of a table), every cell of the format is printed once, at the row of
 * its row label and the column of its column head.
 */
import { describe, expect, it } from 'vitest';
import { type TableKey, tableCells, tablePartKeys } from '../format.ts';
import { seedReport } from '../test-support/seed-report.ts';
import type { PublishedTable } from './model.ts';
import { printedTable } from './printed-tables.ts';
import { type PlacedCell, placeCells, tableLayout } from './table-layout.ts';

const table = (key: TableKey): PublishedTable => printedTable(seedReport().tables, key);

/** The texts of head and label cells covering slot (row, column): what a reader sees there. */
function coveringTexts(placed: PlacedCell[][], row: number, column: number): string[] {
  return placed
    .flat()
    .filter((c) => c.kind !== 'value' && c.row <= row && row < c.row + c.rowSpan && c.column <= column && column < c.column + c.colSpan)
    .map((c) => (c.kind === 'value' ? '' : c.text));
}

describe('tableLayout', () => {
  it.each(tablePartKeys)('lays out %s on a full grid, each of its cells once, widths summing to the whole', (key) => {
    const layout = tableLayout(table(key));
    const placed = placeCells(layout);
    const values = placed.flat().filter((c) => c.kind === 'value');
    expect(values.map((c) => (c.kind === 'value' ? c.cell.id : '')).sort()).toEqual(tableCells[key].map((d) => d.id).sort());
    expect(layout.widths).toHaveLength(layout.columnCount);
    expect(layout.widths.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it('places table 三 as printed: the 勾稽 note over the label columns, heads merged, groups down their rows', () => {
    const placed = placeCells(tableLayout(table('requests')));
    const at = (id: string) => placed.flat().find((c) => c.kind === 'value' && c.cell.id === `requests.${id}`)!;
    const head = (row: number) => placed[row]!.map((c) => [c.kind === 'value' ? '' : c.text, c.row, c.column, c.rowSpan, c.colSpan]);
    expect(head(0)).toEqual([
      ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 0, 0, 3, 3],
      ['申请人情况', 0, 3, 1, 7],
    ]);
    expect(head(1)).toEqual([
      ['自然人', 1, 3, 2, 1],
      ['法人或其他组织', 1, 4, 1, 5],
      ['总计', 1, 9, 2, 1],
    ]);
    expect(head(2).map((c) => c[0])).toEqual(['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
    expect([at('received.natural').row, at('received.natural').column]).toEqual([3, 3]);
    expect([at('carriedForward.total').row, at('carriedForward.total').column]).toEqual([27, 9]);
    expect(coveringTexts(placed, at('withheld.inquiry.legal').row, 2)).toEqual(['8.属于行政查询事项']);
    expect(coveringTexts(placed, at('withheld.inquiry.legal').row, 1)).toEqual(['（三）不予公开']);
    expect(coveringTexts(placed, at('resultTotal.total').row, 0)).toEqual(['三、本年度办理结果']);
    expect(coveringTexts(placed, at('carriedForward.natural').row, 0)).toEqual(['四、结转下年度继续办理']);
    expect(coveringTexts(placed, 0, at('otherHandling.other.research').column)).toEqual(['申请人情况']);
    expect(coveringTexts(placed, 1, at('otherHandling.other.research').column)).toEqual(['法人或其他组织']);
    expect(coveringTexts(placed, 2, at('otherHandling.other.research').column)).toEqual(['科研机构']);
  });

  it('places table 四 under 行政复议 and 行政诉讼 › 未经复议直接起诉 / 复议后起诉', () => {
    const placed = placeCells(tableLayout(table('appeals')));
    const values = placed[3]!;
    expect(values.map((c) => (c.kind === 'value' ? c.cell.id : c.text))).toEqual(tableCells.appeals.map((d) => d.id));
    const heads = (column: number) => [0, 1, 2].flatMap((row) => coveringTexts(placed, row, column));
    expect(heads(0)).toEqual(['行政复议', '结果维持', '结果维持']);
    expect(heads(9)).toEqual(['行政诉讼', '未经复议直接起诉', '总计']);
    expect(heads(12)).toEqual(['行政诉讼', '复议后起诉', '其他结果']);
  });

  it('places table 二 block by block: caption, 信息内容 and its heads, rows; a single column spans three', () => {
    const placed = placeCells(tableLayout(table('proactive')));
    const texts = placed.map((row) => row.map((c) => (c.kind === 'value' ? `=${c.cell.id}/${c.colSpan}` : c.text)));
    expect(texts.slice(0, 4)).toEqual([
      ['第二十条第（一）项'],
      ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
      ['规章', '=proactive.regulations.issued/1', '=proactive.regulations.repealed/1', '=proactive.regulations.inForce/1'],
      ['行政规范性文件', '=proactive.normativeDocuments.issued/1', '=proactive.normativeDocuments.repealed/1', '=proactive.normativeDocuments.inForce/1'],
    ]);
    expect(texts.slice(-3)).toEqual([['第二十条第（八）项'], ['信息内容', '本年收费金额（单位：万元）'], ['行政事业性收费', '=proactive.fees.amount/3']]);
  });

  it('refuses a grid a row leaves short or overfills', () => {
    const layout = tableLayout(table('appeals'));
    expect(() => placeCells({ ...layout, rows: [...layout.rows.slice(0, 3), layout.rows[3]!.slice(1)] })).toThrow(/leaves a slot empty/);
    expect(() => placeCells({ ...layout, rows: [...layout.rows.slice(0, 3), [...layout.rows[3]!, layout.rows[3]![0]!]] })).toThrow(/overflows/);
  });
});
