/**
 * Whether a table part's fragment holds its table node yet. A report this browser kept from
 * layout 1 (opened offline), or one loaded the moment before the server's upgrade arrives, has
 * an empty fragment there: an editor bound to it would have y-prosemirror write an empty
 * paragraph into it, content the server's upgrade then finds beside its own. So the page shows
 * the table alone until the node is there, and the editor from then on.
 */
import { useSyncExternalStore } from 'react';
import type { TableKey } from '../../../schema/format.ts';
import { isTableElement, partFragment } from '../../../schema/ydoc.ts';
import type { DocumentView } from '../collab/document-view.ts';

export function useHasTableNode(session: DocumentView, table: TableKey): boolean {
  const fragment = partFragment(session.doc, table);
  return useSyncExternalStore(
    (listener) => {
      // Top-level children only: typing in a note does not call this.
      fragment.observe(listener);
      return () => fragment.unobserve(listener);
    },
    () => hasTableNode(fragment),
  );
}

function hasTableNode(fragment: ReturnType<typeof partFragment>): boolean {
  for (let child = fragment.firstChild; child !== null; child = child.nextSibling) if (isTableElement(child)) return true;
  return false;
}
