/**
 * Where a thread's anchor is now: the same pure, deterministic answer in every browser and on
 * the server (REST `detached`), from the document alone.
 *
 * A text anchor names its first and last characters. While both are in the document (not
 * deleted, in a block that is not deleted, in the anchor's fragment, in order), the anchor
 * covers them and everything between, typed later included: it follows the text as people edit.
 *
 * y-prosemirror does not keep characters through every edit (measured with the real binding in
 * test/comment-anchors.test.ts): splitting a paragraph moves its tail into a NEW Y.XmlText in a
 * new paragraph (the old characters deleted, the same text inserted again), joining two moves
 * the second's text into the first's (the second paragraph deleted), and turning a paragraph
 * into a heading or a list re-creates it. Positions in such text would resolve to the old
 * paragraph's end, or nowhere. So when a named character is gone, the anchor is looked for by
 * its quote, line breaks ignored (a split or join changes none of its characters): it attaches
 * again only to an unambiguous match — the only occurrence in the fragment, or the only one
 * starting at its first character (ending at its last) where that one is still there. Otherwise
 * it is detached: shown with its quote, never moved to the wrong place.
 *
 * Yjs's `createAbsolutePositionFromRelativePosition` is not used: it follows `redone` links,
 * which only the browser that undid knows (the server would answer otherwise), and creates a
 * root type for a crafted type name.
 */
import * as Y from 'yjs';
import type { PartKey, TableKey } from '../format.ts';
import { type FragmentKey, textFragment } from '../ydoc.ts';
import { type Anchor, type TextAnchor, decodeCharacterPosition, isCellAnchor, isTextAnchor } from './anchor.ts';
import { FragmentText } from './fragment-text.ts';

export type ResolvedAnchor =
  | { readonly kind: 'part'; readonly part: PartKey }
  | { readonly kind: 'cell'; readonly part: TableKey; readonly cell: string }
  | AttachedText
  | DetachedText;

export interface AttachedText {
  readonly kind: 'text';
  readonly part: PartKey;
  readonly fragment: FragmentKey;
  readonly attached: true;
  /** The editor positions of the text in the fragment's editor: from its first character to after its last. */
  readonly from: number;
  readonly to: number;
  /** The text covered now (blocks as `\n`). */
  readonly text: string;
  /** False when a named character was gone and the quote found the text again. */
  readonly exact: boolean;
}

export interface DetachedText {
  readonly kind: 'text';
  readonly part: PartKey;
  readonly fragment: FragmentKey;
  readonly attached: false;
  /** The text the thread was made on. */
  readonly quote: string;
}

/** Resolves the anchors of one document state; the fragments' texts are read once per resolver. */
export class AnchorResolver {
  private readonly texts = new Map<FragmentKey, FragmentText>();

  /** `doc` must not change while the resolver is used (make a new one for the next state). */
  constructor(private readonly doc: Y.Doc) {}

  resolve(anchor: Anchor): ResolvedAnchor {
    if (isTextAnchor(anchor)) return this.resolveText(anchor);
    if (isCellAnchor(anchor)) return { kind: 'cell', part: anchor.part, cell: anchor.cell };
    return { kind: 'part', part: anchor.part };
  }

  /** The fragment's text as the resolver reads it (for making anchors from a selection). */
  fragmentText(fragment: FragmentKey): FragmentText {
    let text = this.texts.get(fragment);
    if (text === undefined) this.texts.set(fragment, (text = new FragmentText(textFragment(this.doc, fragment))));
    return text;
  }

  private resolveText(anchor: TextAnchor): AttachedText | DetachedText {
    const text = this.fragmentText(anchor.fragment);
    const start = this.keyOffsetOf(text, anchor.start, 'start');
    const end = this.keyOffsetOf(text, anchor.end, 'end');
    if (start !== undefined && end !== undefined && start < end) return attached(anchor, text, start, end, true);
    const found = findQuote(text.key, anchor.quote.replaceAll('\n', ''), start, end);
    if (found !== undefined) return attached(anchor, text, found, found + anchor.quote.replaceAll('\n', '').length, false);
    return { kind: 'text', part: anchor.part, fragment: anchor.fragment, attached: false, quote: anchor.quote };
  }

  /**
   * The key offset at the named character (`start`: before it, `end`: after it), or undefined if
   * that character is not in the document's text of this fragment any more.
   */
  private keyOffsetOf(text: FragmentText, encoded: string, side: 'start' | 'end'): number | undefined {
    const id = decodeCharacterPosition(encoded);
    if (id === undefined) return undefined;
    const place = liveCharacter(this.doc.store, id, text.fragment);
    if (place === undefined) return undefined;
    const segment = text.segmentOf(place.text);
    if (segment === undefined) return undefined;
    const before = text.keyOffsetBefore(segment, place.index);
    // A line break is no key character: the anchor starts after it, or ends before it.
    return side === 'start' || segment.content[place.index] === '\n' ? before : before + 1;
  }
}

export function resolveAnchor(doc: Y.Doc, anchor: Anchor): ResolvedAnchor {
  return new AnchorResolver(doc).resolve(anchor);
}

function attached(anchor: TextAnchor, text: FragmentText, start: number, end: number, exact: boolean): AttachedText {
  const { from, to } = text.editorRange(start, end);
  return { kind: 'text', part: anchor.part, fragment: anchor.fragment, attached: true, from, to, text: text.display(start, end), exact };
}

/**
 * The one place `quote` can be re-attached to in `key`, or undefined: the occurrence that starts
 * at `start` (ends at `end`) when that character is still there, else the only occurrence.
 */
function findQuote(key: string, quote: string, start: number | undefined, end: number | undefined): number | undefined {
  if (quote.length === 0) return undefined;
  let found: number | undefined;
  for (let at = key.indexOf(quote); at !== -1; at = key.indexOf(quote, at + 1)) {
    if (start !== undefined && at !== start) continue;
    if (end !== undefined && at + quote.length !== end) continue;
    if (found !== undefined) return undefined;
    found = at;
  }
  return found;
}

/**
 * The Y.XmlText and index of the character `id` names, if it is a live character of `fragment`:
 * not deleted, nor any type holding it.
 */
function liveCharacter(store: Y.Doc['store'], id: Y.ID, fragment: Y.XmlFragment): { text: Y.XmlText; index: number } | undefined {
  if (id.clock >= Y.getState(store, id.client)) return undefined;
  const struct = Y.getItem(store, id);
  if (!(struct instanceof Y.Item) || struct.deleted || !(struct.content instanceof Y.ContentString)) return undefined;
  const parent = struct.parent;
  if (!(parent instanceof Y.XmlText)) return undefined;
  let type: Y.AbstractType<any> = parent;
  while (type._item !== null) {
    if (type._item.deleted) return undefined;
    type = type._item.parent as Y.AbstractType<any>;
  }
  if (type !== fragment) return undefined;
  let index = id.clock - struct.id.clock;
  for (let item = struct.left; item !== null; item = item.left) if (!item.deleted && item.content instanceof Y.ContentString) index += item.length;
  return { text: parent, index };
}
