/**
 * The report's comment threads as the page shows them: `readThreads` of the session's Y.Doc,
 * read again at most once per animation frame after a transaction that changed the comments or
 * any text (an anchor's position follows the text), so that a burst of changes costs one
 * reading, done before the next paint. Subscribers hear of a reading that differs from the last.
 */
import type * as Y from 'yjs';
import { commentsMap, readThreads, type ThreadView } from '../../../schema/comments/threads.ts';
import type { ResolvedAnchor } from '../../../schema/comments/resolve-anchor.ts';
import { fragmentKeys, rootNames } from '../../../schema/ydoc.ts';
import { changedRootNames } from '../collab/changed-roots.ts';

/** The roots a thread's reading depends on: the threads, and the text their anchors are in. */
const threadRoots: ReadonlySet<string> = new Set([rootNames.comments, ...fragmentKeys.map((k) => rootNames.text[k])]);

export class ThreadsStore {
  private list: readonly ThreadView[];
  private readonly listeners = new Set<() => void>();
  private frame = 0;

  constructor(private readonly doc: Y.Doc) {
    this.list = readThreads(doc);
    doc.on('afterTransaction', this.onTransaction);
  }

  get all(): readonly ThreadView[] {
    return this.list;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Reads the threads now (after this page wrote one: its card shows at once). */
  refresh(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const next = readThreads(this.doc);
    if (sameThreads(next, this.list)) return;
    this.list = next;
    this.listeners.forEach((l) => l());
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
    if (this.frame) cancelAnimationFrame(this.frame);
    this.listeners.clear();
  }

  private onTransaction = (transaction: Y.Transaction): void => {
    if (this.frame) return;
    // Text typed while there is no thread moves nothing.
    if (this.list.length === 0 && commentsMap(this.doc).size === 0) return;
    for (const name of changedRootNames(this.doc, transaction)) {
      if (!threadRoots.has(name)) continue;
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.refresh();
      });
      return;
    }
  };
}

function sameThreads(a: readonly ThreadView[], b: readonly ThreadView[]): boolean {
  return a.length === b.length && a.every((t, i) => sameThread(t, b[i]));
}

function sameThread(a: ThreadView, b: ThreadView): boolean {
  return (
    a.id === b.id &&
    a.resolved === b.resolved &&
    samePosition(a.position, b.position) &&
    a.comments.length === b.comments.length &&
    a.comments.every((c, i) => {
      const d = b.comments[i];
      return c.id === d.id && c.text === d.text && c.edited === d.edited && c.mentions.length === d.mentions.length && c.mentions.every((m, j) => m === d.mentions[j]);
    })
  );
}

function samePosition(a: ResolvedAnchor, b: ResolvedAnchor): boolean {
  if (a.kind !== 'text' || b.kind !== 'text') return a.kind === b.kind;
  if (!a.attached || !b.attached) return a.attached === b.attached;
  return a.from === b.from && a.to === b.to && a.text === b.text && a.exact === b.exact;
}
