/**
 * The highlight plugin's state between two readings of the positions: local typing moves the
 * decorations with the text (ProseMirror's mapping); a document y-prosemirror brings in from
 * Yjs — one replace of the whole document, which a mapping would empty — gets the last
 * highlights drawn again; new highlights replace the old.
 */
import { getSchema } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import { narrativeSchemaExtensions } from '../editor/narrative-extensions.ts';
import { KeyedStore } from '../collab/keyed-store.ts';
import { commentHighlightKey, commentHighlightPlugin } from './highlight-extension.ts';
import { type TextHighlight, sameHighlights } from './highlights.ts';

const schema = getSchema(narrativeSchemaExtensions());

function stateWith(highlights: readonly TextHighlight[]): EditorState {
  const textHighlights = new KeyedStore<readonly TextHighlight[]>(sameHighlights);
  textHighlights.set('problems', highlights);
  const plugin = commentHighlightPlugin({ textHighlights, openThread: () => {}, registerEditor: () => () => {} }, 'problems');
  const doc = schema.node('doc', null, [schema.node('paragraph', null, [schema.text('甲乙丙丁戊己庚辛')])]);
  return EditorState.create({ doc, schema, plugins: [plugin] });
}

function covered(state: EditorState): string[] {
  return commentHighlightKey
    .getState(state)!
    .decorations.find()
    .map((d) => state.doc.textBetween(d.from, d.to));
}

const onBingDing: TextHighlight = { threadId: 't1', from: 3, to: 5, resolved: false, active: false };

describe('the highlight plugin', () => {
  it('draws the highlights it starts with', () => {
    expect(covered(stateWith([onBingDing]))).toEqual(['丙丁']);
  });

  it('moves them with local typing before and inside, not with typing right after', () => {
    let state = stateWith([onBingDing]);
    state = state.apply(state.tr.insertText('前', 1));
    state = state.apply(state.tr.insertText('中', 5));
    state = state.apply(state.tr.insertText('后', 7));
    expect(state.doc.textContent).toBe('前甲乙丙中丁后戊己庚辛');
    expect(covered(state)).toEqual(['丙中丁']);
  });

  it('draws the last highlights again over a document y-prosemirror replaced whole', () => {
    let state = stateWith([onBingDing]);
    const replaced = state.tr.replaceWith(0, state.doc.content.size, schema.node('paragraph', null, [schema.text('甲乙丙丁戊己庚辛')]));
    expect(covered(state.apply(replaced))).toEqual([]);
    const fromYjs = state.tr
      .replaceWith(0, state.doc.content.size, schema.node('paragraph', null, [schema.text('甲乙丙丁戊己庚辛')]))
      .setMeta(ySyncPluginKey, { isChangeOrigin: true });
    state = state.apply(fromYjs);
    expect(covered(state)).toEqual(['丙丁']);
  });

  it('takes new highlights given by a transaction', () => {
    let state = stateWith([onBingDing]);
    state = state.apply(state.tr.setMeta(commentHighlightKey, [{ ...onBingDing, from: 6, to: 9 }]));
    expect(covered(state)).toEqual(['己庚辛']);
    const set = commentHighlightKey.getState(state)!.decorations.find();
    expect(set.map((d) => (d as unknown as { type: { attrs: { class: string } } }).type.attrs.class)).toEqual(['comment-highlight comment-thread-t1']);
  });
});
