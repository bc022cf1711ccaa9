/**
 * Updates a room has received but cannot judge yet: they refer to items or clocks the room does
 * not have (Yjs would keep them pending). A pending struct or deletion is never let into the
 * document, because what it touches is decided only when its dependency arrives, and by then
 * nobody would judge it: an editor's item placed beside the owner's future `meta` item, or a
 * deletion of the owner's future clocks, would land in `meta` the moment the owner wrote there.
 *
 * So such an update is held, per connection, and judged again in full (inspection, schema,
 * rights) whenever the room accepts another update: the commonest legitimate case is a browser
 * that typed right after reconnecting, before its sync step 2 carried the offline edits that
 * typing depends on. Held updates are never stored or relayed while held; a connection that
 * leaves takes its held updates with it (its next sync step 2 sends them again), and one that
 * holds more than the bounds is closed.
 */

/** Per connection: at most this many updates held... */
export const maxHeldUpdates = 100;
/** ...and at most this many bytes of them. */
export const maxHeldBytes = 1024 * 1024;

interface Held<Message> {
  readonly messages: Message[];
  bytes: number;
}

export class HeldUpdates<Connection, Message extends { readonly update: Uint8Array }> {
  private readonly byConnection = new Map<Connection, Held<Message>>();
  private count = 0;

  /** Updates held, over all connections. */
  get size(): number {
    return this.count;
  }

  /** Holds `message` after the connection's earlier ones; false (nothing held) past the bounds. */
  hold(connection: Connection, message: Message): boolean {
    let held = this.byConnection.get(connection);
    if (!held) this.byConnection.set(connection, (held = { messages: [], bytes: 0 }));
    if (held.messages.length >= maxHeldUpdates || held.bytes + message.update.length > maxHeldBytes) return false;
    held.messages.push(message);
    held.bytes += message.update.length;
    this.count++;
    return true;
  }

  /** Removes and returns everything held, per connection, in the order received. */
  takeAll(): [Connection, Message[]][] {
    const all = [...this.byConnection].map(([connection, held]): [Connection, Message[]] => [connection, held.messages]);
    this.byConnection.clear();
    this.count = 0;
    return all;
  }

  /** A connection left: what it held goes with it. */
  forget(connection: Connection): void {
    const held = this.byConnection.get(connection);
    if (!held) return;
    this.count -= held.messages.length;
    this.byConnection.delete(connection);
  }
}
