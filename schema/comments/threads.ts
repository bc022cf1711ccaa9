/**
 * Comment threads in the report's Y.Doc (`comments` root, layout in values.ts): what the browser
 * calls to comment, and what it and the REST API read. Each write is one transaction, hence one
 * update, in exactly the shape the server accepts (server/permissions/annotations.ts); a write
 * the server would refuse — an empty or overlong text, someone else's comment — throws here
 * instead, since a refused update costs the browser its unsent changes.
 */
import * as Y from 'yjs';
import { rootNames } from '../ydoc.ts';
import { type Anchor, parseAnchor } from './anchor.ts';
import { AnchorResolver, type ResolvedAnchor } from './resolve-anchor.ts';
import {
  type UserId,
  commentKeys,
  isCommentText,
  isEntityId,
  isMentionList,
  isTimestamp,
  isUserId,
  maxCommentLength,
  newEntityId,
  threadKeys,
} from './values.ts';

export interface CommentView {
  readonly id: string;
  readonly author: UserId;
  readonly text: string;
  /** ms since the epoch, by the author's clock. */
  readonly at: number;
  readonly mentions: readonly UserId[];
  /** When the author last edited it (ms), or null. */
  readonly edited: number | null;
}

export interface ThreadView {
  readonly id: string;
  readonly anchor: Anchor;
  readonly resolved: boolean;
  /** Oldest first; a thread without comments left is not listed. */
  readonly comments: readonly CommentView[];
  /** Where the anchor is now (resolve-anchor.ts). */
  readonly position: ResolvedAnchor;
}

/** What a new comment says. `at` defaults to now. */
export interface NewComment {
  readonly author: UserId;
  readonly text: string;
  readonly mentions?: readonly UserId[];
  readonly at?: number;
}

export function commentsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(rootNames.comments);
}

/** Starts a thread on `anchor` with its first comment; returns the thread's id. */
export function createThread(doc: Y.Doc, anchor: Anchor, first: NewComment): string {
  if (parseAnchor(anchor) === undefined) throw new Error('createThread: not an anchor');
  const comment = newCommentMap(first);
  const threadId = newEntityId();
  doc.transact(() => {
    const thread = new Y.Map<unknown>();
    const list = new Y.Array<Y.Map<unknown>>();
    list.push([comment]);
    thread.set(threadKeys.anchor, { ...anchor });
    thread.set(threadKeys.resolved, false);
    thread.set(threadKeys.comments, list);
    commentsMap(doc).set(threadId, thread);
  });
  return threadId;
}

/** Adds a comment at the end of a thread; returns the comment's id. */
export function replyToThread(doc: Y.Doc, threadId: string, reply: NewComment): string {
  const list = commentList(doc, threadId);
  const comment = newCommentMap(reply);
  doc.transact(() => list.push([comment]));
  return comment.get(commentKeys.id) as string;
}

/** Changes the text (and mentions) of `by`'s own comment, and marks it edited. */
export function editComment(doc: Y.Doc, threadId: string, commentId: string, by: UserId, change: { readonly text: string; readonly mentions?: readonly UserId[]; readonly at?: number }): void {
  const comment = ownComment(doc, threadId, commentId, by);
  checkContent(change.text, change.mentions ?? []);
  const at = change.at ?? Date.now();
  if (!isTimestamp(at)) throw new Error('editComment: not a time');
  doc.transact(() => {
    comment.set(commentKeys.text, change.text);
    comment.set(commentKeys.mentions, [...(change.mentions ?? [])]);
    comment.set(commentKeys.edited, at);
  });
}

/**
 * Deletes `by`'s own comment. The thread stays, without it (a thread with no comments left is
 * not listed): deleting the thread itself would race with someone's reply arriving meanwhile,
 * whose deletion the server refuses to anyone but its author.
 */
export function deleteComment(doc: Y.Doc, threadId: string, commentId: string, by: UserId): void {
  ownComment(doc, threadId, commentId, by);
  const list = commentList(doc, threadId);
  doc.transact(() => {
    const index = list.toArray().findIndex((c) => c.get(commentKeys.id) === commentId);
    if (index >= 0) list.delete(index, 1);
  });
}

/** Resolves or reopens a thread (any member who may comment). */
export function setThreadResolved(doc: Y.Doc, threadId: string, resolved: boolean): void {
  const thread = threadMap(doc, threadId);
  if (thread.get(threadKeys.resolved) === resolved) return;
  doc.transact(() => thread.set(threadKeys.resolved, resolved));
}

/**
 * Every thread with at least one comment, oldest first (by first comment, then id), each with
 * where its anchor is now. Entries that are not threads (none reach a document the server
 * judged) are left out.
 */
export function readThreads(doc: Y.Doc): ThreadView[] {
  const resolver = new AnchorResolver(doc);
  const threads: ThreadView[] = [];
  commentsMap(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map) || !isEntityId(id)) return;
    const anchor = parseAnchor(value.get(threadKeys.anchor));
    const list = value.get(threadKeys.comments);
    if (anchor === undefined || !(list instanceof Y.Array)) return;
    const comments = list.toArray().flatMap((c: unknown) => (c instanceof Y.Map ? readComment(c) : undefined) ?? []);
    if (comments.length === 0) return;
    threads.push({ id, anchor, resolved: value.get(threadKeys.resolved) === true, comments, position: resolver.resolve(anchor) });
  });
  return threads.sort((a, b) => a.comments[0].at - b.comments[0].at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The threads in which a comment mentions `user` (the 我的提及 list). */
export function threadsMentioning(threads: readonly ThreadView[], user: UserId): ThreadView[] {
  return threads.filter((thread) => thread.comments.some((comment) => comment.mentions.includes(user)));
}

function readComment(map: Y.Map<unknown>): CommentView | undefined {
  const id = map.get(commentKeys.id);
  const author = map.get(commentKeys.author);
  const text = map.get(commentKeys.text);
  const at = map.get(commentKeys.at);
  const mentions = map.get(commentKeys.mentions);
  const edited = map.get(commentKeys.edited);
  if (!isEntityId(id) || !isUserId(author) || !isCommentText(text) || !isTimestamp(at) || !isMentionList(mentions)) return undefined;
  return { id, author, text, at, mentions, edited: isTimestamp(edited) ? edited : null };
}

function newCommentMap({ author, text, mentions = [], at = Date.now() }: NewComment): Y.Map<unknown> {
  if (!isUserId(author)) throw new Error('comment author is not a user id');
  if (!isTimestamp(at)) throw new Error('comment time is not a time');
  checkContent(text, mentions);
  const comment = new Y.Map<unknown>();
  comment.set(commentKeys.id, newEntityId());
  comment.set(commentKeys.author, author);
  comment.set(commentKeys.text, text);
  comment.set(commentKeys.at, at);
  comment.set(commentKeys.mentions, [...mentions]);
  return comment;
}

function checkContent(text: string, mentions: readonly UserId[]): void {
  if (!isCommentText(text)) throw new Error(`comment text must have 1 to ${maxCommentLength} characters`);
  if (!isMentionList(mentions)) throw new Error('mentions must be distinct user ids');
}

function threadMap(doc: Y.Doc, threadId: string): Y.Map<unknown> {
  const thread = commentsMap(doc).get(threadId);
  if (!(thread instanceof Y.Map)) throw new Error(`no thread ${threadId}`);
  return thread;
}

function commentList(doc: Y.Doc, threadId: string): Y.Array<Y.Map<unknown>> {
  const list = threadMap(doc, threadId).get(threadKeys.comments);
  if (!(list instanceof Y.Array)) throw new Error(`thread ${threadId} has no comments`);
  return list;
}

function ownComment(doc: Y.Doc, threadId: string, commentId: string, by: UserId): Y.Map<unknown> {
  const comment = commentList(doc, threadId)
    .toArray()
    .find((c) => c instanceof Y.Map && c.get(commentKeys.id) === commentId);
  if (comment === undefined) throw new Error(`no comment ${commentId} in thread ${threadId}`);
  if (comment.get(commentKeys.author) !== by) throw new Error('only its author edits or deletes a comment');
  return comment;
}
