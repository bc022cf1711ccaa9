/**
 * What the page marks for comment threads: text ranges in each fragment's editor (ProseMirror
 * decorations) and table cells. Pure: from the threads `readThreads` gives, the threads shown (the
 * filter), the open one, and the anchor of a thread being written.
 */
import type { Node as PmNode } from '@tiptap/pm/model';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { CellId } from '../../../schema/format.ts';
import type { ResolvedAnchor } from '../../../schema/comments/resolve-anchor.ts';
import type { ThreadView } from '../../../schema/comments/threads.ts';
import type { FragmentKey } from '../../../schema/ydoc.ts';
import { cellOf } from './thread-filter.ts';

/** A thread's text in one editor: editor positions [from, to). `threadId` null: the thread being written. */
export interface TextHighlight {
  readonly threadId: string | null;
  readonly from: number;
  readonly to: number;
  readonly resolved: boolean;
  readonly active: boolean;
}

export interface CellMark {
  /** The threads on the cell, oldest first. */
  readonly threadIds: readonly string[];
  /** Every thread on the cell is resolved. */
  readonly resolved: boolean;
  /** One of them is open on the page (or being written). */
  readonly active: boolean;
}

/** Where the thread being written is: its anchor as resolved now (null for none). */
export type PendingAnchor = ResolvedAnchor | null;

/** The highlights of `fragment`'s editor, by position (threads whose text is gone have none). */
export function textHighlights(
  threads: readonly ThreadView[],
  fragment: FragmentKey,
  shown: (thread: ThreadView) => boolean,
  activeId: string | null,
  pending: PendingAnchor,
): TextHighlight[] {
  const out: TextHighlight[] = [];
  for (const thread of threads) {
    const p = thread.position;
    if (p.kind !== 'text' || !p.attached || p.fragment !== fragment || p.from >= p.to) continue;
    if (!shown(thread) && thread.id !== activeId) continue;
    out.push({ threadId: thread.id, from: p.from, to: p.to, resolved: thread.resolved, active: thread.id === activeId });
  }
  if (pending?.kind === 'text' && pending.attached && pending.fragment === fragment && pending.from < pending.to) {
    out.push({ threadId: null, from: pending.from, to: pending.to, resolved: false, active: true });
  }
  return out.sort((a, b) => a.from - b.from || a.to - b.to);
}

/** The marked cells, by cell id. */
export function cellMarks(
  threads: readonly ThreadView[],
  shown: (thread: ThreadView) => boolean,
  activeId: string | null,
  pending: PendingAnchor,
): Map<CellId, CellMark> {
  const marks = new Map<CellId, { threadIds: string[]; resolved: boolean; active: boolean }>();
  for (const thread of threads) {
    const cell = cellOf(thread);
    if (cell === null || (!shown(thread) && thread.id !== activeId)) continue;
    let mark = marks.get(cell);
    if (!mark) marks.set(cell, (mark = { threadIds: [], resolved: true, active: false }));
    mark.threadIds.push(thread.id);
    mark.resolved &&= thread.resolved;
    mark.active ||= thread.id === activeId;
  }
  if (pending?.kind === 'cell') {
    const cell = `${pending.part}.${pending.cell}` as CellId;
    const mark = marks.get(cell);
    marks.set(cell, { threadIds: mark?.threadIds ?? [], resolved: false, active: true });
  }
  return marks;
}

export function sameHighlights(a: readonly TextHighlight[], b: readonly TextHighlight[]): boolean {
  return (
    a.length === b.length &&
    a.every((h, i) => h.threadId === b[i].threadId && h.from === b[i].from && h.to === b[i].to && h.resolved === b[i].resolved && h.active === b[i].active)
  );
}

export function sameCellMark(a: CellMark, b: CellMark): boolean {
  return a.resolved === b.resolved && a.active === b.active && a.threadIds.length === b.threadIds.length && a.threadIds.every((id, i) => id === b.threadIds[i]);
}

/** The class every element of a thread's highlight has, to find where it is on the page. */
export function threadClass(threadId: string): string {
  return `comment-thread-${threadId}`;
}

/**
 * The decorations of `highlights` in `doc`. A range past the document's end (the editor has not
 * caught up with the document the positions were read from yet) is cut at the end; the next
 * positions, read once it has, replace these.
 */
export function highlightDecorations(doc: PmNode, highlights: readonly TextHighlight[]): DecorationSet {
  const size = doc.content.size;
  const decorations: Decoration[] = [];
  for (const h of highlights) {
    const from = Math.max(0, Math.min(h.from, size));
    const to = Math.min(h.to, size);
    if (from >= to) continue;
    const classes = ['comment-highlight'];
    if (h.threadId === null) classes.push('pending');
    else classes.push(threadClass(h.threadId));
    if (h.resolved) classes.push('resolved');
    if (h.active) classes.push('active');
    const attrs: Record<string, string> = { class: classes.join(' ') };
    if (h.threadId !== null) attrs['data-thread'] = h.threadId;
    decorations.push(Decoration.inline(from, to, attrs, { threadId: h.threadId, inclusiveStart: false, inclusiveEnd: false }));
  }
  return DecorationSet.create(doc, decorations);
}

/**
 * The thread whose highlight is at editor position `pos` (the shortest one where highlights
 * overlap), or null.
 */
export function threadAt(decorations: DecorationSet, pos: number): string | null {
  let best: { id: string; length: number } | null = null;
  for (const d of decorations.find(pos, pos)) {
    const id = (d.spec as { threadId?: string | null }).threadId;
    if (!id || pos < d.from || pos > d.to) continue;
    if (best === null || d.to - d.from < best.length) best = { id, length: d.to - d.from };
  }
  return best?.id ?? null;
}
