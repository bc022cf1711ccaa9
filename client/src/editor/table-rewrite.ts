/**
 * The rewrites of the table guard (table-guard.ts): an edit that removes the table node made
 * into the same edit with the node kept (`repairTableNode`), an edit on both sides of it applied
 * one side at a time (`applyBySides`), and a pasted or dropped slice made safe to insert
 * (`pastedSlice`).
 */
import { Fragment, type Node as PMNode, type NodeType, Slice } from '@tiptap/pm/model';
import { type EditorState, Selection, type Transaction } from '@tiptap/pm/state';
import { type TablePlace, findTableNode, topLevelNodes } from './table-node.ts';

/**
 * A pasted or dropped slice as the editor takes it: without its table nodes (a copied report's),
 * the rest kept, its top-level blocks fresh copies (a dragged block is otherwise the same node
 * object as the one it was dragged from: see table-guard.ts `judgeTransaction`).
 */
export function pastedSlice(slice: Slice, type: NodeType): Slice {
  const content = freshNodes(fragmentWithout(slice.content, type), 'all');
  if (content.size === 0) return Slice.empty;
  return content === slice.content ? slice : new Slice(content, slice.openStart, slice.openEnd);
}

/** `fragment` with a new object for each block that is in `avoid` (or every one) or came earlier in it. */
function freshNodes(fragment: Fragment, avoid: ReadonlySet<PMNode> | 'all'): Fragment {
  const seen = new Set<PMNode>();
  let copied = false;
  const nodes: PMNode[] = [];
  fragment.forEach((node) => {
    if (node.isBlock && (avoid === 'all' || avoid.has(node) || seen.has(node))) {
      // `node.copy(node.content)` would return the node itself.
      nodes.push(node.type.create(node.attrs, node.content, node.marks));
      copied = true;
    } else {
      seen.add(node);
      nodes.push(node);
    }
  });
  return copied ? Fragment.fromArray(nodes) : fragment;
}

function fragmentWithout(fragment: Fragment, type: NodeType): Fragment {
  let kept: PMNode[] | null = null;
  fragment.forEach((child, _offset, index) => {
    let next: PMNode | null = child;
    if (child.type === type) next = null;
    else if (!child.isTextblock && child.childCount > 0) {
      const inner = fragmentWithout(child.content, type);
      if (inner !== child.content) next = child.copy(inner);
    }
    if (next !== child && kept === null) kept = collectBefore(fragment, index);
    if (kept !== null && next !== null) kept.push(next);
  });
  return kept === null ? fragment : Fragment.fromArray(kept);
}

function collectBefore(fragment: Fragment, end: number): PMNode[] {
  const nodes: PMNode[] = [];
  for (let i = 0; i < end; i++) nodes.push(fragment.child(i));
  return nodes;
}

/**
 * Turns `tr`, which breaks the table node of `table`, into the edit the user meant with the table
 * kept: every table node it holds except the original (same object, at the top level) goes, and
 * the original goes back — in the place of a copy of it the edit brought (a report pasted over
 * the part), or else where its old position maps to, at the top level, splitting the paragraph it
 * falls in. Returns `tr` with those steps added, or null if that cannot be done.
 */
export function repairTableNode(tr: Transaction, type: NodeType, table: TablePlace): Transaction | null {
  try {
    const others: { pos: number; node: PMNode; topLevel: boolean }[] = [];
    let kept = false;
    tr.doc.descendants((node, pos, parent) => {
      if (node.type !== type) return !node.isTextblock;
      if (node === table.node && parent === tr.doc && !kept) kept = true;
      else others.push({ pos, node, topLevel: parent === tr.doc });
      return false;
    });
    const stand = kept ? undefined : others.find((other) => other.topLevel && other.node.sameMarkup(table.node));
    for (const { pos, node } of others.reverse()) {
      if (pos === stand?.pos) tr.replaceWith(pos, pos + node.nodeSize, table.node);
      else tr.delete(pos, pos + node.nodeSize);
    }
    if (!kept && !stand) tr.insert(topLevelPlace(tr, tr.mapping.map(table.pos, 1)), table.node);
    return tr;
  } catch {
    return null;
  }
}

/** A top-level position at or next to `pos`, splitting the top-level paragraph it falls inside. */
function topLevelPlace(tr: Transaction, pos: number): number {
  const $pos = tr.doc.resolve(pos);
  if ($pos.depth === 0) return pos;
  const block = $pos.node(1);
  if ($pos.depth === 1 && block.isTextblock) {
    if ($pos.parentOffset === 0) return $pos.before(1);
    if ($pos.parentOffset === block.content.size) return $pos.after(1);
    tr.split(pos);
    return pos + 1;
  }
  return $pos.after(1);
}

/**
 * Brings `state` to `target.doc` (which holds the same table node object) in at most two
 * transactions, each changing one side of the table node; the last one carries `target`'s
 * selection, stored marks and scrolling.
 */
export function applyBySides(state: EditorState, target: Transaction, type: NodeType, apply: (tr: Transaction) => EditorState): void {
  const there = findTableNode(target.doc, type);
  if (!there) return;
  const beforeTarget = target.doc.content.cut(0, there.pos);
  const afterTarget = target.doc.content.cut(there.pos + there.node.nodeSize);
  const sides = [
    (s: EditorState, table: TablePlace) => replaceRegion(s, 0, table.pos, beforeTarget),
    (s: EditorState, table: TablePlace) => replaceRegion(s, table.pos + table.node.nodeSize, s.doc.content.size, afterTarget),
  ];
  const table = findTableNode(state.doc, type);
  if (!table) return;
  const pending = sides.filter((side) => side(state, table) !== null);
  let current = state;
  for (const [i, side] of pending.entries()) {
    const tr = side(current, findTableNode(current.doc, type)!);
    if (!tr) continue;
    copyMeta(target, tr);
    if (i === pending.length - 1) finish(tr, target);
    const next = apply(tr);
    // Filtered out (or changed by an appended transaction): the rest is not built on guesses.
    if (next.doc !== tr.doc) return;
    current = next;
  }
}

/**
 * A transaction replacing the top-level blocks of `state.doc` between `from` and `to` by
 * `blocks`, over the smallest run of blocks that differs, or null when they are equal. The blocks
 * it inserts are fresh copies wherever the document holds the same node object (a block dragged
 * across the table is otherwise in it twice, on both sides, for a moment).
 */
function replaceRegion(state: EditorState, from: number, to: number, blocks: Fragment): Transaction | null {
  const now = state.doc.content.cut(from, to);
  let start = 0;
  const shorter = Math.min(now.childCount, blocks.childCount);
  while (start < shorter && now.child(start).eq(blocks.child(start))) start++;
  let endNow = now.childCount;
  let endBlocks = blocks.childCount;
  while (endNow > start && endBlocks > start && now.child(endNow - 1).eq(blocks.child(endBlocks - 1))) {
    endNow--;
    endBlocks--;
  }
  if (start === endNow && start === endBlocks) return null;
  let fromPos = from;
  for (let i = 0; i < start; i++) fromPos += now.child(i).nodeSize;
  let toPos = fromPos;
  for (let i = start; i < endNow; i++) toPos += now.child(i).nodeSize;
  const inserted = freshNodes(blocks.cut(offsetOf(blocks, start), offsetOf(blocks, endBlocks)), topLevelNodes(state.doc.content));
  return state.tr.replaceWith(fromPos, toPos, inserted);
}

/** The offset of child `index` in `fragment`. */
function offsetOf(fragment: Fragment, index: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) offset += fragment.child(i).nodeSize;
  return offset;
}

function copyMeta(from: Transaction, to: Transaction): void {
  for (const key of ['paste', 'uiEvent', 'addToHistory']) {
    const value: unknown = from.getMeta(key);
    if (value !== undefined) to.setMeta(key, value);
  }
}

/** Gives the last transaction the selection and stored marks of the edit it stands for. */
function finish(last: Transaction, target: Transaction): void {
  if (last.doc.eq(target.doc)) {
    try {
      last.setSelection(Selection.fromJSON(last.doc, target.selection.toJSON()));
    } catch {
      // A selection kind the document cannot take here: the mapped one stays.
    }
  }
  if (target.storedMarks) last.setStoredMarks(target.storedMarks);
  if (target.scrolledIntoView) last.scrollIntoView();
}
