/**
 * What the `comments` root holds, key by key, and the checks of its values: the one statement
 * the browser writes by (threads.ts) and the server enforces on every update
 * (server/permissions/annotations.ts). Maps, not object literals, hold what is looked up by a
 * key from an update: `__proto__` must not find anything.
 *
 *   comments: Y.Map  threadId → thread
 *   thread:   Y.Map  anchor (JSON, anchor.ts), resolved (boolean), comments (Y.Array of comment)
 *   comment:  Y.Map  id, author, text, at, mentions, edited (after an edit)
 *
 * A thread's `anchor` and `comments`, and a comment's `id`, `author` and `at`, are written once,
 * when it is created; `resolved` by any commenter; `text`, `mentions`, `edited` by the author.
 */
import { parseAnchor } from './anchor.ts';

/** A user as the document names them: the account id, in decimal (`"7"`). */
export type UserId = string;

const userIdPattern = /^[1-9][0-9]{0,15}$/;
const entityIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

export function isUserId(value: unknown): value is UserId {
  return typeof value === 'string' && userIdPattern.test(value);
}

/** A thread's key, or a comment's id: random, from the browser (`newEntityId`). */
export function isEntityId(value: unknown): value is string {
  return typeof value === 'string' && entityIdPattern.test(value);
}

/** The longest comment kept (issue 16): a comment is a remark, not a document. */
export const maxCommentLength = 10_000;
/** The most members one comment mentions. */
export const maxMentions = 50;

export function isCommentText(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= maxCommentLength;
}

/** A time, as the browser's clock gave it: milliseconds since the epoch. */
export function isTimestamp(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** Mentioned members: distinct user ids, at most `maxMentions`. */
export function isMentionList(value: unknown): value is readonly UserId[] {
  return Array.isArray(value) && value.length <= maxMentions && value.every(isUserId) && new Set(value).size === value.length;
}

/** A thread's keys and the check of each value. */
export const threadKeys = {
  anchor: 'anchor',
  resolved: 'resolved',
  comments: 'comments',
} as const;

/** A comment's keys. */
export const commentKeys = {
  id: 'id',
  author: 'author',
  text: 'text',
  at: 'at',
  mentions: 'mentions',
  edited: 'edited',
} as const;

/** Thread values that are JSON (`comments` is a Y.Array), with their checks. */
export const threadValueChecks: ReadonlyMap<string, (value: unknown) => boolean> = new Map<string, (value: unknown) => boolean>([
  [threadKeys.anchor, (value) => parseAnchor(value) !== undefined],
  [threadKeys.resolved, (value) => typeof value === 'boolean'],
]);

/** Comment values with their checks; every one is JSON. */
export const commentValueChecks: ReadonlyMap<string, (value: unknown) => boolean> = new Map<string, (value: unknown) => boolean>([
  [commentKeys.id, isEntityId],
  [commentKeys.author, isUserId],
  [commentKeys.text, isCommentText],
  [commentKeys.at, isTimestamp],
  [commentKeys.mentions, isMentionList],
  [commentKeys.edited, isTimestamp],
]);

/** Keys a thread gets when it is created and never again. */
export const threadKeysWrittenOnce: ReadonlySet<string> = new Set([threadKeys.anchor, threadKeys.comments]);
/** Keys every new thread has. */
export const requiredThreadKeys: readonly string[] = [threadKeys.anchor, threadKeys.comments];

/** Keys a comment gets when it is created and never again. */
export const commentKeysWrittenOnce: ReadonlySet<string> = new Set([commentKeys.id, commentKeys.author, commentKeys.at]);
/** Keys every new comment has. */
export const requiredCommentKeys: readonly string[] = [commentKeys.id, commentKeys.author, commentKeys.text, commentKeys.at, commentKeys.mentions];

/**
 * A fresh id for a thread or a comment: 96 random bits. `crypto.getRandomValues` exists in Node
 * and in every browser, secure context or not (`randomUUID` needs https).
 */
export function newEntityId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += byte.toString(16).padStart(2, '0');
  return id;
}
