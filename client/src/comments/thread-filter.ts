/**
 * Which threads the page shows, where, and how many are open: pure functions of the threads
 * `readThreads` gives and of who is looking.
 */
import type { CellId, PartKey } from '../../../schema/format.ts';
import { partKeys } from '../../../schema/format.ts';
import { isCellAnchor, isTextAnchor } from '../../../schema/comments/anchor.ts';
import type { ThreadView } from '../../../schema/comments/threads.ts';
import type { UserId } from '../../../schema/comments/values.ts';
import type { FragmentKey } from '../../../schema/ydoc.ts';

export const threadFilters = ['open', 'resolved', 'mine'] as const;
/** 未解决, 已解决, 我的 (started, replied to, or mentioning me; open or resolved). */
export type ThreadFilter = (typeof threadFilters)[number];

export const threadFilterLabels: Readonly<Record<ThreadFilter, string>> = {
  open: '未解决',
  resolved: '已解决',
  mine: '我的',
};

/** Whether `user` wrote a comment in the thread or is mentioned in it. */
export function isMine(thread: ThreadView, user: UserId | null): boolean {
  if (user === null) return false;
  return thread.comments.some((c) => c.author === user || c.mentions.includes(user));
}

export function threadMatches(thread: ThreadView, filter: ThreadFilter, user: UserId | null): boolean {
  switch (filter) {
    case 'open':
      return !thread.resolved;
    case 'resolved':
      return thread.resolved;
    case 'mine':
      return isMine(thread, user);
  }
}

/** How many threads each filter shows. */
export function filterCounts(threads: readonly ThreadView[], user: UserId | null): Record<ThreadFilter, number> {
  const counts: Record<ThreadFilter, number> = { open: 0, resolved: 0, mine: 0 };
  for (const thread of threads) for (const filter of threadFilters) if (threadMatches(thread, filter, user)) counts[filter]++;
  return counts;
}

/** Open (unresolved) threads per part, the preamble's counted in 一's: the outline's numbers. */
export function openCountsByPart(threads: readonly ThreadView[]): Record<PartKey, number> {
  const counts = Object.fromEntries(partKeys.map((p) => [p, 0])) as Record<PartKey, number>;
  for (const thread of threads) if (!thread.resolved) counts[thread.anchor.part]++;
  return counts;
}

/**
 * The section of the page a thread's card is shown beside: the fragment its text is in (the
 * preamble has its own section, above 一's), else its part.
 */
export function sectionOf(thread: ThreadView): FragmentKey {
  return isTextAnchor(thread.anchor) ? thread.anchor.fragment : thread.anchor.part;
}

/** The id of the cell a thread is on (`requests.received.natural`), or null for another anchor. */
export function cellOf(thread: ThreadView): CellId | null {
  return isCellAnchor(thread.anchor) ? (`${thread.anchor.part}.${thread.anchor.cell}` as CellId) : null;
}
