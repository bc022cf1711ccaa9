/**
 * A part's table node is never lost, doubled or rebuilt by a local edit (issue 15, item 2).
 *
 * The server refuses, and disconnects, any update that deletes a table node, inserts one or
 * writes inside one (server/permissions/inspect.ts, content-check.ts). So it is not enough that
 * the ProseMirror document still holds one table node after an edit: y-prosemirror must also keep
 * the SAME Y item for it. Its diff (`updateYFragment` in @tiptap/y-tiptap) compares the
 * fragment's children with the new document's from both ends, and keeps an unchanged child it
 * meets from either end; a child caught between changes on both of its sides can be deleted and
 * re-created (the table between a changed note above and a changed note below), and so can one
 * whose neighbours pair up wrongly because a block object is in the document twice (the diff
 * pairs Y items with ProseMirror node objects). Hence the rule every local transaction must keep
 * (`judgeTransaction`):
 *
 *   the table node is untouched (no step covers it, no step writes its attributes, no slice
 *   brings a table node), every change lies on ONE side of it, and no slice brings a block the
 *   document already holds (the same object).
 *
 * What breaks it is rewritten before it is applied (`guardedDispatch`, run for every dispatched
 * transaction by the `TableGuard` extension; table-rewrite.ts): an edit that removes the table
 * node (Backspace beside it, select-all and type, cut, a drop that moves a range holding it) keeps
 * its other effects, with the original node put back where it stood; an edit on both sides is
 * applied as two transactions, the notes before the table first, then those after it, inserting
 * fresh copies of blocks the document holds. Pasted and dropped slices lose their table nodes and
 * bring fresh blocks (`pastedSlice`). A filter rejects whatever still breaks the rule (appended
 * transactions are not dispatched, so they meet only the filter), and any local change at all in
 * an editor that is not editable (a part this user may not write: the server would refuse it).
 * Remote changes (y-sync's own transactions, `isChangeOrigin`) always pass: they are the
 * document as Yjs has it.
 *
 * y-undo acts on Yjs, not through transactions: it only ever undoes what this editor wrote, and
 * this editor never writes the table node, so undo and redo cannot touch it either.
 *
 * On a keystroke this costs two scans of the transaction's steps (the rewrite, then the filter)
 * and, in a table part, a walk over the blocks above the table: nothing in proportion to the
 * document.
 */
import { Extension } from '@tiptap/core';
import type { Node as PMNode, NodeType, Slice } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { AddMarkStep, AddNodeMarkStep, AttrStep, RemoveMarkStep, RemoveNodeMarkStep, ReplaceAroundStep, ReplaceStep } from '@tiptap/pm/transform';
import { tableNodeName } from '../../../schema/ydoc.ts';
import { type TablePlace, findTableNode, isRemoteChange, topLevelNodes } from './table-node.ts';
import { applyBySides, pastedSlice, repairTableNode } from './table-rewrite.ts';

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
