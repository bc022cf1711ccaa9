/**
 * A part's table node is never lost, doubled or rebuilt by a local edit (issue 15, item 2).
 *
 * The server refuses, and disconnects, any update that deletes a table node, inserts one or
 * writes inside one (server/permissions/inspect.ts, content-check.ts). So it is not enough that
 * the ProseMirror document still holds one table node after an edit: y-prosemirror must also keep
 * the SAME Y item for it. Its diff (`updateYFragment` in @tiptap/y-tiptap) compares the
 * fragment's children with the new document's from both ends, and keeps an unchanged child it
 * meets from either end; only a child caught between changes on both of its sides can be
 * deleted and re-created (the table between a changed note above and a changed note below).
 * Hence the invariant every local transaction must keep (`judgeTransaction`):
 *
 *   the table node is untouched (no step covers it, no step writes its attributes, no slice
 *   brings a table node) and every change lies on ONE side of it.
 *
 * What breaks it is rewritten before it is applied (`guardedDispatch`, run for every dispatched
 * transaction by the `TableGuard` extension): an edit that removes the table node (Backspace
 * beside it, select-all and type, cut, a drop that moves a range holding it) keeps its other
 * effects, with the original node put back where it stood; an edit on both sides is applied as
 * two transactions, the notes before the table first, then those after it, each of which the
 * diff keeps the table through. Pasted and dropped slices lose their table nodes
 * (`pastedSlice`). A filter rejects whatever still breaks the invariant (appended
 * transactions are not dispatched, so they meet only the filter), and any local change at all in
 * an editor that is not editable (a part this user may not write: the server would refuse it).
 * Remote changes (y-sync's own transactions, `isChangeOrigin`) always pass: they are the
 * document as Yjs has it.
 *
 * y-undo acts on Yjs, not through transactions: it only ever undoes what this editor wrote, and
 * this editor never writes the table node, so undo and redo cannot touch it either.
 */
import { Extension } from '@tiptap/core';
import { Fragment, type Node as PMNode, type NodeType, Slice } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, Selection, type Transaction } from '@tiptap/pm/state';
import { AddMarkStep, AddNodeMarkStep, AttrStep, RemoveMarkStep, RemoveNodeMarkStep, ReplaceAroundStep, ReplaceStep } from '@tiptap/pm/transform';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { tableNodeName } from '../../../schema/ydoc.ts';

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

/**
 * What a local transaction does to the table node, read from its steps alone (no walk of the
 * document, so a keystroke costs a few comparisons):
 * - `keeps`: the table node is untouched and every change is on one side of it (or there is no
 *   table node, and none is added);
 * - `bothSides`: untouched, with changes on both sides, or a slice bringing blocks that are the
 *   very node objects of blocks the document holds (a dragged copy): y-prosemirror matches Y
 *   items to node objects, and a block present twice can pair the table's neighbours across it;
 * - `breaks`: a step covers it, writes its attributes or marks, or brings a table node; or a step
 *   of a kind this guard does not know.
 */
export type Verdict = 'keeps' | 'bothSides' | 'breaks';

const before = 1;
const after = 2;

export function judgeTransaction(tr: Transaction, type: NodeType, table: TablePlace | null): Verdict {
  let pos = table?.pos ?? -1;
  let sides = 0;
  let sharesBlocks = false;
  for (let i = 0; i < tr.steps.length; i++) {
    const step = tr.steps[i]!;
    if (step instanceof ReplaceStep || step instanceof ReplaceAroundStep) {
      if (sliceHasNode(step.slice, type)) return 'breaks';
      if (table) {
        // A range that starts at or before the node and ends after its start covers it.
        if (step.from <= pos && step.to > pos) return 'breaks';
        sides |= step.to <= pos ? before : after;
        sharesBlocks ||= sliceSharesBlocks(step.slice, tr.docs[i]!);
      }
    } else if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) {
      // Marks change only inline content, never the atom; a range across it changes both sides.
      if (table) sides |= (step.from < pos ? before : 0) | (step.to > pos + 1 ? after : 0);
    } else if (step instanceof AttrStep || step instanceof AddNodeMarkStep || step instanceof RemoveNodeMarkStep) {
      if (table) {
        if (step.pos === pos) return 'breaks';
        sides |= step.pos < pos ? before : after;
      }
    } else {
      return 'breaks';
    }
    if (table) pos = step.getMap().map(pos, 1);
  }
  return sides === (before | after) || sharesBlocks ? 'bothSides' : 'keeps';
}

/** Whether a slice's blocks include a top-level block of `doc` itself (text typed brings none). */
function sliceSharesBlocks(slice: Slice, doc: PMNode): boolean {
  if (!slice.content.firstChild?.isBlock) return false;
  const blocks = topLevelNodes(doc.content);
  let shared = false;
  slice.content.forEach((node) => {
    shared ||= blocks.has(node);
  });
  return shared;
}

function topLevelNodes(fragment: Fragment): Set<PMNode> {
  const nodes = new Set<PMNode>();
  fragment.forEach((node) => nodes.add(node));
  return nodes;
}

/** Whether a slice holds a node of `type` (only blocks can hold one: text is not searched). */
function sliceHasNode(slice: Slice, type: NodeType): boolean {
  let found = false;
  slice.content.descendants((node) => {
    if (node.type === type) found = true;
    return !found && !node.isTextblock;
  });
  return found;
}

/**
 * A pasted or dropped slice as the editor takes it: without its table nodes (a copied report's),
 * the rest kept, its top-level blocks fresh copies (a dragged block is otherwise the same node
 * object as the one it was dragged from: see `judgeTransaction`).
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
 * Applies `tr` the way that keeps the table node (see the module comment): as it is, rewritten,
 * as two transactions, or not at all. `apply` dispatches one transaction and returns the state
 * after it. `tablePart`: the editor's part holds a table node (otherwise no table node may
 * appear, and none is looked for).
 */
export function guardedDispatch(
  state: EditorState,
  tr: Transaction,
  type: NodeType,
  tablePart: boolean,
  apply: (tr: Transaction) => EditorState,
): void {
  if (!tr.docChanged || isRemoteChange(tr)) {
    apply(tr);
    return;
  }
  const table = tablePart ? findTableNode(tr.before, type) : null;
  const verdict = judgeTransaction(tr, type, table);
  if (verdict === 'keeps') {
    apply(tr);
    return;
  }
  const target = verdict === 'breaks' && table ? repairTableNode(tr, type, table) : verdict === 'bothSides' ? tr : null;
  if (target === null || target.doc.eq(state.doc)) {
    // Nothing of it is kept. An empty transaction still redraws what the browser may have
    // changed in the DOM already (a native deletion over the table's DOM).
    apply(state.tr.setMeta('addToHistory', false));
    return;
  }
  applyBySides(state, target, type, apply);
}

/**
 * Brings `state` to `target.doc` (which holds the same table node object) in at most two
 * transactions, each changing one side of the table node; the last one carries `target`'s
 * selection, stored marks and scrolling.
 */
function applyBySides(state: EditorState, target: Transaction, type: NodeType, apply: (tr: Transaction) => EditorState): void {
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

export interface TableGuardOptions {
  /** Whether the editor's part is a table part (its document holds a table node). */
  readonly tablePart: boolean;
}

/** Whether a local transaction may be applied as it is (the backstop behind `guardedDispatch`). */
export function mayApply(tr: Transaction, type: NodeType, tablePart: boolean, editable: boolean): boolean {
  if (!tr.docChanged || isRemoteChange(tr)) return true;
  if (!editable) return false;
  return judgeTransaction(tr, type, tablePart ? findTableNode(tr.before, type) : null) === 'keeps';
}

export const tableGuardKey = new PluginKey('tableGuard');

/** The filter and the paste/drop cleanup of one part editor; `isEditable` asks the editor now. */
export function tableGuardPlugin(type: NodeType, tablePart: boolean, isEditable: () => boolean): Plugin {
  return new Plugin({
    key: tableGuardKey,
    filterTransaction: (tr) => mayApply(tr, type, tablePart, isEditable()),
    props: {
      transformPasted: (slice) => pastedSlice(slice, type),
    },
  });
}

/** The guard of one part editor: the dispatch rewrite, the filter, the paste and drop cleanup. */
export const TableGuard = Extension.create<TableGuardOptions>({
  name: 'tableGuard',

  addOptions() {
    return { tablePart: false };
  },

  dispatchTransaction({ transaction, next }) {
    const editor = this.editor;
    guardedDispatch(editor.state, transaction, editor.schema.nodes[tableNodeName]!, this.options.tablePart, (tr) => {
      next(tr);
      return editor.state;
    });
  },

  addProseMirrorPlugins() {
    const editor = this.editor;
    return [tableGuardPlugin(editor.schema.nodes[tableNodeName]!, this.options.tablePart, () => editor.isEditable)];
  },
});
