/**
 * The three tables' cells as printed: what the editor shows in each cell (`effectiveCell`,
 * schema/values.ts) — the typed text trimmed, a blank derived cell's computed sum (table 三's
 * 总计 column and （七）总计 row, table 四's group totals), '' for a blank data cell.
 */
import { type TableKey, tableCells, tablePartKeys } from '../format.ts';
import type { ReportData } from '../report.ts';
import { effectiveCell } from '../values.ts';
import type { PrintedCell, PublishedTable } from './model.ts';

export function printedTable(tables: ReportData['tables'], table: TableKey): PublishedTable {
  const cells: Record<string, PrintedCell> = {};
  for (const def of tableCells[table]) {
    const cell = effectiveCell(tables, def.id);
    cells[def.key] = { id: def.id, text: cell.display, computed: cell.computed };
  }
  return { key: table, cells };
}

export function printedTables(tables: ReportData['tables']): Record<TableKey, PublishedTable> {
  return Object.fromEntries(tablePartKeys.map((table) => [table, printedTable(tables, table)])) as Record<TableKey, PublishedTable>;
}
