/**
 * Which mentions of me I have seen, for 我的提及's unread marks. Kept in this browser only
 * (localStorage, per report and user), as a set of `threadId/commentId` keys of comments that
 * mention me: a thread is unread while one of its comments mentioning me is not in the set, so a
 * later comment mentioning me again marks it unread again, and so does an edit that adds me to a
 * comment (it was not in the set: it did not mention me). My own comments are never unread.
 */
import type { ThreadView } from '../../../schema/comments/threads.ts';
import type { UserId } from '../../../schema/comments/values.ts';

/** The keys of the comments of `thread` that mention `me`. */
export function mentionKeysOf(thread: ThreadView, me: UserId): string[] {
  return thread.comments.filter((c) => c.mentions.includes(me) && c.author !== me).map((c) => `${thread.id}/${c.id}`);
}

/** The threads (ids) with a comment mentioning `me` not in `read`. */
export function unreadThreadIds(threads: readonly ThreadView[], me: UserId, read: ReadonlySet<string>): Set<string> {
  const unread = new Set<string>();
  for (const thread of threads) if (mentionKeysOf(thread, me).some((key) => !read.has(key))) unread.add(thread.id);
  return unread;
}

/** What the set keeps at most: the oldest keys go first (they are of threads read long ago). */
export const maxReadKeys = 2000;

/** The part of `Storage` the reads use. */
export type ReadsStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The read mentions of one user in one report, kept in `storage` under `key`. */
export class MentionReads {
  private read: ReadonlySet<string>;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly storage: ReadsStorage,
    private readonly key: string,
  ) {
    this.read = new Set(load(storage, key));
  }

  get keys(): ReadonlySet<string> {
    return this.read;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Marks every mention of `me` in `thread` read; tells the subscribers if that changed anything. */
  markRead(thread: ThreadView, me: UserId): void {
    const fresh = mentionKeysOf(thread, me).filter((key) => !this.read.has(key));
    if (fresh.length === 0) return;
    const next = [...this.read, ...fresh].slice(-maxReadKeys);
    this.read = new Set(next);
    try {
      this.storage.setItem(this.key, JSON.stringify(next));
    } catch {
      // A full or unavailable storage: the marks hold for this page only.
    }
    this.listeners.forEach((l) => l());
  }
}

function load(storage: ReadsStorage, key: string): string[] {
  try {
    const value: unknown = JSON.parse(storage.getItem(key) ?? '[]');
    return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}
