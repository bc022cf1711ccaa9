/**
 * What an incoming Yjs update (V1 encoding, as y-websocket sends) would change in a document,
 * found WITHOUT applying it: the root types it inserts into or deletes from, and the cell keys.
 *
 * This mirrors how Yjs itself places a struct when it integrates one (`Item.getMissing`):
 * - a new item names its parent by root name (a string), by the ID of the item holding the
 *   parent type (a paragraph holding its text), or not at all when it has an `origin` /
 *   `rightOrigin`, in which case it takes the parent of the item to its left (or right);
 * - if the left or right neighbour is garbage-collected, or the parent item is, Yjs turns the
 *   new item into a GC struct: it changes nothing;
 * - an item the document already holds entirely is skipped; a `GC` struct only reserves clock
 *   space (its content is gone by definition), a `Skip` is a gap in the update.
 * Referenced IDs are looked up in the document's store when it has them, else among the
 * update's own structs (a new paragraph and the text inside it arrive together).
 * Deletions: the delete set's ranges are walked over the store's structs; ranges the store
 * already deleted are no-ops (a client's sync step 2 carries its whole delete set, every time).
 * Each new item's content is checked against where it lands (content-check.ts): the report's
 * schema, the same for everyone.
 */
import * as Y from 'yjs';
import { serverOnlyMetaKeys } from '../../schema/map-values.ts';
import { rootRole, tableNodeName } from '../../schema/ydoc.ts';
import { type AnnotationFootprint, AnnotationInspection } from './annotations.ts';
import { contentViolation, maxViolationsKept, noViolations } from './content-check.ts';
import { inspectKeystroke, keystrokeFootprint } from './inspect-keystroke.ts';
import { collected, placeStored, unknown, type Resolution } from './placement.ts';

export interface UpdateFootprint {
  /** Root types the update would insert into or delete from. */
  readonly roots: ReadonlySet<string>;
  /**
   * Per `cells.*` root, the root-level keys written or deleted (`received.natural`). `null`
   * stands for content placed in the map's list part, without a key: no client writes that.
   */
  readonly cellKeys: ReadonlyMap<string, ReadonlySet<string | null>>;
  /** Client IDs under which the update adds new structs (a connection's own, normally one). */
  readonly clients: ReadonlySet<number>;
  /**
   * The update references items the server does not have (it depends on updates not received:
   * Yjs would keep part of it pending), or it is malformed. `roots` then holds what could be
   * resolved, which is not necessarily all the update would touch once its dependencies arrive.
   */
  readonly unresolved: boolean;
  /** The bytes are not a V1 update at all (`unresolved` is then true as well). */
  readonly malformed: boolean;
  /**
   * Why new content may not go where it lands (the report's schema: a node, attribute or mark
   * the narrative editor does not have, a cell value that is not a short string, a reserved
   * root...), in short English, the first few only. Refused to everyone.
   */
  readonly violations: readonly string[];
  /**
   * What it does in `comments` and `signoffs` that depends on who sends it (annotations.ts);
   * absent when it touches neither.
   */
  readonly annotations?: AnnotationFootprint;
}

/** A referenced struct, or `undefined` when neither the store nor the update has it. */
type Found = { readonly struct: Y.Item | Y.GC; readonly inUpdate: boolean } | undefined;

type ParentRef = string | Y.ID | null;

/** The structs and delete set of a V1 update, as `Y.decodeUpdate` returns them. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

export function inspectUpdate(doc: Y.Doc, update: Uint8Array): UpdateFootprint {
  let decoded: DecodedUpdate;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return { roots: new Set(), cellKeys: new Map(), clients: new Set(), unresolved: true, malformed: true, violations: noViolations };
  }
  return inspectDecodedUpdate(doc, decoded);
}

/**
 * The same, for an update the caller has decoded already (the sync layer decodes every update
 * to check it is well-formed). `decoded` is only read, never changed.
 */
export function inspectDecodedUpdate(doc: Y.Doc, decoded: DecodedUpdate): UpdateFootprint {
  return inspectKeystroke(doc.store, decoded) ?? inspectInGeneral(doc, decoded);
}

/** What an inspection of a room's update needs of the room (`AuthorizationSubject` has it). */
export interface InspectedDocument {
  /** The document with everything received applied (applying what is queued, if anything). */
  readonly doc: Y.Doc;
  /** The item a keystroke continuing its sender's typing goes beside, if it is one (room/typing-runs.ts). */
  typingAnchor?(decoded: DecodedUpdate): Y.Item | undefined;
}

/**
 * The same, for a room's update: a keystroke continuing its sender's typing is placed from the
 * run's anchor, without the room applying its queue first.
 */
export function inspectRoomUpdate(target: InspectedDocument, decoded: DecodedUpdate): UpdateFootprint {
  const anchor = target.typingAnchor?.(decoded);
  const keystroke = decoded.structs[0];
  const footprint = anchor && keystroke instanceof Y.Item ? keystrokeFootprint(anchor, keystroke) : undefined;
  return footprint ?? inspectDecodedUpdate(target.doc, decoded);
}

/** The general inspection, without the keystroke fast path (tests compare the two). */
export function inspectInGeneral(doc: Y.Doc, decoded: DecodedUpdate): UpdateFootprint {
  return new UpdateInspection(doc, decoded.structs).run(decoded.ds);
}

class UpdateInspection {
  private readonly roots = new Set<string>();
  private readonly cellKeys = new Map<string, Set<string | null>>();
  private readonly clients = new Set<number>();
  private unresolved = false;
  private violations: string[] | undefined;
  /** The update's Items and GCs per client, in clock order (Skips left out: they hold nothing). */
  private readonly updateStructs = new Map<number, (Y.Item | Y.GC)[]>();
  private readonly resolutions = new Map<Y.Item, Resolution>();
  private readonly store: Y.Doc['store'];
  /** Items in `comments` and `signoffs`, judged together at the end. */
  private annotations: AnnotationInspection | undefined;

  constructor(
    private readonly doc: Y.Doc,
    private readonly structs: readonly (Y.Item | Y.GC | Y.Skip)[],
  ) {
    this.store = doc.store;
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue;
      let list = this.updateStructs.get(struct.id.client);
      if (list === undefined) this.updateStructs.set(struct.id.client, (list = []));
      list.push(struct);
    }
  }

  run(ds: ReturnType<typeof Y.decodeUpdate>['ds']): UpdateFootprint {
    this.checkContiguity();
    for (const struct of this.structs) {
      if (struct instanceof Y.Skip) continue;
      const known = Y.getState(this.store, struct.id.client);
      // Entirely known: Yjs skips it (a known prefix is cut off; the rest keeps its parent), but
      // only after finding what it refers to: a reference it lacks keeps the struct, and every
      // later struct of its client in the update, pending.
      if (struct.id.clock + struct.length <= known) {
        if (struct instanceof Y.Item && !this.referencesFound(struct)) this.unresolved = true;
        continue;
      }
      this.clients.add(struct.id.client);
      if (!(struct instanceof Y.Item)) continue;
      const resolution = this.resolve(struct);
      this.record(resolution);
      this.check(struct, resolution);
      if (struct.id.clock < known && !this.continuesKnownPrefix(struct, known, resolution)) {
        (this.violations ??= []).push(`item ${struct.id.client}:${struct.id.clock} goes on from its client's item at ${known - 1} in another place`);
      }
    }
    for (const [client, ranges] of ds.clients) {
      for (const range of ranges) this.inspectDeletion(client, range.clock, range.clock + range.len);
    }
    const annotations = this.annotations?.finish();
    if (annotations !== undefined && annotations.violations.length > 0) (this.violations ??= []).push(...annotations.violations.slice(0, maxViolationsKept));
    return {
      roots: this.roots,
      cellKeys: this.cellKeys,
      clients: this.clients,
      unresolved: this.unresolved,
      malformed: false,
      violations: this.violations ?? noViolations,
      ...(annotations === undefined ? {} : { annotations: annotations.footprint }),
    };
  }

  private check(item: Y.Item, resolution: Resolution): void {
    if (this.violations !== undefined && this.violations.length >= maxViolationsKept) return;
    if (typeof resolution !== 'string' && isAnnotationRoot(resolution.root)) {
      (this.annotations ??= new AnnotationInspection(this.doc)).add(item, resolution);
      return;
    }
    const violation = contentViolation(item.content, resolution);
    if (violation !== undefined) (this.violations ??= []).push(violation);
  }

  private violate(violation: string): void {
    if (this.violations !== undefined && this.violations.length >= maxViolationsKept) return;
    (this.violations ??= []).push(violation);
  }

  /**
   * A partly known item: Yjs cuts the known prefix off and links the rest right after its
   * client's item at `known - 1` (`Item.integrate` with an offset), while the rest keeps the
   * parent its origin or written parent gives (`getMissing`), which is where it was judged. An
   * encoder only ever splits an item that is in one place; a crafted one whose prefix is
   * elsewhere would be listed in one type and parented by another (text as a bare child of a
   * fragment, an item shown in a part its writer may not edit), and one whose prefix Yjs
   * collected makes the integration throw, after the relay.
   */
  private continuesKnownPrefix(item: Y.Item, known: number, resolution: Resolution): boolean {
    // Yjs integrates these as a GC, or keeps them pending (held): no list to be linked into.
    if (resolution === collected || resolution === unknown) return true;
    const prefix = Y.getItem(this.store, Y.createID(item.id.client, known - 1));
    if (!(prefix instanceof Y.Item)) return false;
    const placed = placeStored(prefix);
    return typeof placed !== 'string' && placed.root === resolution.root && placed.parent === resolution.parent && placed.sub === resolution.sub;
  }

  /** Structs that start past what the store (plus the update's earlier structs) holds wait for the gap: pending. */
  private checkContiguity(): void {
    for (const [client, list] of this.updateStructs) {
      let next = Y.getState(this.store, client);
      for (const struct of list) {
        if (struct.id.clock > next) {
          this.unresolved = true;
          return;
        }
        next = Math.max(next, struct.id.clock + struct.length);
      }
    }
  }

  private record(resolution: Resolution): void {
    if (resolution === collected) return;
    if (resolution === unknown) {
      this.unresolved = true;
      return;
    }
    this.roots.add(resolution.root);
    if (rootRole(resolution.root)?.kind !== 'cells') return;
    let keys = this.cellKeys.get(resolution.root);
    if (keys === undefined) this.cellKeys.set(resolution.root, (keys = new Set()));
    keys.add(resolution.key);
  }

  // -- Finding referenced structs ---------------------------------------------------------------

  /** Whether the store or the update holds what `item` refers to in another client (Yjs's `getMissing`). */
  private referencesFound(item: Y.Item): boolean {
    for (const id of [item.origin, item.rightOrigin, parentRef(item)]) {
      if (id instanceof Y.ID && id.client !== item.id.client && this.find(id) === undefined) return false;
    }
    return true;
  }

  private find(id: Y.ID): Found {
    if (id.clock < Y.getState(this.store, id.client)) {
      return { struct: Y.getItem(this.store, id) as Y.Item | Y.GC, inUpdate: false };
    }
    const list = this.updateStructs.get(id.client);
    if (list === undefined) return undefined;
    // Binary search: the update's structs of one client are sorted by clock.
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const struct = list[mid];
      if (id.clock < struct.id.clock) high = mid - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = mid + 1;
      else return { struct, inUpdate: true };
    }
    return undefined;
  }

  /** A reference to the item's own future (same client, clock not before its own) is malformed. */
  private findReference(item: Y.Item, id: Y.ID): Found {
    if (id.client === item.id.client && id.clock >= item.id.clock) return undefined;
    return this.find(id);
  }

  // -- Placing items ------------------------------------------------------------------------------

  /**
   * Placement of a new item of the update. Items can depend on other new items (a paragraph's
   * text on the paragraph, a run of text on the run before it); those are resolved first, with
   * an explicit stack, because a long offline session can chain thousands of items.
   */
  private resolve(start: Y.Item): Resolution {
    const stack: Y.Item[] = [start];
    const onStack = new Set<Y.Item>([start]);
    while (stack.length > 0) {
      const item = stack[stack.length - 1];
      if (this.resolutions.has(item)) {
        stack.pop();
        onStack.delete(item);
        continue;
      }
      const waitingFor = this.unresolvedDependency(item);
      if (waitingFor !== undefined) {
        if (onStack.has(waitingFor)) {
          // A cycle: no order of integration satisfies it; Yjs would keep these pending forever.
          this.resolutions.set(waitingFor, unknown);
        } else {
          stack.push(waitingFor);
          onStack.add(waitingFor);
        }
        continue;
      }
      this.resolutions.set(item, this.place(item));
      stack.pop();
      onStack.delete(item);
    }
    return this.resolutions.get(start) ?? unknown;
  }

  /** A new item of the update that `item` refers to and that is not placed yet. */
  private unresolvedDependency(item: Y.Item): Y.Item | undefined {
    for (const id of [item.origin, item.rightOrigin, parentRef(item)]) {
      if (!(id instanceof Y.ID)) continue;
      const found = this.findReference(item, id);
      if (found?.inUpdate && found.struct instanceof Y.Item && !this.resolutions.has(found.struct)) return found.struct;
    }
    return undefined;
  }

  /** Where a struct found by reference ends up, once its own dependencies are placed. */
  private resolutionOf(found: Found): Resolution {
    if (found === undefined) return unknown;
    if (found.struct instanceof Y.GC) return collected;
    return found.inUpdate ? (this.resolutions.get(found.struct) ?? unknown) : placeStored(found.struct);
  }

  private place(item: Y.Item): Resolution {
    const left = item.origin === null ? null : this.findReference(item, item.origin);
    const right = item.rightOrigin === null ? null : this.findReference(item, item.rightOrigin);
    // A missing neighbour: Yjs keeps the item pending until the neighbour arrives.
    if (left === undefined || right === undefined) this.unresolved = true;
    const leftResolution = left === null ? null : this.resolutionOf(left);
    const rightResolution = right === null ? null : this.resolutionOf(right);
    if (leftResolution === collected || rightResolution === collected) return collected;

    const parent = parentRef(item);
    if (typeof parent === 'string') return { root: parent, key: item.parentSub, parent: null, sub: item.parentSub, outer: null };
    if (parent instanceof Y.ID) {
      const holder = this.findReference(item, parent);
      if (holder === undefined) {
        this.unresolved = true;
        return unknown;
      }
      if (holder.struct instanceof Y.GC) return collected;
      if (!(holder.struct.content instanceof Y.ContentType)) {
        // Yjs would drop the item (its parent has no type); a client never sends this.
        this.unresolved = true;
        return collected;
      }
      const holderResolution = this.resolutionOf(holder);
      if (typeof holderResolution === 'string') return holderResolution;
      // The item is in the holder's type, which is where the holder is.
      const { root, key, parent: outer } = holderResolution;
      return { root, key, parent: holder.struct.content.type, sub: item.parentSub, outer };
    }
    // No parent written: the item shares its left neighbour's parent (else its right one's).
    if (leftResolution !== null && leftResolution !== unknown) return leftResolution;
    if (rightResolution !== null && rightResolution !== unknown) return rightResolution;
    this.unresolved = true;
    return unknown;
  }

  // -- Deletions ----------------------------------------------------------------------------------

  private inspectDeletion(client: number, clock: number, end: number): void {
    const known = Y.getState(this.store, client);
    if (clock < known) {
      const structs = this.store.clients.get(client) ?? [];
      const storeEnd = Math.min(end, known);
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < storeEnd; i++) {
        const struct = structs[i];
        // Deleting what is already deleted (or collected) changes nothing.
        if (!(struct instanceof Y.Item) || struct.deleted) continue;
        const placement = placeStored(struct);
        this.record(placement);
        const serverOnly = serverWrittenDeletion(struct, placement);
        if (serverOnly !== undefined) this.violate(serverOnly);
        if (typeof placement !== 'string' && isAnnotationRoot(placement.root)) (this.annotations ??= new AnnotationInspection(this.doc)).delete(struct, placement);
      }
    }
    // Past the store: the update's own new items (already counted), or a pending deletion.
    if (end > known && !this.updateCovers(client, Math.max(clock, known), end)) this.unresolved = true;
  }

  private updateCovers(client: number, clock: number, end: number): boolean {
    let next = clock;
    for (const struct of this.updateStructs.get(client) ?? []) {
      if (struct.id.clock > next) break;
      next = Math.max(next, struct.id.clock + struct.length);
      if (next >= end) return true;
    }
    return next >= end;
  }
}

/** `comments` and `signoffs` hold structures, judged as a whole (annotations.ts). */
function isAnnotationRoot(root: string): boolean {
  const kind = rootRole(root)?.kind;
  return kind === 'comments' || kind === 'signoffs';
}

/**
 * Why deleting a stored item takes away what only the server writes, if it does: a table node
 * (a part holds exactly its one), anything inside one (its `table` attribute), or a server-only
 * `meta` value (`layoutVersion`).
 */
function serverWrittenDeletion(item: Y.Item, placed: Resolution): string | undefined {
  if (typeof placed === 'string') return undefined;
  if (item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement && item.content.type.nodeName === tableNodeName) {
    return `${placed.root}: deletes the table node, which only the server writes`;
  }
  if (placed.parent instanceof Y.XmlElement && placed.parent.nodeName === tableNodeName) {
    return `${placed.root}: deletes inside the table node, which only the server writes`;
  }
  if (placed.parent === null && placed.sub !== null && rootRole(placed.root)?.kind === 'meta' && serverOnlyMetaKeys.has(placed.sub)) {
    return `${placed.root}.${placed.sub}: deletes a value only the server writes`;
  }
  return undefined;
}

/**
 * A decoded item's parent: a root name, the ID of the item holding the parent type, or null when
 * it is to be copied from a neighbour. (Yjs types it as an integrated item's parent.)
 */
function parentRef(item: Y.Item): ParentRef {
  return item.parent as unknown as ParentRef;
}
