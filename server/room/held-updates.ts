/**
 * Updates a room has received but cannot judge yet: they refer to items or clocks the room does
 * not have (Yjs would keep them pending). A pending struct or deletion is never let into the
 * document, because what it touches is decided only when its dependency arrives, and by then
 * nobody would judge it: an editor's item placed beside the owner's future `meta` item, or a
 * deletion of the owner's future clocks, would land in `meta` the moment the owner wrote there.
 *
 * So such an update is held, per connection, with the clocks it waits for, and judged again in
 * full (inspection, schema, rights) once the room has accepted an update reaching one of them:
 * the commonest legitimate case is a browser that typed right after reconnecting, before its
 * sync step 2 carried the offline edits that typing depends on. Waiting on clocks, not on any
 * update, keeps held updates off the keystroke path: a held update costs nothing until what it
 * waits for arrives (an attacker's update waiting for clocks nobody writes costs nothing ever).
 * Held updates are never stored or relayed while held; a connection that leaves takes its held
 * updates with it (its next sync step 2 sends them again), and one that holds more than the
 * bounds is closed.
 */
import * as Y from 'yjs';
import type { DecodedUpdate } from '../sync/update-check.ts';

/** Per connection: at most this many updates held... */
export const maxHeldUpdates = 100;
/** ...and at most this many bytes of them. */
export const maxHeldBytes = 1024 * 1024;

/** Per Yjs client, the state (next clock) the document must reach for an update to be judged again. */
export type AwaitedClocks = ReadonlyMap<number, number>;

/**
 * What `decoded` waits for in `store`: a gap before a struct, a reference (origin, right origin,
 * parent) past what the store and the update's own structs hold, a deletion past it. Per client
 * the lowest: once that arrives the update is judged again, and held again on the next if it
 * still waits.
 */
export function awaitedClocks(decoded: DecodedUpdate, store: Y.Doc['store']): Map<number, number> {
  // Per client, the state the store and the update's structs reach together (no gap between).
  const reach = new Map<number, number>();
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    const state = reach.get(client) ?? Y.getState(store, client);
    if (clock <= state && !(struct instanceof Y.Skip)) reach.set(client, Math.max(state, clock + struct.length));
  }
  const awaited = new Map<number, number>();
  const await_ = (client: number, state: number) => {
    const lowest = awaited.get(client);
    if (state > (reach.get(client) ?? Y.getState(store, client)) && (lowest === undefined || state < lowest)) awaited.set(client, state);
  };
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock > Y.getState(store, struct.id.client)) await_(struct.id.client, struct.id.clock);
    if (!(struct instanceof Y.Item)) continue;
    for (const ref of [struct.origin, struct.rightOrigin, struct.parent as unknown]) {
      if (ref instanceof Y.ID) await_(ref.client, ref.clock + 1);
    }
  }
  for (const [client, ranges] of decoded.ds.clients) for (const { clock, len } of ranges) await_(client, clock + len);
  return awaited;
}

interface Held<Connection, Message> {
  readonly connection: Connection;
  readonly message: Message;
  readonly awaited: AwaitedClocks;
}

export class HeldUpdates<Connection, Message extends { readonly update: Uint8Array }> {
  /** In the order held. */
  private held: Held<Connection, Message>[] = [];
  private readonly bytes = new Map<Connection, number>();
  /** Per client, the state accepted updates reached since something was held. */
  private readonly reached = new Map<number, number>();

  /** Updates held, over all connections. */
  get size(): number {
    return this.held.length;
  }

  /** Holds `message` until one of `awaited` is reached; false (nothing held) past the connection's bounds. */
  hold(connection: Connection, message: Message, awaited: AwaitedClocks): boolean {
    const bytes = (this.bytes.get(connection) ?? 0) + message.update.length;
    let count = 0;
    for (const h of this.held) if (h.connection === connection) count++;
    if (count >= maxHeldUpdates || bytes > maxHeldBytes) return false;
    this.bytes.set(connection, bytes);
    this.held.push({ connection, message, awaited });
    return true;
  }

  /**
   * An update was accepted: the states its structs reach. Whether a held update now may resolve
   * (call `takeReady`). Only called while something is held.
   */
  accepted(decoded: DecodedUpdate): boolean {
    let ready = false;
    for (const struct of decoded.structs) {
      const { client } = struct.id;
      const end = struct.id.clock + struct.length;
      if ((this.reached.get(client) ?? 0) < end) this.reached.set(client, end);
      if (!ready) ready = this.held.some((h) => (h.awaited.get(client) ?? Infinity) <= end);
    }
    return ready;
  }

  /** Removes and returns the held updates one of whose awaited clocks was reached, in the order held. */
  takeReady(): Held<Connection, Message>[] {
    const ready: Held<Connection, Message>[] = [];
    const waiting: Held<Connection, Message>[] = [];
    for (const h of this.held) (this.isReady(h) ? ready : waiting).push(h);
    this.held = waiting;
    for (const { connection, message } of ready) this.release(connection, message.update.length);
    if (this.held.length === 0) this.reached.clear();
    return ready;
  }

  /** A connection left: what it held goes with it. */
  forget(connection: Connection): void {
    if (!this.bytes.has(connection)) return;
    this.held = this.held.filter((h) => h.connection !== connection);
    this.bytes.delete(connection);
    if (this.held.length === 0) this.reached.clear();
  }

  private isReady({ awaited }: Held<Connection, Message>): boolean {
    for (const [client, state] of awaited) if ((this.reached.get(client) ?? 0) >= state) return true;
    return false;
  }

  private release(connection: Connection, bytes: number): void {
    const left = this.bytes.get(connection)! - bytes;
    if (left > 0) this.bytes.set(connection, left);
    else this.bytes.delete(connection);
  }
}
