/**
 * Spreadsheet navigation: each table as rows of cell ids in the order they are drawn, and the
 * cell a key press moves to. Pure: the components only focus what this returns.
 */
import {
  type CellId,
  type TableKey,
  appealColumns,
  appealGroups,
  applicantColumns,
  cellDef,
  cellId,
  table2Blocks,
  table3Rows,
} from '../../../schema/format.ts';

export const tableGrids: Readonly<Record<TableKey, readonly (readonly CellId[])[]>> = {
  proactive: table2Blocks.flatMap((block) => block.rows.map((row) => block.columns.map((col) => cellId('proactive', row.key, col.key)))),
  requests: table3Rows.map((row) => applicantColumns.map((col) => cellId('requests', row.key, col.key))),
  // Table 四 is one row of fifteen cells: review, then the two kinds of suit.
  appeals: [appealGroups.flatMap((group) => appealColumns.map((col) => cellId('appeals', group.key, col.key)))],
};

export type Move = 'next' | 'previous' | 'left' | 'right' | 'up' | 'down';

interface Position {
  readonly table: TableKey;
  readonly row: number;
  readonly column: number;
}

const positions = new Map<string, Position>();
for (const [table, grid] of Object.entries(tableGrids) as [TableKey, readonly (readonly CellId[])[]][]) {
  grid.forEach((cells, row) => cells.forEach((id, column) => positions.set(id, { table, row, column })));
}

/** The cell a move lands on, or undefined at the table's edge (the key then keeps its default). */
export function moveFrom(id: CellId, move: Move): CellId | undefined {
  const at = positions.get(id);
  if (!at || !cellDef(id)) return undefined;
  const grid = tableGrids[at.table];
  const row = grid[at.row];
  switch (move) {
    case 'left':
      return row[at.column - 1];
    case 'right':
      return row[at.column + 1];
    case 'next':
      return row[at.column + 1] ?? grid[at.row + 1]?.[0];
    case 'previous':
      return row[at.column - 1] ?? grid[at.row - 1]?.at(-1);
    case 'up':
    case 'down': {
      const target = grid[at.row + (move === 'up' ? -1 : 1)];
      // Rows of table 二 differ in width (3 columns or 1): keep the column where it exists.
      return target?.[Math.min(at.column, target.length - 1)];
    }
  }
}
