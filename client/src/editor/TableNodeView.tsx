/**
 * The node view of a part's table node: the part's statistical table (tables/PartTable.tsx),
 * drawn inside the part's editor, where the document has the node. Its cells are inputs bound to
 * the `cells.*` maps exactly as outside an editor (TableCell.tsx: per-cell last-writer-wins),
 * never to ProseMirror: the view stops every event inside it, so ProseMirror handles no key,
 * click, paste, drop or composition there, and ignores every DOM change and selection inside it,
 * so React re-rendering a cell never makes ProseMirror re-read or redraw the node. The cells are
 * read-only wherever the editor is (a part this user may not edit). At the table's edges the
 * cells hand the caret to the editor (`leaveTable`).
 */
import type { NodeViewRenderer } from '@tiptap/core';
import { type Editor, NodeViewWrapper, type ReactNodeViewProps, ReactNodeViewRenderer } from '@tiptap/react';
import { useMemo, useSyncExternalStore } from 'react';
import { tableNodeAttribute } from '../../../schema/ydoc.ts';
import type { DocumentView } from '../collab/document-view.ts';
import { PartTable } from '../tables/PartTable.tsx';
import { type TableExit, TableExitContext } from '../tables/table-exit.ts';
import { leaveTable, tableOfNode } from './table-keyboard.ts';

/** The node view renderer of the table node, for the editors of one report page. */
export function tableNodeView(session: DocumentView): NodeViewRenderer {
  const View = (props: ReactNodeViewProps) => <TableNodeView {...props} session={session} />;
  return ReactNodeViewRenderer(View, {
    // Called only for events inside the view (the cells, their labels): all of them are the table's.
    stopEvent: () => true,
    ignoreMutation: () => true,
  });
}

function TableNodeView({ node, editor, getPos, session }: ReactNodeViewProps & { session: DocumentView }) {
  const table = tableOfNode(node.attrs[tableNodeAttribute]);
  const editable = useEditable(editor);
  const exit = useMemo<TableExit>(() => ({ leave: (edge) => leaveTable(editor.view, getPos(), edge) }), [editor, getPos]);
  return (
    <NodeViewWrapper className="disclosure-table" data-table={table ?? ''}>
      {table ? (
        <TableExitContext.Provider value={exit}>
          <PartTable session={session} table={table} readOnly={!editable} />
        </TableExitContext.Provider>
      ) : (
        <p className="table-node-unknown">此处的表格无法识别，请联系年报的所有者。</p>
      )}
    </NodeViewWrapper>
  );
}

/** Whether the editor is editable now: `setEditable` emits `update`. */
function useEditable(editor: Editor): boolean {
  return useSyncExternalStore(
    (listener) => {
      editor.on('update', listener);
      return () => editor.off('update', listener);
    },
    () => editor.isEditable,
  );
}
