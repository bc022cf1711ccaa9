/**
 * Test-only: a table read back from an export as a grid of slots (the HTML table model: every
 * slot covered by the cell whose rowspan/colspan reaches it), and a cell found in it the way a
 * reader finds it — by the row labels on its left and the column heads above it, as the national
 * format prints them (docs/format.md), not by the layout code under test.
 */
import {
  type CellDef,
  appealGroups,
  appealColumns,
  applicantColumns,
  table2Blocks,
  table2ContentHeader,
  table3ApplicantHeader,
  table3Note,
  table3OrgHeader,
  table3ResultsHeader,
  table3Rows,
  table4SuitHeader,
} from '../../../schema/format.ts';

export interface Slot {
  readonly text: string;
  /** A header cell (`th`); undefined where the format cannot tell (DOCX). */
  readonly header?: boolean;
  /** The slot of the covering cell's top-left corner. */
  readonly originRow: number;
  readonly originColumn: number;
}

export type SlotGrid = readonly (readonly Slot[])[];

export interface SourceCell {
  readonly text: string;
  readonly header?: boolean;
  readonly rowSpan: number;
  readonly colSpan: number;
}

/** The slots of rows of cells with spans (the HTML table algorithm, without its error recovery). */
export function slotGrid(rows: readonly (readonly SourceCell[])[]): Slot[][] {
  const grid: Slot[][] = rows.map(() => []);
  rows.forEach((cells, r) => {
    let c = 0;
    for (const cell of cells) {
      while (grid[r]![c] !== undefined) c++;
      for (let rr = r; rr < r + cell.rowSpan; rr++) {
        for (let cc = c; cc < c + cell.colSpan; cc++) {
          if (grid[rr] === undefined) throw new Error(`a cell spans below the table at row ${r}`);
          if (grid[rr]![cc] !== undefined) throw new Error(`cells overlap at ${rr},${cc}`);
          grid[rr]![cc] = { text: cell.text, ...(cell.header === undefined ? {} : { header: cell.header }), originRow: r, originColumn: c };
        }
      }
      c += cell.colSpan;
    }
  });
  const width = grid[0]!.length;
  grid.forEach((row, r) => {
    if (row.length !== width || row.includes(undefined as never)) throw new Error(`row ${r} does not fill the table's ${width} columns`);
  });
  return grid;
}

const text = (grid: SlotGrid, r: number, c: number) => grid[r]?.[c]?.text;

/** Where a reader finds the value of `def`: the row and column its labels and heads name. */
export function locateCell(grid: SlotGrid, def: CellDef): { row: number; column: number } {
  switch (def.table) {
    case 'proactive':
      return locateTable2(grid, def);
    case 'requests':
      return locateTable3(grid, def);
    case 'appeals':
      return locateTable4(grid, def);
  }
}

function only<T>(found: T[], what: string): T {
  if (found.length !== 1) throw new Error(`${what}: found ${found.length} places`);
  return found[0]!;
}

const rowIndexes = (grid: SlotGrid) => grid.map((_, r) => r);
const columnIndexes = (grid: SlotGrid) => grid[0]!.map((_, c) => c);

function locateTable2(grid: SlotGrid, def: CellDef) {
  const block = table2Blocks.find((b) => b.rows.some((r) => r.key === def.row))!;
  const rowLabel = block.rows.find((r) => r.key === def.row)!.label;
  const columnLabel = block.columns.find((c) => c.key === def.column)!.label;
  const row = only(rowIndexes(grid).filter((r) => text(grid, r, 0) === rowLabel), `table 二 row ${rowLabel}`);
  // The block's head row is the nearest 信息内容 row above, under its caption row.
  let head = row - 1;
  while (head >= 0 && text(grid, head, 0) !== table2ContentHeader) head--;
  if (head < 1 || columnIndexes(grid).some((c) => text(grid, head - 1, c) !== block.caption)) {
    throw new Error(`table 二 row ${rowLabel}: not under the caption ${block.caption}`);
  }
  const column = columnIndexes(grid).find((c) => c > 0 && text(grid, head, c) === columnLabel);
  if (column === undefined) throw new Error(`table 二: no head ${columnLabel} over ${rowLabel}`);
  return { row, column };
}

function locateTable3(grid: SlotGrid, def: CellDef) {
  const rowDef = table3Rows.find((r) => r.key === def.row)!;
  const inResults = rowDef.isResult || rowDef.key === 'resultTotal';
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) if (text(grid, r, c) !== table3Note) throw new Error('table 三: the note is not the 3 × 3 corner');
  const row = only(
    rowIndexes(grid).filter(
      (r) =>
        text(grid, r, 2) === rowDef.label &&
        text(grid, r, 1) === (rowDef.group ?? rowDef.label) &&
        text(grid, r, 0) === (inResults ? table3ResultsHeader : rowDef.label),
    ),
    `table 三 row ${rowDef.label}`,
  );
  const col = applicantColumns.find((c) => c.key === def.column)!;
  const heads = col.key === 'natural' || col.key === 'total' ? [table3ApplicantHeader, col.label, col.label] : [table3ApplicantHeader, table3OrgHeader, col.label];
  const column = only(
    columnIndexes(grid).filter((c) => heads.every((h, r) => text(grid, r, c) === h)),
    `table 三 column ${heads.join('›')}`,
  );
  return { row, column };
}

function locateTable4(grid: SlotGrid, def: CellDef) {
  const group = appealGroups.find((g) => g.key === def.row)!;
  const label = appealColumns.find((c) => c.key === def.column)!.label;
  const heads = group.key === 'review' ? [group.label, label, label] : [table4SuitHeader, group.label, label];
  const column = only(
    columnIndexes(grid).filter((c) => heads.every((h, r) => text(grid, r, c) === h)),
    `table 四 column ${heads.join('›')}`,
  );
  return { row: 3, column };
}
