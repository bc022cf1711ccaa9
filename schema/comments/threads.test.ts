/**
 * Comment threads through the functions the browser calls: what one replica writes, another
 * reads (threads sync like any other content), and writes the server would refuse throw here
 * before they are sent.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seedReport } from '../test-support/seed-report.ts';
import { createReportDoc, narrativeFragment, readNarrative } from '../ydoc.ts';
import { cellAnchor, partAnchor } from './anchor.ts';
import { textAnchorFromEditor } from './text-anchor.ts';
import {
  createThread,
  deleteComment,
  editComment,
  readThreads,
  replyToThread,
  setThreadResolved,
  threadsMentioning,
} from './threads.ts';
import { maxCommentLength } from './values.ts';

/** Two replicas of the seed report that exchange every update at once. */
function replicas(): [Y.Doc, Y.Doc] {
  const a = createReportDoc(seedReport());
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(b, update, 'peer'));
  b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(a, update, 'peer'));
  return [a, b];
}

describe('comment threads', () => {
  it('a thread made on one replica is read on the other, with its replies, edits, deletions and resolution', () => {
    const [a, b] = replicas();
    const threadId = createThread(a, cellAnchor('requests', 'received.natural'), { author: '7', text: '请核对自然人申请数', mentions: ['9'], at: 1000 });
    const replyId = replyToThread(b, threadId, { author: '9', text: '已核对，无误', at: 2000 });
    editComment(b, threadId, replyId, '9', { text: '已核对，数字无误', at: 3000 });
    setThreadResolved(b, threadId, true);

    const [thread] = readThreads(a);
    expect(thread).toMatchObject({ id: threadId, anchor: { part: 'requests', cell: 'received.natural' }, resolved: true });
    expect(thread.position).toEqual({ kind: 'cell', part: 'requests', cell: 'received.natural' });
    expect(thread.comments.map(({ author, text, at, mentions, edited }) => ({ author, text, at, mentions, edited }))).toEqual([
      { author: '7', text: '请核对自然人申请数', at: 1000, mentions: ['9'], edited: null },
      { author: '9', text: '已核对，数字无误', at: 2000, mentions: [], edited: 3000 },
    ]);
    expect(threadsMentioning(readThreads(b), '9').map((t) => t.id)).toEqual([threadId]);
    expect(threadsMentioning(readThreads(b), '7')).toEqual([]);

    setThreadResolved(a, threadId, false);
    deleteComment(a, threadId, thread.comments[0].id, '7');
    expect(readThreads(b)[0]).toMatchObject({ resolved: false, comments: [{ id: replyId }] });
    deleteComment(b, threadId, replyId, '9');
    expect(readThreads(a)).toEqual([]);
  });

  it('lists threads oldest first, each with where its anchor is', () => {
    const [a] = replicas();
    const second = createThread(a, partAnchor('problems'), { author: '7', text: '第二条', at: 2000 });
    const first = createThread(a, partAnchor('overview'), { author: '7', text: '第一条', at: 1000 });
    const fragment = narrativeFragment(a, 'problems');
    const made = textAnchorFromEditor(a, 'problems', 1, 5);
    if (!made.ok) throw new Error(made.message);
    const third = createThread(a, made.anchor, { author: '7', text: '第三条', at: 3000 });
    const threads = readThreads(a);
    expect(threads.map((t) => t.id)).toEqual([first, second, third]);
    // Editor positions 1–5 are the first four characters of the part's first paragraph.
    const quote = readNarrative(fragment).slice(0, 4);
    expect(made.anchor.quote).toBe(quote);
    expect(threads[2].position).toEqual({ kind: 'text', part: 'problems', fragment: 'problems', attached: true, exact: true, from: 1, to: 5, text: quote });
  });

  it('refuses, before anything is sent, what the server would refuse', () => {
    const [a] = replicas();
    const updates: Uint8Array[] = [];
    a.on('update', (update: Uint8Array) => updates.push(update));
    const threadId = createThread(a, partAnchor('other'), { author: '7', text: '原文' });
    const commentId = readThreads(a)[0].comments[0].id;
    updates.length = 0;
    expect(() => createThread(a, partAnchor('other'), { author: '7', text: '' })).toThrow(/1 to 10000/);
    expect(() => replyToThread(a, threadId, { author: '7', text: 'x'.repeat(maxCommentLength + 1) })).toThrow(/1 to 10000/);
    expect(() => replyToThread(a, threadId, { author: 'zhangsan', text: '好' })).toThrow(/user id/);
    expect(() => replyToThread(a, threadId, { author: '7', text: '好', mentions: ['9', '9'] })).toThrow(/distinct/);
    expect(() => editComment(a, threadId, commentId, '9', { text: '改' })).toThrow(/only its author/);
    expect(() => deleteComment(a, threadId, commentId, '9')).toThrow(/only its author/);
    expect(() => createThread(a, { part: 'requests', cell: 'nonsense' } as never, { author: '7', text: '好' })).toThrow(/not an anchor/);
    expect(updates).toEqual([]);
  });
});
