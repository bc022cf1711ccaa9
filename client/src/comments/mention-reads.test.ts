/**
 * 我的提及's unread marks: a thread is unread while a comment mentioning me is not marked read;
 * marks survive a reload (the same storage), belong to one user and report (the key), and a new
 * mention, or an edit that adds one, makes the thread unread again.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { partAnchor } from '../../../schema/comments/anchor.ts';
import { createThread, editComment, readThreads, replyToThread } from '../../../schema/comments/threads.ts';
import { MentionReads, type ReadsStorage, maxReadKeys, unreadThreadIds } from './mention-reads.ts';

/** localStorage as the reads use it, over a Map (Node has no localStorage). */
function memoryStorage(): ReadsStorage & { readonly entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return { entries, getItem: (key) => entries.get(key) ?? null, setItem: (key, value) => void entries.set(key, value) };
}

const me = '9';

describe('mention reads', () => {
  it('mark a thread read until a new mention of me arrives in it', () => {
    const doc = new Y.Doc();
    const mentioned = createThread(doc, partAnchor('problems'), { author: '7', text: '@李娜 请看', mentions: [me], at: 1 });
    const other = createThread(doc, partAnchor('other'), { author: '7', text: '无关', at: 2 });
    const mine = createThread(doc, partAnchor('overview'), { author: me, text: '我自己 @李娜', mentions: [me], at: 3 });
    const storage = memoryStorage();
    const reads = new MentionReads(storage, 'nianbao:mentions-read:user:lina:r1');
    expect(unreadThreadIds(readThreads(doc), me, reads.keys)).toEqual(new Set([mentioned]));

    let heard = 0;
    reads.subscribe(() => heard++);
    reads.markRead(readThreads(doc).find((t) => t.id === mentioned)!, me);
    reads.markRead(readThreads(doc).find((t) => t.id === other)!, me);
    expect(heard).toBe(1);
    expect(unreadThreadIds(readThreads(doc), me, reads.keys)).toEqual(new Set());
    // A reload reads the same marks; another user's key holds none.
    expect(unreadThreadIds(readThreads(doc), me, new MentionReads(storage, 'nianbao:mentions-read:user:lina:r1').keys)).toEqual(new Set());
    expect(unreadThreadIds(readThreads(doc), me, new MentionReads(storage, 'nianbao:mentions-read:user:other:r1').keys)).toEqual(new Set([mentioned]));

    replyToThread(doc, mentioned, { author: '7', text: '@李娜 再看看', mentions: [me], at: 4 });
    expect(unreadThreadIds(readThreads(doc), me, reads.keys)).toEqual(new Set([mentioned]));
    reads.markRead(readThreads(doc).find((t) => t.id === mentioned)!, me);
    const reply = replyToThread(doc, other, { author: '7', text: '补充', at: 5 });
    expect(unreadThreadIds(readThreads(doc), me, reads.keys)).toEqual(new Set());
    editComment(doc, other, reply, '7', { text: '补充 @李娜', mentions: [me] });
    expect(unreadThreadIds(readThreads(doc), me, reads.keys)).toEqual(new Set([other]));
    // My own thread never counts as unread, though it mentions me; with no marks, the others do.
    expect(unreadThreadIds(readThreads(doc), me, new MentionReads(memoryStorage(), 'fresh').keys)).toEqual(new Set([mentioned, other]));
  });

  it('keep the newest marks only, and read damaged storage as none', () => {
    const doc = new Y.Doc();
    const storage = memoryStorage();
    storage.setItem('k', JSON.stringify(Array.from({ length: maxReadKeys }, (_, i) => `old${i}/c`)));
    const reads = new MentionReads(storage, 'k');
    const thread = createThread(doc, partAnchor('problems'), { author: '7', text: '@李娜', mentions: [me], at: 1 });
    reads.markRead(readThreads(doc)[0], me);
    const kept = JSON.parse(storage.getItem('k')!) as string[];
    expect(kept.length).toBe(maxReadKeys);
    expect(kept[0]).toBe('old1/c');
    expect(kept.at(-1)).toBe(`${thread}/${readThreads(doc)[0].comments[0].id}`);

    storage.setItem('bad', '{not json');
    expect(new MentionReads(storage, 'bad').keys.size).toBe(0);
    storage.setItem('bad', JSON.stringify({ a: 1 }));
    expect(new MentionReads(storage, 'bad').keys.size).toBe(0);
  });
});
