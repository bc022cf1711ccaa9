/**
 * The text of one narrative fragment as comment anchors see it: every Y.XmlText in document
 * order (a segment), each with the ProseMirror position of its first character in the part's
 * editor, and the fragment's characters without line breaks (`key`), in which a quote is looked
 * for. Block boundaries and hard breaks are not characters of `key`: a paragraph split or
 * joined under a passage leaves the passage's key unchanged.
 *
 * Editor positions follow y-prosemirror's mapping of the fragment: an element is a node (one
 * position to open it, one to close it; a leaf node, `hardBreak`, is one position), a Y.XmlText
 * is its characters. So the browser can turn a selection into an anchor and an anchor into a
 * highlight without asking the binding.
 */
import * as Y from 'yjs';
import { narrativeNodes, serverWrittenNodes } from '../narrative-schema.ts';

export interface TextSegment {
  readonly text: Y.XmlText;
  /** Its visible characters. */
  readonly content: string;
  /** Where its first character that is not a line break is in `key` (or would be). */
  readonly keyStart: number;
  /** How many of its characters are in `key` (all but line breaks). */
  readonly keyLength: number;
  /** The editor position of `content[0]`. */
  readonly editorStart: number;
  /** A line break (another block, a hard break) separates it from the segment before. */
  readonly separated: boolean;
}

/** A character of the fragment: its segment and its index there. */
export interface CharacterPlace {
  readonly segment: TextSegment;
  readonly index: number;
}

const lineBreak = '\n';

export class FragmentText {
  readonly segments: readonly TextSegment[];
  /** Every character of every segment but line breaks, in document order. */
  readonly key: string;
  private readonly byText: ReadonlyMap<Y.XmlText, TextSegment>;

  constructor(readonly fragment: Y.XmlFragment) {
    const segments: TextSegment[] = [];
    const walk = new SegmentWalk(segments);
    walk.children(fragment, 0);
    this.segments = segments;
    this.key = segments.map((s) => (s.keyLength === s.content.length ? s.content : s.content.replaceAll(lineBreak, ''))).join('');
    this.byText = new Map(segments.map((s) => [s.text, s]));
  }

  segmentOf(text: Y.XmlText): TextSegment | undefined {
    return this.byText.get(text);
  }

  /** How many key characters come before the character at `index` of `segment`. */
  keyOffsetBefore(segment: TextSegment, index: number): number {
    if (segment.keyLength === segment.content.length) return segment.keyStart + index;
    let offset = segment.keyStart;
    for (let i = 0; i < index; i++) if (segment.content[i] !== lineBreak) offset++;
    return offset;
  }

  /** The place of the key character at `offset` (0 ≤ offset < key.length). */
  placeOfKey(offset: number): CharacterPlace {
    let low = 0;
    let high = this.segments.length - 1;
    // The last segment whose key starts at or before `offset` and holds it.
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.segments[mid].keyStart <= offset) low = mid;
      else high = mid - 1;
    }
    let segmentIndex = low;
    while (this.segments[segmentIndex].keyStart + this.segments[segmentIndex].keyLength <= offset) segmentIndex++;
    const segment = this.segments[segmentIndex];
    if (segment.keyLength === segment.content.length) return { segment, index: offset - segment.keyStart };
    let remaining = offset - segment.keyStart;
    for (let i = 0; i < segment.content.length; i++) {
      if (segment.content[i] === lineBreak) continue;
      if (remaining === 0) return { segment, index: i };
      remaining--;
    }
    throw new Error(`key offset ${offset} is past its segment`);
  }

  /** The editor range of key characters [start, end): from the first one's position to after the last one. */
  editorRange(start: number, end: number): { readonly from: number; readonly to: number } {
    const first = this.placeOfKey(start);
    const last = this.placeOfKey(end - 1);
    return { from: first.segment.editorStart + first.index, to: last.segment.editorStart + last.index + 1 };
  }

  /** The text of key characters [start, end), line breaks between blocks and inside code kept. */
  display(start: number, end: number): string {
    const first = this.placeOfKey(start);
    const last = this.placeOfKey(end - 1);
    if (first.segment === last.segment) return first.segment.content.slice(first.index, last.index + 1);
    let text = first.segment.content.slice(first.index);
    let i = this.segments.indexOf(first.segment) + 1;
    for (; this.segments[i] !== last.segment; i++) text += (this.segments[i].separated ? lineBreak : '') + this.segments[i].content;
    return text + (last.segment.separated ? lineBreak : '') + last.segment.content.slice(0, last.index + 1);
  }

  /**
   * The key characters whose editor positions are in [from, to) — a selection — as [start, end),
   * or undefined if there are none (a collapsed selection, one that holds only line breaks).
   */
  keyRangeOfEditorRange(from: number, to: number): { readonly start: number; readonly end: number } | undefined {
    let start: number | undefined;
    let end: number | undefined;
    for (const segment of this.segments) {
      const segmentEnd = segment.editorStart + segment.content.length;
      if (segmentEnd <= from || segment.editorStart >= to) continue;
      const first = Math.max(from, segment.editorStart) - segment.editorStart;
      const last = Math.min(to, segmentEnd) - segment.editorStart;
      for (let i = first; i < last; i++) {
        if (segment.content[i] === lineBreak) continue;
        const offset = this.keyOffsetBefore(segment, i);
        start ??= offset;
        end = offset + 1;
      }
    }
    return start === undefined || end === undefined ? undefined : { start, end };
  }
}

/** Walks a fragment in document order, numbering editor positions as y-prosemirror maps them. */
class SegmentWalk {
  private keyLength = 0;
  /** Elements entered so far: a segment after one is on another line. */
  private elements = 0;
  private lastElements = -1;

  constructor(private readonly segments: TextSegment[]) {}

  /** The children of `parent`, the first one at editor position `pos`; returns the position after them. */
  children(parent: Y.XmlFragment | Y.XmlElement, pos: number): number {
    for (let item = parent._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
      const child = item.content.type;
      if (child instanceof Y.XmlText) pos = this.text(child, pos);
      else if (child instanceof Y.XmlElement) {
        this.elements++;
        pos = isLeaf(child.nodeName) ? pos + 1 : this.children(child, pos + 1) + 1;
      }
    }
    return pos;
  }

  private text(text: Y.XmlText, pos: number): number {
    let content = '';
    for (let item = text._start; item !== null; item = item.right) {
      if (!item.deleted && item.content instanceof Y.ContentString) content += item.content.str;
    }
    if (content === '') return pos;
    let keyLength = content.length;
    for (const char of content) if (char === lineBreak) keyLength--;
    this.segments.push({ text, content, keyStart: this.keyLength, keyLength, editorStart: pos, separated: this.segments.length > 0 && this.elements !== this.lastElements });
    this.keyLength += keyLength;
    this.lastElements = this.elements;
    return pos + content.length;
  }
}

/** A node without content (`hardBreak`, `horizontalRule`, a table node) is one editor position. */
function isLeaf(nodeName: string): boolean {
  return narrativeNodes.get(nodeName)?.content.size === 0 || serverWrittenNodes.has(nodeName);
}
