/**
 * Highlights in a part's editor: threads made on selections of a ProseMirror document of the
 * editor's schema, bound to the report's Y.Doc as the editor is (y-prosemirror's
 * `initProseMirrorDoc`, edits written back with `updateYFragment` as the sync plugin does), read
 * with `readThreads`; the decorations must cover exactly each thread's text, after edits too.
 */
import { getSchema } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { initProseMirrorDoc, updateYFragment } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { cellAnchor, partAnchor } from '../../../schema/comments/anchor.ts';
import { resolveAnchor } from '../../../schema/comments/resolve-anchor.ts';
import { textAnchorFromEditor } from '../../../schema/comments/text-anchor.ts';
import { createThread, readThreads, setThreadResolved, type ThreadView } from '../../../schema/comments/threads.ts';
import { seedReport } from '../../../schema/test-support/seed-report.ts';
import { createReportDoc, partFragment, writeNarrative, writeTablePart } from '../../../schema/ydoc.ts';
import { narrativeSchemaExtensions } from '../editor/narrative-extensions.ts';
import { cellMarks, highlightDecorations, textHighlights, threadAt } from './highlights.ts';
import { threadMatches } from './thread-filter.ts';

const schema = getSchema(narrativeSchemaExtensions());
const everyThread = () => true;
const paragraphs = [
  '2024年，余杭区商务局高标准、严要求开展各项政务公开工作，取得了较好的成效。',
  '但仍然存在一些不足，如业务联动还需进一步提升。',
  '下一步，我局将进一步强化思想认识，抓实抓细政府信息公开各项工作落实。',
];

/** The report's part 五 as its editor holds it, and a way to edit it as the editor does. */
class BoundPart {
  readonly doc: Y.Doc = createReportDoc(seedReport());
  pm: PmNode;
  private meta: ReturnType<typeof initProseMirrorDoc>['meta'];

  constructor(readonly part: 'problems' | 'requests' = 'problems') {
    const fragment = partFragment(this.doc, part);
    this.doc.transact(() => {
      fragment.delete(0, fragment.length);
      if (part === 'requests') writeTablePart(fragment, part, { before: paragraphs[0], after: paragraphs.slice(1).join('\n') });
      else writeNarrative(fragment, paragraphs.join('\n'));
    });
    ({ doc: this.pm, meta: this.meta } = initProseMirrorDoc(partFragment(this.doc, part), schema));
  }

  /** The editor range of the first occurrence of `text` inside one textblock. */
  rangeOf(text: string): { from: number; to: number } {
    let found: { from: number; to: number } | null = null;
    this.pm.descendants((node, pos) => {
      if (found || !node.isTextblock) return !found;
      const at = node.textContent.indexOf(text);
      if (at >= 0) found = { from: pos + 1 + at, to: pos + 1 + at + text.length };
      return false;
    });
    if (!found) throw new Error(`no ${text} in the part`);
    return found;
  }

  thread(from: number, to: number, text = '请核实'): string {
    const made = textAnchorFromEditor(this.doc, this.part, from, to);
    if (!made.ok) throw new Error(made.message);
    return createThread(this.doc, made.anchor, { author: '7', text, at: 1000 });
  }

  edit(change: (state: EditorState) => EditorState['tr']): void {
    const tr = change(EditorState.create({ doc: this.pm, schema }));
    updateYFragment(this.doc, partFragment(this.doc, this.part), tr.doc, this.meta);
    this.pm = tr.doc;
  }

  /** The text each decoration covers, by thread. */
  highlighted(shown: (t: ThreadView) => boolean = everyThread, activeId: string | null = null): Map<string | null, string> {
    const highlights = textHighlights(readThreads(this.doc), this.part, shown, activeId, null);
    const covered = new Map<string | null, string>();
    for (const d of highlightDecorations(this.pm, highlights).find()) {
      const id = (d.spec as { threadId: string | null }).threadId;
      covered.set(id, (covered.has(id) ? `${covered.get(id)}|` : '') + this.pm.textBetween(d.from, d.to, '\n'));
    }
    return covered;
  }
}

describe('text highlights', () => {
  it('cover exactly the text each thread was made on, across paragraphs too', () => {
    const part = new BoundPart();
    const [first, second] = paragraphs;
    const within = part.rangeOf(first.slice(2, 9));
    const one = part.thread(within.from, within.to);
    // From the end of the first paragraph into the second.
    const across = part.thread(part.rangeOf(first.slice(-3)).from, part.rangeOf(second.slice(0, 4)).to);
    expect(part.highlighted()).toEqual(
      new Map([
        [one, first.slice(2, 9)],
        [across, `${first.slice(-3)}\n${second.slice(0, 4)}`],
      ]),
    );
  });

  it('follow typing before and inside the text, and a paragraph split before it', () => {
    const part = new BoundPart();
    const sentence = paragraphs[0].slice(4, 14);
    const range = part.rangeOf(sentence);
    const typedIn = part.thread(range.from, range.to);
    const kept = paragraphs[1].slice(10, 18);
    const split = part.thread(part.rangeOf(kept).from, part.rangeOf(kept).to);
    part.edit((s) => s.tr.insertText('新增的开头', 1));
    part.edit((s) => s.tr.insertText('（补）', part.rangeOf(sentence.slice(0, 3)).to));
    expect(part.highlighted().get(typedIn)).toBe(`${sentence.slice(0, 3)}（补）${sentence.slice(3)}`);
    // Enter before the text: y-prosemirror re-creates it in a new paragraph, and the quote finds it.
    part.edit((s) => s.tr.split(part.rangeOf(kept).from - 2));
    expect(part.pm.childCount).toBe(4);
    expect(part.highlighted().get(split)).toBe(kept);
  });

  it('cover notes on both sides of the table node of a table part (one editor position, no text)', () => {
    const part = new BoundPart('requests');
    expect(part.pm.child(1).type.name).toBe('disclosureTable');
    const before = part.rangeOf(paragraphs[0].slice(-6));
    const after = part.rangeOf(paragraphs[1].slice(0, 5));
    const above = part.thread(before.from, before.to);
    const below = part.thread(after.from, after.to);
    const across = part.thread(before.from, after.to);
    expect(part.highlighted()).toEqual(
      new Map([
        [above, paragraphs[0].slice(-6)],
        [below, paragraphs[1].slice(0, 5)],
        [across, `${paragraphs[0].slice(-6)}\n${paragraphs[1].slice(0, 5)}`],
      ]),
    );
    part.edit((s) => s.tr.insertText('（续）', part.rangeOf(paragraphs[1].slice(0, 5)).from));
    expect(part.highlighted().get(below)).toBe(paragraphs[1].slice(0, 5));
  });

  it('are left out for other fragments, deleted text, and threads the filter hides unless open', () => {
    const part = new BoundPart();
    const text = paragraphs[0].slice(0, 6);
    const range = part.rangeOf(text);
    const resolved = part.thread(range.from, range.to);
    setThreadResolved(part.doc, resolved, true);
    const later = paragraphs[1].slice(0, 5);
    const gone = part.thread(part.rangeOf(later).from, part.rangeOf(later).to);
    part.edit((s) => s.tr.delete(part.rangeOf(later).from, part.rangeOf(later).to));
    const threads = readThreads(part.doc);
    expect(threads.find((t) => t.id === gone)?.position).toMatchObject({ attached: false });

    const open = (t: ThreadView) => threadMatches(t, 'open', '7');
    expect([...part.highlighted(open).keys()]).toEqual([]);
    expect(part.highlighted(open, resolved)).toEqual(new Map([[resolved, text]]));
    expect(textHighlights(threads, 'overview', everyThread, null, null)).toEqual([]);
    expect(textHighlights(threads, 'problems', everyThread, resolved, null)).toEqual([
      { threadId: resolved, from: range.from, to: range.to, resolved: true, active: true },
    ]);
  });

  it('mark the text of a thread being written, and the shortest thread under a click', () => {
    const part = new BoundPart();
    const outer = part.rangeOf(paragraphs[0].slice(0, 12));
    const inner = { from: outer.from + 3, to: outer.from + 6 };
    const big = part.thread(outer.from, outer.to);
    const small = part.thread(inner.from, inner.to);
    const made = textAnchorFromEditor(part.doc, 'problems', outer.to + 2, outer.to + 5);
    if (!made.ok) throw new Error(made.message);
    const pending = resolveAnchor(part.doc, made.anchor);
    const highlights = textHighlights(readThreads(part.doc), 'problems', everyThread, null, pending);
    expect(highlights.at(-1)).toEqual({ threadId: null, from: outer.to + 2, to: outer.to + 5, resolved: false, active: true });
    const decorations = highlightDecorations(part.pm, highlights);
    expect(threadAt(decorations, inner.from + 1)).toBe(small);
    expect(threadAt(decorations, outer.from + 1)).toBe(big);
    expect(threadAt(decorations, outer.to + 3)).toBeNull();
  });

  it('are cut at the end of a document shorter than the positions (an editor not caught up yet)', () => {
    const part = new BoundPart();
    const size = part.pm.content.size;
    const decorations = highlightDecorations(part.pm, [
      { threadId: 'a', from: size - 3, to: size + 10, resolved: false, active: false },
      { threadId: 'b', from: size + 1, to: size + 4, resolved: false, active: false },
    ]);
    expect(decorations.find().map((d) => [d.from, d.to])).toEqual([[size - 3, size]]);
  });
});

describe('cell marks', () => {
  it('gather the threads on each cell, resolved only when all are, with the one being written', () => {
    const part = new BoundPart();
    const a = createThread(part.doc, cellAnchor('requests', 'received.natural'), { author: '7', text: '一', at: 1 });
    const b = createThread(part.doc, cellAnchor('requests', 'received.natural'), { author: '7', text: '二', at: 2 });
    createThread(part.doc, partAnchor('requests'), { author: '7', text: '整体', at: 3 });
    setThreadResolved(part.doc, a, true);
    const threads = readThreads(part.doc);
    expect(cellMarks(threads, everyThread, b, null)).toEqual(new Map([['requests.received.natural', { threadIds: [a, b], resolved: false, active: true }]]));
    setThreadResolved(part.doc, b, true);
    const pending = resolveAnchor(part.doc, cellAnchor('appeals', 'review.upheld'));
    expect(cellMarks(readThreads(part.doc), everyThread, null, pending)).toEqual(
      new Map([
        ['requests.received.natural', { threadIds: [a, b], resolved: true, active: false }],
        ['appeals.review.upheld', { threadIds: [], resolved: false, active: true }],
      ]),
    );
    expect(cellMarks(readThreads(part.doc), (t) => !t.resolved, null, null)).toEqual(new Map());
  });
});
