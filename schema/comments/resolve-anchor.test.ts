/**
 * Where a text anchor is after edits, case by case. Paragraph splits and joins are made with the
 * Yjs operations y-prosemirror emits for them (measured with the real binding in
 * test/comment-anchors.test.ts, which also runs the random edits): a split deletes the tail of
 * the paragraph's Y.XmlText and inserts a new paragraph holding the same text; a join appends
 * the second paragraph's text to the first's and deletes the second.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTableElement, narrativeFragment, partFragment } from '../ydoc.ts';
import { type TextAnchor, encodeCharacterPosition } from './anchor.ts';
import { resolveAnchor } from './resolve-anchor.ts';
import { textAnchorFromEditor } from './text-anchor.ts';

function docWith(...blocks: (string | Y.XmlElement)[]): { doc: Y.Doc; fragment: Y.XmlFragment } {
  const doc = new Y.Doc();
  const fragment = narrativeFragment(doc, 'problems');
  fragment.insert(0, blocks.map((b) => (typeof b === 'string' ? paragraph(b) : b)));
  return { doc, fragment };
}

function paragraph(text: string): Y.XmlElement {
  const el = new Y.XmlElement('paragraph');
  if (text !== '') el.insert(0, [new Y.XmlText(text)]);
  return el;
}

function textOf(fragment: Y.XmlFragment, block: number): Y.XmlText {
  return (fragment.get(block) as Y.XmlElement).get(0) as Y.XmlText;
}

/** The anchor on the characters at editor positions [from, to). */
function anchorOn(doc: Y.Doc, from: number, to: number): TextAnchor {
  const made = textAnchorFromEditor(doc, 'problems', from, to);
  if (!made.ok) throw new Error(made.message);
  return made.anchor;
}

/** Enter at `at` in block `block`, as y-prosemirror writes it. */
function split(doc: Y.Doc, fragment: Y.XmlFragment, block: number, at: number): void {
  doc.transact(() => {
    const text = textOf(fragment, block);
    const tail = text.toString().slice(at);
    text.delete(at, tail.length);
    fragment.insert(block + 1, [paragraph(tail)]);
  });
}

/** Backspace at the start of block `block + 1`, as y-prosemirror writes it. */
function join(doc: Y.Doc, fragment: Y.XmlFragment, block: number): void {
  doc.transact(() => {
    const text = textOf(fragment, block);
    text.insert(text.length, textOf(fragment, block + 1).toString());
    fragment.delete(block + 1, 1);
  });
}

const attachedAt = (from: number, to: number, text: string, exact: boolean) => ({ kind: 'text', part: 'problems', fragment: 'problems', attached: true, from, to, text, exact });
const detached = (quote: string) => ({ kind: 'text', part: 'problems', fragment: 'problems', attached: false, quote });

describe('a text anchor', () => {
  it('names its first and last characters and quotes what is between; editor positions count block boundaries', () => {
    const { doc } = docWith('本年度共收到申请', '办结率为百分之百');
    // Block 1 starts at position 1, block 2 at 1 + 8 + 2 = 11.
    const anchor = anchorOn(doc, 5, 15);
    expect(anchor.quote).toBe('收到申请\n办结率为');
    expect(resolveAnchor(doc, anchor)).toEqual(attachedAt(5, 15, '收到申请\n办结率为', true));
  });

  it('follows typing: what is typed inside is covered, what is typed at either end is not', () => {
    const { doc, fragment } = docWith('本年度共收到申请十件');
    const anchor = anchorOn(doc, 5, 9); // 收到申请
    const text = textOf(fragment, 0);
    text.insert(6, '政府信息公开'); // inside: 收到|申请
    text.insert(4, '（全年）'); // right before the first character
    text.insert(text.length - 2, '共计'); // right after the last one
    expect(resolveAnchor(doc, anchor)).toEqual(attachedAt(9, 19, '收到政府信息公开申请', true));
  });

  it('is detached with its quote when its text is deleted, and when its first or last character is', () => {
    const { doc, fragment } = docWith('本年度共收到申请十件');
    const anchor = anchorOn(doc, 5, 9);
    const text = textOf(fragment, 0);
    text.delete(5, 1); // 到: inside, the anchor shrinks
    expect(resolveAnchor(doc, anchor)).toEqual(attachedAt(5, 8, '收申请', true));
    text.delete(4, 1); // 收: its first character
    expect(resolveAnchor(doc, anchor)).toEqual(detached('收到申请'));
    const other = anchorOn(doc, 1, 4);
    text.delete(0, 5);
    expect(resolveAnchor(doc, other)).toEqual(detached('本年度'));
  });

  it('stays on its text when the paragraph is split inside it, before it, or after it', () => {
    const { doc, fragment } = docWith('本年度共收到申请十件', '其他');
    const anchor = anchorOn(doc, 4, 10); // 共收到申请十
    split(doc, fragment, 0, 6); // 本年度共收到|申请十件: its last character is re-created
    expect(resolveAnchor(doc, anchor)).toEqual(attachedAt(4, 12, '共收到\n申请十', false));
    split(doc, fragment, 0, 2); // 本年|度共收到: now both ends are re-created
    expect(resolveAnchor(doc, anchor)).toEqual(attachedAt(6, 14, '共收到\n申请十', false));
    split(doc, fragment, 2, 3); // 申请十|件: after it
    expect(resolveAnchor(doc, anchor)).toEqual(attachedAt(6, 14, '共收到\n申请十', false));
  });

  it('stays on its text when paragraphs under it are joined', () => {
    const { doc, fragment } = docWith('本年度共收到', '申请十件', '办结');
    const inSecond = anchorOn(doc, 9, 11); // 申请 (block 2's text starts at 1 + 6 + 2 = 9)
    const across = anchorOn(doc, 5, 10); // 收到|申
    join(doc, fragment, 0);
    expect(resolveAnchor(doc, inSecond)).toEqual(attachedAt(7, 9, '申请', false));
    expect(resolveAnchor(doc, across)).toEqual(attachedAt(5, 8, '收到申', false));
  });

  it('attaches again only to an unambiguous match of its quote', () => {
    const { doc, fragment } = docWith('甲乙丙丁', '乙丙');
    const anchor = anchorOn(doc, 2, 4); // 乙丙 of block 1
    split(doc, fragment, 0, 1); // 甲|乙丙丁: both ends re-created, and 乙丙 is also in block 3
    expect(resolveAnchor(doc, anchor)).toEqual(detached('乙丙'));

    const second = docWith('甲乙丙丁', '乙丙');
    const startKept = anchorOn(second.doc, 2, 4);
    split(second.doc, second.fragment, 0, 2); // 甲乙|丙丁: 乙 is still there, so the match starting at it is the one
    expect(resolveAnchor(second.doc, startKept)).toEqual(attachedAt(2, 6, '乙\n丙', false));
  });

  it('is detached rather than moved when text typed inside it has changed its quote and a split re-created an end', () => {
    const { doc, fragment } = docWith('本年度共收到申请十件');
    const anchor = anchorOn(doc, 5, 9); // 收到申请
    textOf(fragment, 0).insert(6, '了');
    expect(resolveAnchor(doc, anchor)).toEqual(attachedAt(5, 10, '收到了申请', true));
    split(doc, fragment, 0, 7);
    expect(resolveAnchor(doc, anchor)).toEqual(detached('收到申请'));
  });

  it('reads code blocks with their line breaks, and counts a hard break as one position', () => {
    const code = new Y.XmlElement('codeBlock');
    code.insert(0, [new Y.XmlText('第一行\n第二行')]);
    const withBreak = new Y.XmlElement('paragraph');
    withBreak.insert(0, [new Y.XmlText('上'), new Y.XmlElement('hardBreak'), new Y.XmlText('下文')]);
    const { doc } = docWith(code, withBreak);
    // The code block's text is at 1…7; the paragraph opens at 9, 上 at 10, the break 11, 下 at 12.
    const inCode = anchorOn(doc, 3, 7);
    expect(inCode.quote).toBe('行\n第二');
    expect(resolveAnchor(doc, inCode)).toEqual(attachedAt(3, 7, '行\n第二', true));
    const acrossBreak = anchorOn(doc, 10, 13);
    expect(acrossBreak.quote).toBe('上\n下');
    expect(resolveAnchor(doc, acrossBreak)).toEqual(attachedAt(10, 13, '上\n下', true));
  });

  it('finds its text by its quote when a position names a character of another fragment', () => {
    const { doc } = docWith('本年度共收到申请');
    const anchor = anchorOn(doc, 5, 9);
    const elsewhere = narrativeFragment(doc, 'other');
    elsewhere.insert(0, [paragraph('收到')]);
    const foreign = (((elsewhere.get(0) as Y.XmlElement).get(0) as Y.XmlText)._start as Y.Item).id;
    const crafted: TextAnchor = { ...anchor, start: encodeCharacterPosition(foreign, 0) };
    expect(resolveAnchor(doc, crafted)).toEqual(attachedAt(5, 9, '收到申请', false));
  });

  it('anchors a note beside a table: the table node is one editor position, and no text', () => {
    const doc = new Y.Doc();
    const fragment = partFragment(doc, 'requests');
    fragment.insert(0, [paragraph('表前说明'), createTableElement('requests'), paragraph('注：本表数据截至年底')]);
    // 表前说明 at 1…4, the table node at 6, the note's paragraph opens at 7 and its text starts at 8.
    const made = textAnchorFromEditor(doc, 'requests', 3, 12);
    if (!made.ok) throw new Error(made.message);
    expect(made.anchor).toMatchObject({ part: 'requests', fragment: 'requests', quote: '说明\n注：本表' });
    expect(resolveAnchor(doc, made.anchor)).toEqual({ kind: 'text', part: 'requests', fragment: 'requests', attached: true, from: 3, to: 12, text: '说明\n注：本表', exact: true });
  });

  it('is refused for a selection without text, or with more text than a quote keeps', () => {
    const { doc } = docWith('本年度', '');
    expect(textAnchorFromEditor(doc, 'problems', 3, 3)).toEqual({ ok: false, message: '请先选中要批注的文字' });
    expect(textAnchorFromEditor(doc, 'problems', 4, 7)).toEqual({ ok: false, message: '请先选中要批注的文字' });
    const long = docWith('字'.repeat(10_001));
    expect(textAnchorFromEditor(long.doc, 'problems', 1, 10_002)).toMatchObject({ ok: false, message: expect.stringMatching(/过长/) });
  });
});
