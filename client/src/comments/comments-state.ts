/**
 * Comments on one open report page: the threads (threads-store.ts), who is looking and whether
 * they may comment, what the page shows (the filter, the open thread, the thread being written),
 * and from these the highlights of each editor and the marks of the cells. Every write goes
 * through schema/comments/threads.ts as the signed-in user; the server refuses anything else.
 */
import type { EditorView } from '@tiptap/pm/view';
import type * as Y from 'yjs';
import { type Anchor, cellAnchor, isTextAnchor, partAnchor } from '../../../schema/comments/anchor.ts';
import { resolveAnchor } from '../../../schema/comments/resolve-anchor.ts';
import { textAnchorFromEditor } from '../../../schema/comments/text-anchor.ts';
import {
  createThread,
  deleteComment,
  editComment,
  replyToThread,
  setThreadResolved,
  type ThreadView,
} from '../../../schema/comments/threads.ts';
import type { UserId } from '../../../schema/comments/values.ts';
import { type PartKey, isTablePart } from '../../../schema/format.ts';
import { type FragmentKey, fragmentKeys } from '../../../schema/ydoc.ts';
import { KeyedStore } from '../collab/keyed-store.ts';
import { type CellMark, type PendingAnchor, type TextHighlight, cellMarks, sameCellMark, sameHighlights, textHighlights } from './highlights.ts';
import type { HighlightSource } from './highlight-extension.ts';
import { MentionReads } from './mention-reads.ts';
import type { Mentionable } from './mentions.ts';
import { type ThreadFilter, threadMatches } from './thread-filter.ts';
import { ThreadsStore } from './threads-store.ts';

/** Who is looking at the page. */
export interface CommentViewer {
  /** The account id; null without accounts (nobody can be named as an author then). */
  readonly userId: UserId | null;
  /** Owners, editors and reviewers comment; viewers read. */
  readonly canComment: boolean;
  /** The report's members who can be mentioned (and whose names the cards show). */
  readonly members: readonly Mentionable[];
  /** Where this user's read mentions of this report are kept (localStorage), or null without an account. */
  readonly readsKey: string | null;
}

/** A thread being written: where, and the section of the page its card shows in. */
export interface Draft {
  /** A new one for each thread started (its composer starts empty). */
  readonly id: number;
  readonly anchor: Anchor;
  readonly section: FragmentKey;
}

export interface CommentsUi {
  readonly filter: ThreadFilter;
  /** The thread open on the page (its card expanded, its highlight stronger). */
  readonly activeId: string | null;
  /** Bumped when a thread is opened from elsewhere (a highlight, 我的提及): its card scrolls into view. */
  readonly reveal: number;
  readonly draft: Draft | null;
  /** A message for the person (Ctrl+Alt+M with nothing to comment on, a refused write). */
  readonly notice: string | null;
}

const nobody: CommentViewer = { userId: null, canComment: false, members: [], readsKey: null };

export class CommentsState implements HighlightSource {
  readonly threads: ThreadsStore;
  /** Highlights by fragment, for the editors. */
  readonly textHighlights = new KeyedStore<readonly TextHighlight[]>(sameHighlights);
  /** Marks by cell id, for the tables. */
  readonly cellMarks = new KeyedStore<CellMark>(sameCellMark);
  private viewerNow: CommentViewer = nobody;
  private readsNow: MentionReads | null = null;
  private uiNow: CommentsUi = { filter: 'open', activeId: null, reveal: 0, draft: null, notice: null };
  private readonly listeners = new Set<() => void>();
  private readonly editors = new Map<FragmentKey, EditorView>();
  private readonly stopThreads: () => void;

  constructor(private readonly doc: Y.Doc) {
    this.threads = new ThreadsStore(doc);
    this.stopThreads = this.threads.subscribe(() => this.derive());
    this.derive();
  }

  get viewer(): CommentViewer {
    return this.viewerNow;
  }

  get ui(): CommentsUi {
    return this.uiNow;
  }

  /** The mentions of the viewer they have read (null without an account). */
  get reads(): MentionReads | null {
    return this.readsNow;
  }

  /** For `useSyncExternalStore`: the viewer and the UI state. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  setViewer(viewer: CommentViewer): void {
    if (viewer.readsKey !== this.viewerNow.readsKey) this.readsNow = viewer.readsKey === null ? null : new MentionReads(window.localStorage, viewer.readsKey);
    const same =
      viewer.readsKey === this.viewerNow.readsKey &&
      viewer.userId === this.viewerNow.userId &&
      viewer.canComment === this.viewerNow.canComment &&
      viewer.members.length === this.viewerNow.members.length &&
      viewer.members.every((m, i) => m.id === this.viewerNow.members[i].id && m.displayName === this.viewerNow.members[i].displayName && m.name === this.viewerNow.members[i].name);
    if (same) return;
    this.viewerNow = viewer;
    if (!viewer.canComment && this.uiNow.draft) this.uiNow = { ...this.uiNow, draft: null };
    this.changed();
  }

  setFilter(filter: ThreadFilter): void {
    this.setUi({ filter });
  }

  /** Opens a thread; the filter widens if it would hide it. */
  openThread = (threadId: string): void => {
    const thread = this.threads.all.find((t) => t.id === threadId);
    if (!thread) return;
    const filter = threadMatches(thread, this.uiNow.filter, this.viewerNow.userId) ? this.uiNow.filter : thread.resolved ? 'resolved' : 'open';
    this.setUi({ activeId: threadId, filter, reveal: this.uiNow.reveal + 1, notice: null });
  };

  /** Marks a thread open without scrolling to it (a click on its card). */
  focusThread(threadId: string | null): void {
    if (this.uiNow.activeId !== threadId) this.setUi({ activeId: threadId });
  }

  dismissNotice(): void {
    if (this.uiNow.notice !== null) this.setUi({ notice: null });
  }

  /** Starts a thread on a whole part (the part header's button). */
  commentOnPart(part: PartKey): void {
    this.startDraft(partAnchor(part));
  }

  /**
   * Ctrl+Alt+M: starts a thread on the table cell that has the focus, or on the text selected in
   * one of the editors. Says why not when there is neither.
   */
  commentOnSelection(): void {
    if (!this.viewerNow.canComment) return;
    const focused = document.activeElement;
    if (focused instanceof HTMLInputElement && focused.dataset.cell) {
      const anchor = anchorOfCell(focused.dataset.cell);
      if (anchor) return this.startDraft(anchor);
    }
    for (const [fragment, view] of this.editors) {
      const range = selectionIn(view);
      if (range === null) continue;
      const made = textAnchorFromEditor(this.doc, fragment, range.from, range.to);
      if (made.ok) return this.startDraft(made.anchor);
      return this.setUi({ notice: made.message });
    }
    this.setUi({ notice: '请先选中要批注的文字，或将光标放在表格的单元格中' });
  }

  cancelDraft(): void {
    if (this.uiNow.draft !== null) this.setUi({ draft: null });
  }

  /** Posts the thread being written; returns false (with a notice) if it could not be written. */
  postDraft(text: string, mentions: readonly UserId[]): boolean {
    const draft = this.uiNow.draft;
    const author = this.viewerNow.userId;
    if (draft === null || author === null) return false;
    return this.write(() => {
      const id = createThread(this.doc, draft.anchor, { author, text, mentions });
      this.threads.refresh();
      this.setUi({ draft: null, activeId: id, filter: this.uiNow.filter === 'resolved' ? 'open' : this.uiNow.filter });
    });
  }

  reply(threadId: string, text: string, mentions: readonly UserId[]): boolean {
    const author = this.viewerNow.userId;
    if (author === null) return false;
    return this.write(() => replyToThread(this.doc, threadId, { author, text, mentions }));
  }

  edit(threadId: string, commentId: string, text: string, mentions: readonly UserId[]): boolean {
    const author = this.viewerNow.userId;
    if (author === null) return false;
    return this.write(() => editComment(this.doc, threadId, commentId, author, { text, mentions }));
  }

  remove(threadId: string, commentId: string): boolean {
    const author = this.viewerNow.userId;
    if (author === null) return false;
    return this.write(() => deleteComment(this.doc, threadId, commentId, author));
  }

  setResolved(threadId: string, resolved: boolean): boolean {
    return this.write(() => setThreadResolved(this.doc, threadId, resolved));
  }

  registerEditor(fragment: FragmentKey, view: EditorView): () => void {
    this.editors.set(fragment, view);
    return () => {
      if (this.editors.get(fragment) === view) this.editors.delete(fragment);
    };
  }

  destroy(): void {
    this.stopThreads();
    this.threads.destroy();
    this.listeners.clear();
    this.editors.clear();
  }

  private startDraft(anchor: Anchor): void {
    if (!this.viewerNow.canComment) return;
    const section: FragmentKey = isTextAnchor(anchor) ? anchor.fragment : anchor.part;
    const id = (this.uiNow.draft?.id ?? 0) + 1;
    this.setUi({ draft: { id, anchor, section }, activeId: null, notice: null, reveal: this.uiNow.reveal + 1 });
  }

  /** One write as this user; the model throws rather than write what the server refuses. */
  private write(action: () => void): boolean {
    if (!this.viewerNow.canComment) return false;
    try {
      action();
      this.threads.refresh();
      return true;
    } catch (error) {
      // The model refuses what the server would (an overlong text, someone else's comment):
      // nothing was written. The reason is for developers; the person is told it did not save.
      console.warn('comment not written', error);
      this.setUi({ notice: '批注未能保存（内容不符合要求或已无权修改），请检查后重试' });
      return false;
    }
  }

  private setUi(change: Partial<CommentsUi>): void {
    this.uiNow = { ...this.uiNow, ...change };
    this.changed();
  }

  private changed(): void {
    this.derive();
    this.listeners.forEach((l) => l());
  }

  /** The highlights and cell marks for the threads, filter, open thread and draft now; the open thread's mentions read. */
  private derive(): void {
    const threads = this.threads.all;
    const { filter, activeId, draft } = this.uiNow;
    const user = this.viewerNow.userId;
    const active = activeId === null ? undefined : threads.find((t) => t.id === activeId);
    if (active && user !== null) this.readsNow?.markRead(active, user);
    const shown = (thread: ThreadView) => threadMatches(thread, filter, user);
    const pending: PendingAnchor = draft ? resolveAnchor(this.doc, draft.anchor) : null;
    for (const fragment of fragmentKeys) this.textHighlights.set(fragment, textHighlights(threads, fragment, shown, activeId, pending));
    this.cellMarks.replaceAll(cellMarks(threads, shown, activeId, pending));
  }
}

/** The cell anchor of an input's `data-cell` (`requests.received.natural`), if it is a cell of a table. */
function anchorOfCell(id: string): Anchor | null {
  const dot = id.indexOf('.');
  const table = id.slice(0, dot) as PartKey;
  if (dot < 0 || !isTablePart(table)) return null;
  try {
    return cellAnchor(table, id.slice(dot + 1));
  } catch {
    return null;
  }
}

/**
 * The selection in an editor as editor positions, or null if there is none in it. Read from the
 * page's selection, which is current even in the moment before ProseMirror reads a selection the
 * keyboard just changed (it does on the next `selectionchange`), and exists in a read-only editor
 * too, which is never focused.
 */
function selectionIn(view: EditorView): { from: number; to: number } | null {
  const selection = view.dom.ownerDocument.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const { anchorNode, focusNode } = selection;
  if (!anchorNode || !focusNode || !view.dom.contains(anchorNode) || !view.dom.contains(focusNode)) return null;
  try {
    const a = view.posAtDOM(anchorNode, selection.anchorOffset);
    const b = view.posAtDOM(focusNode, selection.focusOffset);
    return a === b ? null : { from: Math.min(a, b), to: Math.max(a, b) };
  } catch {
    return null;
  }
}
