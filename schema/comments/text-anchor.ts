/**
 * A text anchor from a selection in a part's editor: its first and last characters (line breaks
 * at either end left out) and the text between as its quote.
 */
import * as Y from 'yjs';
import { partOfFragment } from '../part-content.ts';
import { type FragmentKey, textFragment } from '../ydoc.ts';
import { type TextAnchor, encodeCharacterPosition, maxQuoteLength } from './anchor.ts';
import { type CharacterPlace, FragmentText } from './fragment-text.ts';

export type TextAnchorResult = { readonly ok: true; readonly anchor: TextAnchor } | { readonly ok: false; readonly message: string };

/**
 * The anchor for the editor selection [from, to) of `fragment`'s editor (ProseMirror positions,
 * as `editor.state.selection` gives them), read from the document the editor is bound to.
 * Refused, with a zh-CN reason for the person, when the selection holds no text or too much.
 */
export function textAnchorFromEditor(doc: Y.Doc, fragment: FragmentKey, from: number, to: number): TextAnchorResult {
  const text = new FragmentText(textFragment(doc, fragment));
  const range = text.keyRangeOfEditorRange(Math.min(from, to), Math.max(from, to));
  if (range === undefined) return { ok: false, message: '请先选中要批注的文字' };
  const quote = text.display(range.start, range.end);
  if (quote.length > maxQuoteLength) return { ok: false, message: `选中的文字过长（最多 ${maxQuoteLength} 字），请缩短后再批注` };
  return {
    ok: true,
    anchor: {
      part: partOfFragment(fragment),
      fragment,
      start: encodeCharacterPosition(characterId(text.placeOfKey(range.start)), 0),
      end: encodeCharacterPosition(characterId(text.placeOfKey(range.end - 1)), -1),
      quote,
    },
  };
}

/** The Yjs id of a character: its item's id, offset into the item. */
function characterId({ segment, index }: CharacterPlace): Y.ID {
  let remaining = index;
  for (let item = segment.text._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
    if (remaining < item.length) return Y.createID(item.id.client, item.id.clock + remaining);
    remaining -= item.length;
  }
  throw new Error(`character ${index} is past the end of its text`);
}
