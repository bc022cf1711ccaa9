/**
 * The three tables laid out as the national format prints them (docs/format.md), merged header
 * and label cells included, as a grid every renderer walks: HTML writes each row's cells with
 * their spans, DOCX the same with vertical merges, tests find each value at its row and column.
 * The same shapes as the editor's tables (client/src/tables/Table2/3/4.tsx):
 *
 * - 二: four blocks, each a caption row across the table, a 信息内容 header row and its rows; a
 *   block with one value column spans it across the three.
 * - 三: the 勾稽 note in the top-left header cell (3 × 3), 申请人情况 over 自然人 /
 *   法人或其他组织 (five columns) / 总计; 三、本年度办理结果 down its 22 rows; the groups
 *   （三）–（六） as merged label cells.
 * - 四: 行政复议 (five columns) beside 行政诉讼, which splits into 未经复议直接起诉 and 复议后起诉;
 *   one row of fifteen cells.
 */
import {
  type TableKey,
  type Table3Row,
  appealColumns,
  appealGroups,
  applicantColumns,
  partTitles,
  table2Blocks,
  table2ContentHeader,
  table3ApplicantHeader,
  table3Note,
  table3OrgHeader,
  table3ResultsHeader,
  table3Rows,
  table4SuitHeader,
} from '../format.ts';
import type { PrintedCell, PublishedTable } from './model.ts';

/** A header cell (column heads, captions), a row label, or a value. */
export type GridCell =
  | { readonly kind: 'head' | 'label'; readonly text: string; readonly rowSpan: number; readonly colSpan: number }
  | { readonly kind: 'value'; readonly cell: PrintedCell; readonly rowSpan: 1; readonly colSpan: number };

/** A cell with the grid slot of its top-left corner. */
export type PlacedCell = GridCell & { readonly row: number; readonly column: number };

export interface TableLayout {
  readonly table: TableKey;
  /** The part title, for the table's accessible name. */
  readonly title: string;
  readonly columnCount: number;
  /** Relative column widths, in thousandths of the table's width (they sum to 1000). */
  readonly widths: readonly number[];
  /** The first rows are column heads (repeated on each printed page); 0 for table 二. */
  readonly headRowCount: number;
  /** Each row's cells that start in it, left to right; the slots they span are not repeated. */
  readonly rows: readonly (readonly GridCell[])[];
}

function head(text: string, colSpan = 1, rowSpan = 1): GridCell {
  return { kind: 'head', text, rowSpan, colSpan };
}
function label(text: string, colSpan = 1, rowSpan = 1): GridCell {
  return { kind: 'label', text, rowSpan, colSpan };
}
function value(table: PublishedTable, key: string, colSpan = 1): GridCell {
  const cell = table.cells[key];
  if (cell === undefined) throw new Error(`table layout: no cell ${table.key}.${key}`);
  return { kind: 'value', cell, rowSpan: 1, colSpan };
}

export function tableLayout(table: PublishedTable): TableLayout {
  switch (table.key) {
    case 'proactive':
      return table2Layout(table);
    case 'requests':
      return table3Layout(table);
    case 'appeals':
      return table4Layout(table);
  }
}

/** The widest block of 二 has three value columns; narrower blocks span their value across them. */
const table2ValueColumns = 3;

function table2Layout(table: PublishedTable): TableLayout {
  const rows: GridCell[][] = [];
  for (const block of table2Blocks) {
    const span = block.columns.length === 1 ? table2ValueColumns : 1;
    rows.push([head(block.caption, table2ValueColumns + 1)]);
    rows.push([head(table2ContentHeader), ...block.columns.map((col) => head(col.label, span))]);
    for (const row of block.rows) {
      rows.push([label(row.label), ...block.columns.map((col) => value(table, `${row.key}.${col.key}`, span))]);
    }
  }
  return { table: 'proactive', title: partTitles.proactive, columnCount: 4, widths: [310, 230, 230, 230], headRowCount: 0, rows };
}

const orgColumns = applicantColumns.slice(1, 6);
const naturalColumn = applicantColumns[0];
const totalColumn = applicantColumns[6];
/** Rows under 三、本年度办理结果: the 21 result rows and （七）总计. */
const inResults = (row: Table3Row) => row.isResult || row.key === 'resultTotal';
const resultsSpan = table3Rows.filter(inResults).length;
const firstResultIndex = table3Rows.findIndex(inResults);

/** How many consecutive rows share a group label, keyed by the first row of each group. */
const groupSpans = new Map<string, number>();
for (const row of table3Rows) {
  if (row.group === undefined) continue;
  const first = table3Rows.find((r) => r.group === row.group)!;
  groupSpans.set(first.key, (groupSpans.get(first.key) ?? 0) + 1);
}

function table3Layout(table: PublishedTable): TableLayout {
  const rows: GridCell[][] = [
    [head(table3Note, 3, 3), head(table3ApplicantHeader, applicantColumns.length)],
    [head(naturalColumn.label, 1, 2), head(table3OrgHeader, orgColumns.length), head(totalColumn.label, 1, 2)],
    orgColumns.map((col) => head(col.label)),
  ];
  table3Rows.forEach((row, index) => {
    rows.push([...table3Labels(row, index), ...applicantColumns.map((col) => value(table, `${row.key}.${col.key}`))]);
  });
  // Label columns: 三、本年度办理结果 (narrow, its text wraps down), the groups, the item.
  const widths = [45, 80, 364, ...applicantColumns.map(() => 73)];
  return { table: 'requests', title: partTitles.requests, columnCount: 3 + applicantColumns.length, widths, headRowCount: 3, rows };
}

/** The label cells of one row of 三: up to three columns, merged as the format merges them. */
function table3Labels(row: Table3Row, index: number): GridCell[] {
  if (!inResults(row)) return [label(row.label, 3)];
  const cells: GridCell[] = [];
  if (index === firstResultIndex) cells.push(label(table3ResultsHeader, 1, resultsSpan));
  if (row.group === undefined) return [...cells, label(row.label, 2)];
  const span = groupSpans.get(row.key);
  if (span !== undefined) cells.push(label(row.group, 1, span));
  return [...cells, label(row.label)];
}

function table4Layout(table: PublishedTable): TableLayout {
  const [review, ...suits] = appealGroups;
  const width = appealColumns.length;
  const rows: GridCell[][] = [
    [head(review.label, width), head(table4SuitHeader, width * suits.length)],
    [...appealColumns.map((col) => head(col.label, 1, 2)), ...suits.map((group) => head(group.label, width))],
    suits.flatMap(() => appealColumns.map((col) => head(col.label))),
    appealGroups.flatMap((group) => appealColumns.map((col) => value(table, `${group.key}.${col.key}`))),
  ];
  const columnCount = width * appealGroups.length;
  const widths = Array.from({ length: columnCount }, (_, i) => (i < 10 ? 67 : 66));
  return { table: 'appeals', title: partTitles.appeals, columnCount, widths, headRowCount: 3, rows };
}

/**
 * Every cell with its slot: row by row, each cell at the first column its row leaves free (the
 * slots a cell above spans down into are taken). Throws if a row does not fill the grid exactly,
 * which is what Word calls a corrupt table.
 */
export function placeCells(layout: TableLayout): PlacedCell[][] {
  const taken: boolean[][] = layout.rows.map(() => new Array<boolean>(layout.columnCount).fill(false));
  return layout.rows.map((cells, row) => {
    let column = 0;
    const placed = cells.map((cell) => {
      while (column < layout.columnCount && taken[row][column]) column++;
      if (column + cell.colSpan > layout.columnCount || row + cell.rowSpan > layout.rows.length) {
        throw new Error(`table layout ${layout.table}: a cell overflows the grid at row ${row}`);
      }
      for (let r = row; r < row + cell.rowSpan; r++) {
        for (let c = column; c < column + cell.colSpan; c++) {
          if (taken[r][c]) throw new Error(`table layout ${layout.table}: cells overlap at row ${r}, column ${c}`);
          taken[r][c] = true;
        }
      }
      const at = { ...cell, row, column } as PlacedCell;
      column += cell.colSpan;
      return at;
    });
    if (taken[row].includes(false)) throw new Error(`table layout ${layout.table}: row ${row} leaves a slot empty`);
    return placed;
  });
}
