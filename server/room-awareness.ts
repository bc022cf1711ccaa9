/**
 * A room's awareness: people's cursors and names, and the server's own announcements. Wraps
 * y-protocols' Awareness with what a server needs on top: the client ids each connection
 * controls (removed the moment it leaves, so nobody sees a ghost cursor), and changes coalesced
 * per event-loop turn into one message, encoded once for everyone.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { encodeAwarenessMessage } from './sync/protocol.ts';

/** A connection, as far as awareness goes: something that controls client ids. */
type Controller = object;

export class RoomAwareness {
  private readonly awareness: awarenessProtocol.Awareness;
  private readonly controlled = new Map<Controller, Set<number>>();
  private readonly changed = new Set<number>();
  private scheduled = false;
  private membersChanges = 0;
  private destroyed = false;

  /** `broadcast` sends one message to every connection, the sender included. */
  constructor(
    doc: Y.Doc,
    private readonly broadcast: (message: Uint8Array) => void,
  ) {
    // Awareness needs only the document's client id, not its content.
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onUpdate);
  }

  /** Every current state as one message (for a connection that joins or asks), or null if none. */
  statesMessage(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    return clients.length === 0 ? null : encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  /** Applies a connection's awareness update (well-formed, with the client ids it names). */
  apply(connection: Controller, update: Uint8Array, clients: readonly number[]): void {
    let controlled = this.controlled.get(connection);
    if (!controlled) this.controlled.set(connection, (controlled = new Set()));
    for (const client of clients) controlled.add(client);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, connection);
  }

  /** A connection left: its states go away for everyone, in the next broadcast. */
  forget(connection: Controller): void {
    const controlled = this.controlled.get(connection);
    this.controlled.delete(connection);
    if (controlled && controlled.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], null);
  }

  /**
   * Tells every connection that the report's members changed, in the server's own state
   * (`{ server: { membersChanged } }`, a new token each time): every y-websocket client receives
   * awareness, and a state without `user` is nobody's presence. Awareness renews it every 15 s.
   */
  announceMembersChanged(): void {
    this.membersChanges++;
    this.awareness.setLocalState({ server: { membersChanged: `${Date.now().toString(36)}.${this.membersChanges}` } });
  }

  destroy(): void {
    this.destroyed = true;
    this.awareness.off('update', this.onUpdate);
    this.awareness.destroy();
    this.controlled.clear();
  }

  private readonly onUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const controlled = this.controlled.get(origin as Controller);
    if (controlled) for (const client of removed) controlled.delete(client);
    for (const list of [added, updated, removed]) for (const client of list) this.changed.add(client);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  };

  private readonly flush = (): void => {
    this.scheduled = false;
    if (this.changed.size === 0 || this.destroyed) return;
    const clients = [...this.changed];
    this.changed.clear();
    // To the sender too: y-websocket clients treat 30 s without any message as a dead link.
    this.broadcast(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)));
  };
}
