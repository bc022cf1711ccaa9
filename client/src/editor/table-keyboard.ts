/**
 * The keyboard between a part's notes and its table, so that the part reads and moves as one
 * document (issue 15, item 4). The table's cells are inputs inside the table node's view, where
 * ProseMirror has no caret; so:
 * - into the table: ArrowDown (on the last line), ArrowRight (at the end) or Tab in the text
 *   block just above it, or from a gap cursor before it, focus its first cell; ArrowUp (on the
 *   first line), ArrowLeft (at the start) or Shift+Tab in the block just below it, or from a gap
 *   cursor after it, its last row (ArrowUp) or last cell;
 * - out of the table (`leaveTable`, called by the cells at the table's edges): the caret goes to
 *   the start of the text block below it or the end of the one above it, or to a gap cursor
 *   there when the table is the first or last block (typing there starts a note).
 * List items keep their own Tab (their extension's shortcuts come first).
 */
import { Extension, type Editor } from '@tiptap/core';
import { GapCursor } from '@tiptap/pm/gapcursor';
import { Selection, TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { type TableKey, tablePartKeys } from '../../../schema/format.ts';
import { tableNodeAttribute, tableNodeName } from '../../../schema/ydoc.ts';
import { focusCell } from '../tables/focus-cell.ts';
import { tableGrids } from '../tables/grid.ts';
import type { TableEdge } from '../tables/table-exit.ts';
import { type TablePlace, findTableNode } from './table-node.ts';

/** The table a table node names, or null for a value no table has. */
export function tableOfNode(value: unknown): TableKey | null {
  return (tablePartKeys as readonly unknown[]).includes(value) ? (value as TableKey) : null;
}

/** Puts the caret in the text just before or after the table node at `tablePos` and focuses the editor. */
export function leaveTable(view: EditorView, tablePos: number | undefined, edge: TableEdge): boolean {
  if (!view.editable || tablePos === undefined) return false;
  const { doc } = view.state;
  const node = doc.nodeAt(tablePos);
  if (node?.type.name !== tableNodeName) return false;
  const $edge = doc.resolve(edge === 'after' ? tablePos + node.nodeSize : tablePos);
  const beside = edge === 'after' ? $edge.nodeAfter : $edge.nodeBefore;
  const found = beside ? Selection.findFrom($edge, edge === 'after' ? 1 : -1, true) : null;
  // Only text in the block right beside the table; with none (the table first or last, or an
  // atom beside it), a gap cursor where a note can start.
  const inBeside = found && beside && (edge === 'after' ? found.from < $edge.pos + beside.nodeSize : found.from > $edge.pos - beside.nodeSize);
  const selection = inBeside ? found : !beside || beside.isAtom ? new GapCursor($edge) : null;
  if (!selection) return false;
  view.dispatch(view.state.tr.setSelection(selection).scrollIntoView());
  view.focus();
  return true;
}

type Entry = 'line' | 'edge' | 'tab';

/** The text selection of the caret if it sits in the text block right beside `table` on `side`. */
function caretBeside(editor: Editor, table: TablePlace, side: 'above' | 'below'): TextSelection | null {
  const { doc, selection } = editor.state;
  if (!(selection instanceof TextSelection) || !selection.empty) return null;
  const tableEnd = table.pos + table.node.nodeSize;
  const $edge = doc.resolve(side === 'above' ? table.pos : tableEnd);
  const beside = side === 'above' ? $edge.nodeBefore : $edge.nodeAfter;
  if (!beside) return null;
  // The text block of that top-level block nearest the table: the last one above, the first below.
  const nearest = Selection.findFrom($edge, side === 'above' ? -1 : 1, true);
  if (!nearest || nearest.$head.start() !== selection.$head.start()) return null;
  const inside = side === 'above' ? selection.from > table.pos - beside.nodeSize : selection.from < tableEnd + beside.nodeSize;
  return inside ? selection : null;
}

function enterFromAbove(editor: Editor, entry: Entry): boolean {
  const table = findTableNode(editor.state.doc, editor.schema.nodes[tableNodeName]!);
  const key = table && tableOfNode(table.node.attrs[tableNodeAttribute]);
  if (!table || !key) return false;
  const { selection } = editor.state;
  if (!(selection instanceof GapCursor && selection.from === table.pos)) {
    const caret = caretBeside(editor, table, 'above');
    if (!caret) return false;
    if (entry === 'edge' && caret.$head.parentOffset !== caret.$head.parent.content.size) return false;
    if (entry === 'line' && !editor.view.endOfTextblock('down')) return false;
  }
  return focusCell(tableGrids[key][0]![0]!);
}

function enterFromBelow(editor: Editor, entry: Entry): boolean {
  const table = findTableNode(editor.state.doc, editor.schema.nodes[tableNodeName]!);
  const key = table && tableOfNode(table.node.attrs[tableNodeAttribute]);
  if (!table || !key) return false;
  const { selection } = editor.state;
  if (!(selection instanceof GapCursor && selection.from === table.pos + table.node.nodeSize)) {
    const caret = caretBeside(editor, table, 'below');
    if (!caret) return false;
    if (entry === 'edge' && caret.$head.parentOffset !== 0) return false;
    if (entry === 'line' && !editor.view.endOfTextblock('up')) return false;
  }
  const lastRow = tableGrids[key].at(-1)!;
  return focusCell(entry === 'line' ? lastRow[0]! : lastRow.at(-1)!);
}

/** The keyboard into the table of a table part's editor (`leaveTable` is the way out). */
export const TableKeyboard = Extension.create({
  name: 'tableKeyboard',

  addKeyboardShortcuts() {
    const editor = this.editor;
    return {
      ArrowDown: () => enterFromAbove(editor, 'line'),
      ArrowRight: () => enterFromAbove(editor, 'edge'),
      Tab: () => enterFromAbove(editor, 'tab'),
      ArrowUp: () => enterFromBelow(editor, 'line'),
      ArrowLeft: () => enterFromBelow(editor, 'edge'),
      'Shift-Tab': () => enterFromBelow(editor, 'tab'),
    };
  },
});
