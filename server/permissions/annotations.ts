/**
 * The part of the update inspection that judges the `comments` and `signoffs` roots
 * (schema/comments/values.ts, schema/signoffs/records.ts), before anything is applied. Unlike
 * a text or a cell, whose items are judged one by one where they land, these roots hold
 * structures (a thread with its anchor and its list of comments, a comment with its author), so
 * their new and deleted items are collected and judged together once the whole update is placed:
 *
 * - rights-free (`violations`, refused to everyone): each value where the layout has it, of its
 *   type (an anchor that parses, a text of 1 to 10 000 characters, a user id…); nothing
 *   written once (a thread's anchor and comment list, a comment's id, author and time, a thread
 *   id) written again; every new thread and comment complete; no deletion of a thread's anchor
 *   or list, nor of a comment's id, author or time, without the thread or comment itself.
 * - who the update acts as (`AnnotationFootprint`), for the connection's judge
 *   (accounts/authorize-updates.ts): the author of every new comment and the author of every
 *   comment it edits or deletes (a thread's deletion deletes all of its comments, as Yjs does),
 *   the `by` of every sign-off record; the members it mentions; the sign-off steps whose
 *   records it writes or deletes. Resolving or reopening needs nobody in particular.
 *
 * A value written at a map key replaces (Yjs deletes) the one before it whatever its content, so
 * a write is judged by where it goes, a `ContentDeleted` item (what a client sends for a value
 * it wrote and replaced before syncing) included.
 */
import * as Y from 'yjs';
import {
  type UserId,
  commentKeys,
  commentKeysWrittenOnce,
  commentValueChecks,
  isEntityId,
  isUserId,
  requiredCommentKeys,
  requiredThreadKeys,
  threadKeys,
  threadKeysWrittenOnce,
  threadValueChecks,
} from '../../schema/comments/values.ts';
import { parseSignoffKey, parseSignoffRecord } from '../../schema/signoffs/records.ts';
import type { SignoffStep } from '../../schema/signoffs/steps.ts';
import { rootNames } from '../../schema/ydoc.ts';
import { type ParentType, type Placement, placeStored } from './placement.ts';

/** What an update does in `comments` and `signoffs` that depends on who sends it. */
export interface AnnotationFootprint {
  /** Users the update must come from: authors of the comments it adds, edits or deletes; signers of the records it writes. */
  readonly actingAs: ReadonlySet<UserId>;
  /** Users its new or edited comments mention: members only. */
  readonly mentions: ReadonlySet<UserId>;
  /** Sign-off steps whose records it writes or deletes: the sender must be designated for each. */
  readonly signoffSteps: ReadonlySet<SignoffStep>;
}

/** What holds an item in these roots. */
type Container = 'threads' | 'thread' | 'comment-list' | 'comment' | 'signoffs' | 'foreign';

type Content = Y.Item['content'];

interface Placed {
  readonly item: Y.Item;
  readonly at: Placement;
}

export class AnnotationInspection {
  private readonly added: Placed[] = [];
  private readonly deleted: Placed[] = [];
  /** Types the update creates, by the item holding each. */
  private readonly newTypes = new Map<Y.AbstractType<any>, Placed>();
  private readonly containers = new Map<Y.AbstractType<any>, Container>();
  /** Per new thread or comment, the keys given a value (not a deleted one). */
  private readonly valuedKeys = new Map<Y.AbstractType<any>, Set<string>>();
  private readonly newThreadIds = new Set<string>();
  private readonly deletedItems = new Set<Y.Item>();

  private readonly violations: string[] = [];
  private readonly actingAs = new Set<UserId>();
  private readonly mentions = new Set<UserId>();
  private readonly signoffSteps = new Set<SignoffStep>();

  constructor(private readonly doc: Y.Doc) {}

  /** A new item of the update, placed under `comments` or `signoffs`. */
  add(item: Y.Item, at: Placement): void {
    this.added.push({ item, at });
    if (item.content instanceof Y.ContentType) this.newTypes.set(item.content.type, { item, at });
  }

  /** A stored item, not deleted yet, that the update's delete set deletes. */
  delete(item: Y.Item, at: Placement): void {
    this.deleted.push({ item, at });
    this.deletedItems.add(item);
  }

  /** Judges what was collected; `violations` are refused to everyone. */
  finish(): { readonly violations: readonly string[]; readonly footprint: AnnotationFootprint } {
    for (const placed of this.added) this.judgeAdded(placed);
    for (const type of this.newTypes.keys()) {
      const container = this.containerOf(type);
      if (container !== 'thread' && container !== 'comment') continue;
      const keys = this.valuedKeys.get(type);
      const missing = (container === 'thread' ? requiredThreadKeys : requiredCommentKeys).filter((key) => !keys?.has(key));
      if (missing.length > 0) this.refuse(`comments: a new ${container} without ${missing.join(', ')}`);
    }
    for (const placed of this.deleted) this.judgeDeleted(placed);
    return { violations: this.violations, footprint: { actingAs: this.actingAs, mentions: this.mentions, signoffSteps: this.signoffSteps } };
  }

  // -- New items ----------------------------------------------------------------------------------

  private judgeAdded({ item, at }: Placed): void {
    const { content } = item;
    const sub = at.sub;
    switch (this.containerAt(at)) {
      case 'threads':
        if (sub === null || !isEntityId(sub)) return this.refuse(`comments: a thread id ${describeKey(sub)}`);
        // A thread id is written once: a second value would delete the thread and its comments.
        if (this.doc.getMap(rootNames.comments)._map.has(sub) || this.newThreadIds.has(sub)) return this.refuse(`comments: thread ${sub} written again`);
        this.newThreadIds.add(sub);
        if (isType(content, Y.Map) || content instanceof Y.ContentDeleted) return;
        return this.refuse(`comments[${sub}]: ${describe(content)} is not a thread`);
      case 'thread': {
        const thread = at.parent!;
        const isNew = this.newTypes.has(thread);
        if (sub === threadKeys.comments) {
          if (!isNew) return this.refuse('comments: a thread\'s comment list written again');
          if (!isType(content, Y.Array)) return this.refuse(`comments: ${describe(content)} as a thread's comment list`);
          return this.valued(thread, sub);
        }
        const check = sub === null ? undefined : threadValueChecks.get(sub);
        if (sub === null || check === undefined) return this.refuse(`comments: a thread key ${describeKey(sub)}`);
        if (!isNew && threadKeysWrittenOnce.has(sub)) return this.refuse(`comments: a thread's ${sub} written again`);
        if (content instanceof Y.ContentDeleted) {
          if (threadKeysWrittenOnce.has(sub)) this.refuse(`comments: a thread's ${sub} replaced`);
          return;
        }
        if (!isValue(content, check)) return this.refuse(`comments: a thread's ${sub}: ${describe(content)} of the wrong kind`);
        if (isNew) this.valued(thread, sub);
        return;
      }
      case 'comment-list':
        if (sub !== null) return this.refuse(`comments: a key ${describeKey(sub)} in a comment list`);
        if (isType(content, Y.Map) || content instanceof Y.ContentDeleted) return;
        return this.refuse(`comments: ${describe(content)} in a comment list`);
      case 'comment':
        return this.judgeCommentValue(at.parent!, sub, content);
      case 'signoffs': {
        const key = sub === null ? undefined : parseSignoffKey(sub);
        if (key === undefined) return this.refuse(`signoffs: a key ${describeKey(sub)}`);
        this.signoffSteps.add(key.step);
        if (content instanceof Y.ContentDeleted) return;
        const record = content instanceof Y.ContentAny && content.arr.length === 1 ? parseSignoffRecord(content.arr[0]) : undefined;
        if (record === undefined) return this.refuse(`signoffs[${sub}]: ${describe(content)} is not a sign-off record`);
        this.actingAs.add(record.by);
        return;
      }
      case 'foreign':
        return this.refuse(`${at.root}: ${describe(content)} inside a value`);
    }
  }

  private judgeCommentValue(comment: Y.AbstractType<any>, sub: string | null, content: Content): void {
    const check = sub === null ? undefined : commentValueChecks.get(sub);
    if (sub === null || check === undefined) return this.refuse(`comments: a comment key ${describeKey(sub)}`);
    const isNew = this.newTypes.has(comment);
    if (!isNew) {
      if (commentKeysWrittenOnce.has(sub)) return this.refuse(`comments: a comment's ${sub} written again`);
      this.actAsAuthorOf(comment);
    }
    if (content instanceof Y.ContentDeleted) {
      if (commentKeysWrittenOnce.has(sub)) this.refuse(`comments: a comment's ${sub} replaced`);
      return;
    }
    if (!isValue(content, check)) return this.refuse(`comments: a comment's ${sub}: ${describe(content)} of the wrong kind`);
    const value: unknown = (content as Y.ContentAny).arr[0];
    if (sub === commentKeys.author) this.actingAs.add(value as UserId);
    if (sub === commentKeys.mentions) for (const user of value as UserId[]) this.mentions.add(user);
    if (isNew) this.valued(comment, sub);
  }

  private valued(type: Y.AbstractType<any>, key: string): void {
    let keys = this.valuedKeys.get(type);
    if (keys === undefined) this.valuedKeys.set(type, (keys = new Set()));
    keys.add(key);
  }

  // -- Deletions ----------------------------------------------------------------------------------

  private judgeDeleted({ item, at }: Placed): void {
    switch (this.containerAt(at)) {
      case 'threads':
        // Yjs deletes whatever the thread holds with it.
        if (isType(item.content, Y.Map)) this.actAsAuthorsIn(item.content.type);
        return;
      case 'thread':
        if (at.sub === threadKeys.resolved) return;
        if (!this.deletedWith(at.parent!)) return this.refuse(`comments: a thread's ${describeKey(at.sub)} deleted without the thread`);
        if (at.sub === threadKeys.comments && isType(item.content, Y.Array)) this.actAsAuthorsOfList(item.content.type);
        return;
      case 'comment-list':
        if (isType(item.content, Y.Map)) this.actAsAuthorOf(item.content.type);
        return;
      case 'comment':
        this.actAsAuthorOf(at.parent!);
        if (at.sub !== null && commentKeysWrittenOnce.has(at.sub) && !this.deletedWith(at.parent!)) {
          this.refuse(`comments: a comment's ${at.sub} deleted without the comment`);
        }
        return;
      case 'signoffs': {
        const key = at.sub === null ? undefined : parseSignoffKey(at.sub);
        if (key === undefined) return this.refuse(`signoffs: deletes ${describeKey(at.sub)}, which is no sign-off`);
        this.signoffSteps.add(key.step);
        return;
      }
      case 'foreign':
        return this.refuse(`${at.root}: deletes inside a value`);
    }
  }

  /** The stored type's item is deleted already, or by this update. */
  private deletedWith(type: Y.AbstractType<any>): boolean {
    const holder = type._item;
    return holder !== null && (holder.deleted || this.deletedItems.has(holder));
  }

  private actAsAuthorsIn(thread: Y.AbstractType<any>): void {
    const list = thread instanceof Y.Map ? thread.get(threadKeys.comments) : undefined;
    if (list instanceof Y.Array) this.actAsAuthorsOfList(list);
  }

  private actAsAuthorsOfList(list: Y.Array<unknown>): void {
    for (const comment of list.toArray()) if (comment instanceof Y.Map) this.actAsAuthorOf(comment);
  }

  /** A stored comment's author (a comment without a valid one, which no update creates, is nobody's). */
  private actAsAuthorOf(comment: Y.AbstractType<any>): void {
    const author: unknown = comment instanceof Y.Map ? comment.get(commentKeys.author) : undefined;
    if (isUserId(author)) this.actingAs.add(author);
    else this.refuse('comments: changes a comment without an author');
  }

  // -- What holds what ----------------------------------------------------------------------------

  private containerAt(at: Placement): Container {
    if (at.parent === null) return at.root === rootNames.comments ? 'threads' : 'signoffs';
    return this.containerOf(at.parent);
  }

  /** What `type` is: a new one by the item of the update holding it, a stored one by its own item. */
  private containerOf(type: Y.AbstractType<any>): Container {
    let container = this.containers.get(type);
    if (container !== undefined) return container;
    const created = this.newTypes.get(type);
    let holder: Placement | undefined;
    if (created !== undefined) holder = created.at;
    else if (type._item !== null) {
      const placed = placeStored(type._item);
      holder = typeof placed === 'string' ? undefined : placed;
    }
    container = holder === undefined ? 'foreign' : containerHolding(type, this.containerAt(holder), holder.sub);
    this.containers.set(type, container);
    return container;
  }

  private refuse(violation: string): void {
    this.violations.push(violation);
  }
}

/** What a type is, from what holds it and under which key. */
function containerHolding(type: Y.AbstractType<any>, outer: Container, key: string | null): Container {
  if (outer === 'threads' && type instanceof Y.Map) return 'thread';
  if (outer === 'thread' && key === threadKeys.comments && type instanceof Y.Array) return 'comment-list';
  if (outer === 'comment-list' && type instanceof Y.Map) return 'comment';
  return 'foreign';
}

function isType<T extends Y.AbstractType<any>>(content: Content, kind: abstract new (...args: any[]) => T): content is Y.ContentType & { type: T } {
  // Exact kinds: a Y.XmlHook is a Y.Map, and no client writes one here.
  return content instanceof Y.ContentType && content.type.constructor === kind;
}

function isValue(content: Content, check: (value: unknown) => boolean): boolean {
  return content instanceof Y.ContentAny && content.arr.length === 1 && check(content.arr[0]);
}

function describe(content: Content): string {
  if (content instanceof Y.ContentAny) return content.arr.length === 1 ? `a ${content.arr[0] === null ? 'null' : Array.isArray(content.arr[0]) ? 'list' : typeof content.arr[0]}` : `${content.arr.length} values`;
  if (content instanceof Y.ContentType) return `a ${content.type.constructor.name}`;
  if (content instanceof Y.ContentDeleted) return 'deleted content';
  return 'content of another kind';
}

function describeKey(key: string | null): string {
  return key === null ? '(none)' : JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
}

/** Who sends an update, as far as comments and sign-offs go. */
export interface AnnotationActor {
  /** The connection's account id. */
  readonly user: UserId;
  isMember(user: UserId): boolean;
  /** Whether the sender is designated for `step`. */
  isDesignated(step: SignoffStep): boolean;
}

/**
 * Why `actor` may not send an update with this footprint, or undefined if they may: every
 * comment it adds, edits or deletes is theirs, every record it writes names them, it mentions
 * members only, and they are designated for every step whose record it writes or deletes.
 */
export function annotationRefusal(footprint: AnnotationFootprint, actor: AnnotationActor): string | undefined {
  for (const user of footprint.actingAs) {
    if (user !== actor.user) return `acts as user ${user} in comments or sign-offs`;
  }
  for (const user of footprint.mentions) {
    if (!actor.isMember(user)) return `mentions user ${user}, who is not a member of the report`;
  }
  for (const step of footprint.signoffSteps) {
    if (!actor.isDesignated(step)) return `writes the sign-off step ${step}, which the owner did not designate them for`;
  }
  return undefined;
}
