/**
 * The table guard against y-prosemirror's real diff and the server's real authorizer
 * (test-support/bound-part.ts): every way a local edit could lose, double or rebuild a table
 * node leaves the part holding its one table node — the server's own Y item — with no update
 * the server refuses, and keeps the rest of the edit.
 */
import { joinBackward, joinForward, setBlockType, wrapIn } from '@tiptap/pm/commands';
import type { Node as PMNode } from '@tiptap/pm/model';
import { AllSelection, type EditorState, type Selection, TextSelection } from '@tiptap/pm/state';
import fc from 'fast-check';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { freshSeed } from '../../../schema/test-support/seeded-runs.ts';
import { type TableNotes, noTableNotes } from '../../../schema/report.ts';
import { BoundPart, partSchema, tableType } from './test-support/bound-part.ts';
import { judgeTransaction } from './table-guard.ts';
import { findTableNode } from './table-node.ts';
import { pastedSlice } from './table-rewrite.ts';

const notes: TableNotes = { before: '表前说明。', after: '注：第一条。\n注：第二条。' };
const template = ['表前说明。', '[requests]', '注：第一条。', '注：第二条。'];

let part: BoundPart;
afterEach(() => {
  expect(part.invariantViolations()).toEqual([]);
});

/** The position just before the first character of `text` in the document (or after it, `end`). */
function at(state: EditorState, text: string, end = false): number {
  let found = -1;
  state.doc.descendants((node, pos) => {
    if (found >= 0) return false;
    const index = node.isText ? node.text!.indexOf(text) : -1;
    if (index >= 0) found = pos + index + (end ? text.length : 0);
    return true;
  });
  if (found < 0) throw new Error(`no ${text} in the document`);
  return found;
}

function caret(state: EditorState, pos: number): EditorState {
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)));
}

function select(p: BoundPart, from: number, to: number): void {
  p.state = p.state.apply(p.state.tr.setSelection(TextSelection.create(p.state.doc, from, to)));
}

const paragraph = (text: string) => partSchema.node('paragraph', null, text ? [partSchema.text(text)] : []);

describe('the table guard keeps the table node, the server\'s item, through every local edit', () => {
  it('lets typing in the notes before and after the table through as it is, one side at a time', () => {
    part = new BoundPart('requests', notes);
    const tr = part.state.tr.insertText('另', at(part.state, '说明'));
    expect(judgeTransaction(tr, tableType, findTableNode(part.state.doc, tableType))).toBe('keeps');
    part.dispatch(tr);
    part.dispatch(part.state.tr.insertText('补', at(part.state, '第二条', true)));
    expect(part.lines()).toEqual(['表前另说明。', '[requests]', '注：第一条。', '注：第二条补。']);
  });

  it('Backspace at the start of the note below the table, and Delete at the end of the note above, change nothing', () => {
    part = new BoundPart('requests', notes);
    part.state = caret(part.state, at(part.state, '注：第一条'));
    expect(part.run(joinBackward)).toBe(true);
    part.state = caret(part.state, at(part.state, '说明。', true));
    expect(part.run(joinForward)).toBe(true);
    expect(part.lines()).toEqual(template);
  });

  it('Backspace in the empty paragraph under a bare table (the template) keeps both', () => {
    part = new BoundPart('appeals', noTableNotes);
    part.state = caret(part.state, part.state.doc.content.size - 1);
    part.run(joinBackward);
    expect(part.lines()).toEqual(['[appeals]', '']);
  });

  it('select-all and type keeps the typed text and the table', () => {
    part = new BoundPart('requests', notes);
    part.state = part.state.apply(part.state.tr.setSelection(new AllSelection(part.state.doc)));
    part.dispatch(part.state.tr.insertText('新'));
    expect(part.lines()).toEqual(['新', '[requests]']);
    expect(part.state.selection.from).toBe(at(part.state, '新', true));
  });

  it('cutting a selection across the table keeps the table between what is left of the notes', () => {
    part = new BoundPart('requests', notes);
    select(part, at(part.state, '说明'), at(part.state, '二条'));
    part.dispatch(part.state.tr.deleteSelection());
    expect(part.lines()).toEqual(['表前', '[requests]', '二条。']);
  });

  it('paste of a copied report: its table nodes are dropped, also over a selection holding the table', () => {
    part = new BoundPart('requests', notes);
    const copied = partSchema.node('doc', null, [paragraph('甲局的说明。'), tableType.create({ table: 'requests' }), paragraph('注：甲局。')]);
    const slice = copied.slice(0, copied.content.size);
    const cleaned = pastedSlice(slice, tableType);
    expect(cleaned.content.childCount).toBe(2);
    part.state = caret(part.state, at(part.state, '注：第二条', true));
    part.dispatch(part.state.tr.replaceSelection(cleaned));
    expect(part.tableNodes()).toHaveLength(1);
    // Had a slice kept its table node, the guard drops it; over a selection holding the table, the table stays.
    part.state = part.state.apply(part.state.tr.setSelection(new AllSelection(part.state.doc)));
    part.dispatch(part.state.tr.replaceSelection(slice));
    expect(part.lines()).toEqual(['甲局的说明。', '[requests]', '注：甲局。']);
  });

  it('a drop that moves a range holding the table moves the text and leaves the table where it stood', () => {
    part = new BoundPart('requests', notes);
    select(part, at(part.state, '说明'), at(part.state, '第一条'));
    const slice = pastedSlice(part.state.selection.content(), tableType);
    // As prosemirror-view drops a move: the dragged selection deleted, the slice inserted at the drop point.
    const tr = part.state.tr;
    const dropAt = at(part.state, '第二条。', true);
    tr.deleteSelection();
    tr.replaceRange(tr.mapping.map(dropAt), tr.mapping.map(dropAt), slice);
    part.dispatch(tr);
    expect(part.lines()).toEqual(['表前', '[requests]', '第一条。', '注：第二条。说明。', '注：']);
  });

  it('moving a note from above the table to below it is applied as two transactions, one side each', () => {
    part = new BoundPart('requests', notes);
    const note = part.state.doc.child(0);
    const table = findTableNode(part.state.doc, tableType)!;
    const tr = part.state.tr.delete(0, note.nodeSize);
    tr.insert(tr.doc.content.size, note);
    expect(judgeTransaction(tr, tableType, table)).toBe('bothSides');
    part.dispatch(tr);
    expect(part.lines()).toEqual(['[requests]', '注：第一条。', '注：第二条。', '表前说明。']);
    expect(part.state.doc.child(0)).toBe(table.node);
  });

  it('a heading over the whole part (a command changing both sides) is applied one side at a time', () => {
    part = new BoundPart('requests', notes);
    part.state = part.state.apply(part.state.tr.setSelection(new AllSelection(part.state.doc)));
    expect(part.run(setBlockType(partSchema.nodes.heading!, { level: 3 }))).toBe(true);
    const kinds: string[] = [];
    part.state.doc.forEach((node) => kinds.push(node.type.name));
    expect(kinds).toEqual(['heading', 'disclosureTable', 'heading', 'heading']);
  });

  it('never applies a change to the table node\'s attribute, a second table node, or a quote around it', () => {
    part = new BoundPart('requests', notes);
    const table = findTableNode(part.state.doc, tableType)!;
    part.dispatch(part.state.tr.setNodeMarkup(table.pos, undefined, { table: 'appeals' }));
    part.dispatch(part.state.tr.insert(0, tableType.create({ table: 'requests' })));
    part.state = part.state.apply(part.state.tr.setSelection(new AllSelection(part.state.doc)));
    expect(part.run(wrapIn(partSchema.nodes.blockquote!))).toBe(false);
    expect(part.lines()).toEqual(template);
    // The filter behind the rewrite: such a transaction applied directly is rejected.
    expect(part.state.apply(part.state.tr.insert(0, tableType.create({ table: 'requests' })))).toBe(part.state);
  });

  it('undo and redo of edits around the table, a select-all and type among them, never touch it', () => {
    part = new BoundPart('requests', notes);
    part.dispatch(part.state.tr.insertText('甲', at(part.state, '说明')));
    part.undoManager.stopCapturing();
    part.dispatch(part.state.tr.insertText('乙', at(part.state, '第一条')));
    part.undoManager.stopCapturing();
    part.state = part.state.apply(part.state.tr.setSelection(new AllSelection(part.state.doc)));
    part.dispatch(part.state.tr.insertText('全新'));
    expect(part.lines()).toEqual(['全新', '[requests]']);
    part.undo();
    expect(part.lines()).toEqual(['表前甲说明。', '[requests]', '注：乙第一条。', '注：第二条。']);
    part.undo();
    part.undo();
    expect(part.lines()).toEqual(template);
    part.redo();
    part.redo();
    part.redo();
    expect(part.lines()).toEqual(['全新', '[requests]']);
    expect(part.invariantViolations()).toEqual([]);
    part.undo();
    expect(part.lines()).toEqual(['表前甲说明。', '[requests]', '注：乙第一条。', '注：第二条。']);
  });
});

/** One user action on random places of the document (positions are taken modulo its size). */
type Action =
  | { kind: 'type'; at: number; text: string }
  | { kind: 'delete' | 'backspace' | 'forwardDelete' | 'heading' | 'quote' | 'split'; from: number; to: number }
  | { kind: 'paste' | 'move'; from: number; to: number; at: number; clean: boolean }
  | { kind: 'selectAllType'; text: string }
  | { kind: 'remoteType'; at: number }
  | { kind: 'remoteParagraph'; at: number }
  | { kind: 'undo' }
  | { kind: 'redo' };

const position = fc.nat({ max: 10_000 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('type' as const), at: position, text: fc.constantFrom('字', '注：', '一二三') }),
  fc.record({ kind: fc.constantFrom('delete' as const, 'backspace' as const, 'forwardDelete' as const, 'heading' as const, 'quote' as const, 'split' as const), from: position, to: position }),
  fc.record({ kind: fc.constantFrom('paste' as const, 'move' as const), from: position, to: position, at: position, clean: fc.boolean() }),
  fc.record({ kind: fc.constant('selectAllType' as const), text: fc.constantFrom('全', '新的说明') }),
  fc.record({ kind: fc.constantFrom('remoteType' as const, 'remoteParagraph' as const), at: position }),
  fc.record({ kind: fc.constantFrom('undo' as const, 'redo' as const) }),
);

function range(doc: PMNode, from: number, to: number): Selection {
  const size = doc.content.size;
  return TextSelection.between(doc.resolve(from % (size + 1)), doc.resolve(to % (size + 1)));
}

/** A colleague's keystroke at the start of a block, or a new paragraph between two blocks, of the part. */
function remoteEdit(p: BoundPart, kind: 'remoteType' | 'remoteParagraph', at: number): void {
  p.remoteEdit((fragment) => {
    if (kind === 'remoteParagraph') {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('同事的段落')]);
      fragment.insert(at % (fragment.length + 1), [paragraph]);
      return;
    }
    const blocks = fragment.toArray().filter((child): child is Y.XmlElement => child instanceof Y.XmlElement && child.nodeName === 'paragraph');
    const block = blocks[at % Math.max(1, blocks.length)];
    const text = block?.get(0);
    if (text instanceof Y.XmlText) text.insert(0, '同');
    else block?.insert(0, [new Y.XmlText('同')]);
  });
}

function perform(p: BoundPart, a: Action): void {
  p.undoManager.stopCapturing();
  if (a.kind === 'undo') return p.undo();
  if (a.kind === 'redo') return p.redo();
  if (a.kind === 'remoteType' || a.kind === 'remoteParagraph') return remoteEdit(p, a.kind, a.at);
  if (a.kind === 'selectAllType') {
    p.state = p.state.apply(p.state.tr.setSelection(new AllSelection(p.state.doc)));
    return p.dispatch(p.state.tr.insertText(a.text));
  }
  const selection = a.kind === 'type' ? range(p.state.doc, a.at, a.at) : range(p.state.doc, a.from, a.to);
  p.state = p.state.apply(p.state.tr.setSelection(selection));
  switch (a.kind) {
    case 'type':
      return p.dispatch(p.state.tr.insertText(a.text));
    case 'delete':
      return p.dispatch(p.state.tr.deleteSelection());
    case 'backspace':
      p.run(joinBackward);
      return;
    case 'forwardDelete':
      p.run(joinForward);
      return;
    case 'heading':
      p.run(setBlockType(partSchema.nodes.heading!, { level: 3 }));
      return;
    case 'quote':
      p.run(wrapIn(partSchema.nodes.blockquote!));
      return;
    case 'split':
      return p.dispatch(p.state.tr.split(p.state.selection.from));
    case 'paste':
    case 'move': {
      const copied = p.state.selection.content();
      const slice = a.clean ? pastedSlice(copied, tableType) : copied;
      const tr = p.state.tr;
      const target = range(p.state.doc, a.at, a.at).from;
      if (a.kind === 'move') tr.deleteSelection();
      const pos = tr.mapping.map(target);
      tr.replaceRange(pos, pos, slice);
      return p.dispatch(tr);
    }
  }
}

describe('the table guard under random edits', () => {
  it('every sequence of edits, undos and redos keeps the one table node, the server\'s item, with no refusal', () => {
    const seed = freshSeed('table guard');
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 14 }), (actions) => {
        part = new BoundPart('requests', notes);
        for (const a of actions) {
          try {
            perform(part, a);
          } catch (error) {
            // A step ProseMirror itself refuses to build (a split at the top level, a replace that
            // does not fit) is not an edit; anything thrown while applying one is a failure.
            if (!(error instanceof Error && /ReplaceError|Structure|Invalid content|split/i.test(`${error.name} ${error.message}`))) throw error;
          }
          const problems = part.invariantViolations();
          if (problems.length > 0) throw new Error(`${JSON.stringify(a)}: ${problems.join('; ')}`);
        }
      }),
      { seed, numRuns: 150 },
    );
  });
});
