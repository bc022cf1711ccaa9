/**
 * Where a part's table node is in an editor's document, and which transactions are y-sync's: what
 * the table guard (table-guard.ts, table-rewrite.ts) and the keyboard (table-keyboard.ts) share.
 */
import type { Fragment, Node as PMNode, NodeType } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

/** Where the table node of a part's document is: at the top level, the only place it can be. */
export interface TablePlace {
  readonly pos: number;
  readonly index: number;
  readonly node: PMNode;
}

/** The first table node at the top level of `doc`, or null. Walks the blocks before it only. */
export function findTableNode(doc: PMNode, type: NodeType): TablePlace | null {
  let pos = 0;
  for (let index = 0; index < doc.childCount; index++) {
    const node = doc.child(index);
    if (node.type === type) return { pos, index, node };
    pos += node.nodeSize;
  }
  return null;
}

/** A transaction y-sync made from a Yjs change (remote, undo/redo, the first render). */
export function isRemoteChange(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  return meta?.isChangeOrigin === true;
}

/** The top-level nodes of a fragment, as objects. */
export function topLevelNodes(fragment: Fragment): Set<PMNode> {
  const nodes = new Set<PMNode>();
  fragment.forEach((node) => nodes.add(node));
  return nodes;
}
