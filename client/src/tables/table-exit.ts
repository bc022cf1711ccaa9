/**
 * How a table's cells hand the caret back to the text around the table, at its edges: Tab and
 * ArrowDown out of its last cells go to the paragraph under it, Shift+Tab and ArrowUp out of its
 * first ones to the note above it. Provided by the table's node view (editor/TableNodeView.tsx);
 * a table drawn without an editor (a part whose table node has not arrived) has none.
 */
import { createContext } from 'react';

export type TableEdge = 'before' | 'after';

export interface TableExit {
  /** Puts the caret in the text before or after the table; false when there is none to go to. */
  leave(edge: TableEdge): boolean;
}

export const TableExitContext = createContext<TableExit | null>(null);
