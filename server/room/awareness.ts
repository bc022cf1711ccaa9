/**
 * A room's awareness: people's cursors and names, and the server's own announcements. Wraps
 * y-protocols' Awareness (its clocks, its 30 s timeout, the server's own state) with what a server
 * needs on top: who owns which awareness id, what the server stamps into a state
 * (presence-state.ts), and changes coalesced per event-loop turn into one message, encoded once
 * for everyone.
 *
 * Ownership. The first connection to set a state for an id owns it while it is connected, and
 * only it sets or removes that id; its states go away the moment it leaves (no ghost cursor). A
 * later connection of the same account may take an id over (a page reconnecting before its old
 * socket is noticed dead sends the same id); any other connection, or a claim on the server's
 * own id, is refused, as is a connection owning more ids than a browser uses.
 *
 * Echoes. y-websocket sends every awareness change it applies back to the server, under the
 * clock it received (states of others, removals, the server's announcements, all in one
 * message after a join). An entry that changes nothing here (its clock is not newer) is skipped
 * unread, whoever it names; only entries that change something are parsed and judged.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Identity } from '../hooks.ts';
import { presenceState, type PresenceState } from './presence-state.ts';
import { AwarenessUpdateReader, encodeAwarenessEntries, MalformedAwarenessUpdate } from '../sync/awareness-update.ts';
import { encodeAwarenessMessage } from '../sync/protocol.ts';

/** A connection, as far as awareness goes: whose it is. */
export interface AwarenessController {
  readonly identity: Identity;
}

/**
 * Awareness ids one connection may own. y-websocket sends one: its Awareness's `clientID`, fixed
 * for the provider's life (Yjs may change `doc.clientID`, never the Awareness's). Everything
 * else it sends is an echo, which owns nothing.
 */
export const maxAwarenessIdsPerConnection = 1;

const utf8 = new TextEncoder();

/** Why a connection's awareness message was refused: `malformed` closes with 4400, `forbidden` with 4403. */
export interface AwarenessRefusal {
  readonly refusal: 'malformed' | 'forbidden';
  readonly detail: string;
}

/** One entry of a message that changes something, judged and stamped, not yet applied. */
interface AwarenessChange {
  readonly client: number;
  readonly clock: number;
  /** null: the state is removed. */
  readonly state: PresenceState | null;
  readonly json: Uint8Array | null;
}

export class RoomAwareness {
  private readonly awareness: awarenessProtocol.Awareness;
  /** Awareness id → the connection that owns it; and the other way round. */
  private readonly owners = new Map<number, AwarenessController>();
  private readonly owned = new Map<AwarenessController, Set<number>>();
  /** The JSON of each client's state as relayed (encoded once, when it was set). */
  private readonly relayed = new Map<number, Uint8Array>();
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
    return clients.length === 0 ? null : this.encode(clients);
  }

  /**
   * Applies a connection's awareness update (the payload of an awareness message), or refuses
   * it whole: a refused message changes nothing. `readOnly`: the connection may edit no content.
   */
  apply(connection: AwarenessController, update: Uint8Array, readOnly: boolean): AwarenessRefusal | null {
    const stamp = { name: connection.identity.kind === 'user' ? connection.identity.displayName : null, readOnly };
    const { meta, states } = this.awareness;
    const changes: AwarenessChange[] = [];
    /** Ids this message claims for `connection` (new to it, or taken over). */
    const claimed = new Set<number>();
    try {
      const reader = new AwarenessUpdateReader(update);
      // An echo names ids the room has sent; a browser adds its own.
      if (reader.count > meta.size + maxAwarenessIdsPerConnection) return malformed(`${reader.count} awareness entries; the room knows ${meta.size} ids`);
      while (reader.next()) {
        const { client, clock } = reader;
        const removal = reader.removal;
        const current = meta.get(client)?.clock ?? 0;
        // y-protocols' rule for applying an entry. What fails it changes nothing (an echo, a stale state).
        if (clock < current || (clock === current && !(removal && states.has(client)))) continue;
        const owner = claimed.has(client) ? connection : this.owners.get(client);
        const allowed = owner !== undefined && (owner === connection || sameAccount(owner.identity, connection.identity));
        if (removal) {
          if (allowed) changes.push({ client, clock, state: null, json: null });
          else if (states.has(client) && clock > current) return forbidden(`removes awareness id ${client}, which is not its own`);
          // Otherwise nothing anyone sees changes: a peer marking a state gone after 30 s without
          // renewal (y-protocols lets anyone; the server removes a state when its connection
          // closes), or an id without a state (a page leaving that never showed one).
          continue;
        }
        if (client === this.awareness.clientID) return forbidden("sets the server's own awareness id");
        if (owner !== undefined && !allowed) return forbidden(`sets awareness id ${client}, which another account's connection holds`);
        const verdict = presenceState(reader.json(), stamp);
        if (!verdict.ok) return { refusal: verdict.refusal, detail: verdict.detail };
        if (owner !== connection) claimed.add(client);
        changes.push({ client, clock, state: verdict.state, json: verdict.json });
      }
    } catch (err) {
      if (err instanceof MalformedAwarenessUpdate) return malformed(err.message);
      throw err;
    }
    const owned = this.owned.get(connection);
    let ownedAfter = owned?.size ?? 0;
    for (const client of claimed) if (!owned?.has(client)) ownedAfter++;
    if (ownedAfter > maxAwarenessIdsPerConnection) return malformed(`claims ${ownedAfter} awareness ids (at most ${maxAwarenessIdsPerConnection} per connection)`);

    for (const client of claimed) this.own(connection, client);
    this.applyChanges(changes);
    return null;
  }

  /** A connection left: its states go away for everyone, in the next broadcast. */
  forget(connection: AwarenessController): void {
    const owned = this.owned.get(connection);
    this.owned.delete(connection);
    if (!owned) return;
    for (const client of owned) this.owners.delete(client);
    awarenessProtocol.removeAwarenessStates(this.awareness, [...owned], null);
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
    this.owners.clear();
    this.owned.clear();
    this.relayed.clear();
  }

  private own(connection: AwarenessController, client: number): void {
    const previous = this.owners.get(client);
    if (previous) this.owned.get(previous)?.delete(client);
    this.owners.set(client, connection);
    let owned = this.owned.get(connection);
    if (!owned) this.owned.set(connection, (owned = new Set()));
    owned.add(client);
  }

  /** Sets the judged entries, as `applyAwarenessUpdate` would have (without parsing them again). */
  private applyChanges(changes: readonly AwarenessChange[]): void {
    if (changes.length === 0) return;
    const { meta, states } = this.awareness;
    const now = Date.now();
    for (const { client, clock, state, json } of changes) {
      // Judged against the room before the message: an id named twice applies in clock order.
      const current = meta.get(client)?.clock ?? 0;
      if (clock < current || (clock === current && !(state === null && states.has(client)))) continue;
      if (state === null) {
        states.delete(client);
        this.relayed.delete(client);
      } else {
        states.set(client, state);
        this.relayed.set(client, json!);
      }
      meta.set(client, { clock, lastUpdated: now });
      this.changed.add(client);
    }
    this.schedule();
  }

  /** Changes made by the Awareness itself: the server's own state, timeouts, removals on leave. */
  private readonly onUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void => {
    for (const client of removed) this.relayed.delete(client);
    for (const list of [added, updated, removed]) for (const client of list) this.changed.add(client);
    this.schedule();
  };

  private schedule(): void {
    if (this.scheduled || this.changed.size === 0) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    if (this.changed.size === 0 || this.destroyed) return;
    const clients = [...this.changed];
    this.changed.clear();
    // To the sender too: y-websocket clients treat 30 s without any message as a dead link.
    this.broadcast(this.encode(clients));
  };

  /** An awareness message with the current states of `clients` (null for those removed). */
  private encode(clients: readonly number[]): Uint8Array {
    const { meta, states } = this.awareness;
    const entries = clients.map((client) => {
      const state = states.get(client);
      // The server's own state is the only one not set through `apply`.
      const json = state === undefined ? null : (this.relayed.get(client) ?? utf8.encode(JSON.stringify(state)));
      return { client, clock: meta.get(client)?.clock ?? 0, json };
    });
    return encodeAwarenessMessage(encodeAwarenessEntries(entries));
  }
}

function sameAccount(a: Identity, b: Identity): boolean {
  return a.kind === 'user' && b.kind === 'user' && a.userId === b.userId;
}

function malformed(detail: string): AwarenessRefusal {
  return { refusal: 'malformed', detail };
}

function forbidden(detail: string): AwarenessRefusal {
  return { refusal: 'forbidden', detail };
}
