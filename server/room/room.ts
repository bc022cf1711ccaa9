/**
 * One report in memory: its Y.Doc, its Awareness, its checks and its connections. No sockets,
 * no SQL: connections are `RoomConnection`s and storage is the `ReportStorage` interface.
 *
 * Durability before relay (relay.ts), relay before apply: an incoming update that changes
 * something is queued as received, stored, relayed as received, and applied to the document a
 * moment later (received-updates.ts), so that neither the append nor the relay waits for Yjs to
 * integrate it (nor for the checks that observe each transaction). With embedded storage the
 * append and the relay happen within the call that received the update; with awaited storage
 * the update waits for its append. Whatever needs the document meanwhile (the permission check
 * of an update, a sync step 1 answer, a REST read) applies the queue first, in order, except
 * for a keystroke continuing its sender's typing (typing-runs.ts). Changes made on the
 * server itself (none today) are stored and relayed after Yjs reports them.
 *
 * Cold joins (the stored bytes applied on first need, fresh clients answered from them):
 * cold-load.ts. Checks after relay: checks.ts. Awareness: awareness.ts.
 * Compaction: compaction.ts.
 */
import * as Y from 'yjs';
import type { Diagnostic } from '../../schema/diagnostics.ts';
import type { ReportStatus } from '../../schema/signoffs/steps.ts';
import type { Authorize } from '../hooks.ts';
import type { Logger } from '../log.ts';
import type { ServerMetrics } from '../metrics.ts';
import type { DiagnosticCounts, ReportStorage, StoredDocument } from '../storage/storage.ts';
import type { Identity } from '../hooks.ts';
import { RoomAwareness, type AwarenessRefusal } from './awareness.ts';
import { LiveChecks, type CreateChecks } from './checks.ts';
import { RoomCompaction } from './compaction.ts';
import { RoomSubject } from './subject.ts';
import { changesDocument, encodeTransactionUpdate } from './transaction-update.ts';
import { DurableRelay, type QueuedUpdate } from './relay.ts';
import { ColdLoad } from './cold-load.ts';
import { upgradeLayout } from '../../schema/layout-upgrade.ts';
import { layoutVersion } from '../../schema/ydoc.ts';
import { ReceivedUpdates } from './received-updates.ts';
import { awaitedClocks, HeldUpdates } from './held-updates.ts';
import { contentViolation } from '../permissions/authorize.ts';
import { inspectRoomUpdate } from '../permissions/inspect.ts';
import { rightsCloseReasons } from '../../schema/permissions.ts';
import type { DecodedUpdate } from '../sync/update-check.ts';
import {
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdateMessage,
  type IncomingSyncMessage,
} from '../sync/protocol.ts';

/** Close codes the room uses (documented in docs/api.md). */
export const closeCodes = {
  normal: 1000,
  goingAway: 1001,
  tooLarge: 1009,
  internalError: 1011,
  badMessage: 4400,
  /** The session or token behind the connection ended (accounts/live-credentials.ts). */
  unauthenticated: 4401,
  forbidden: 4403,
  tooManyMessages: 4429,
} as const;

/** What a room needs of a connection; the websocket wrapper implements it. */
export interface RoomConnection {
  readonly id: number;
  readonly identity: Identity;
  /** Sends bytes as they are. */
  send(message: Uint8Array): void;
  /**
   * The same, for a message the room sends to many connections: every one gets the same array,
   * so a connection may encode it for the wire once for all (a websocket frames it once).
   */
  sendShared(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface RoomOptions {
  readonly storage: ReportStorage;
  readonly createChecks: CreateChecks;
  readonly authorize: Authorize;
  readonly log: Logger;
  readonly metrics: ServerMetrics;
  /** Compact the update log into a snapshot once this many updates are logged after it. */
  readonly compactAfterUpdates: number;
  /** Store the diagnostic counts at most this often (ms) while a report is being edited. */
  readonly countsIntervalMs: number;
}

/** An update message from a client. */
type UpdateMessage = Extract<IncomingSyncMessage, { type: 'update' | 'sync-step2' }>;

/** The origin of received updates applied after their relay: stored and relayed already. */
const receivedOrigin = Symbol('received update');

export class Room {
  /** The document, possibly not yet materialised: read it through `doc`. */
  private readonly liveDoc: Y.Doc;
  private readonly coldLoad: ColdLoad<RoomConnection>;
  private readonly awareness: RoomAwareness;
  private readonly connections = new Set<RoomConnection>();
  private readonly checks: LiveChecks;

  private readonly relay: DurableRelay<RoomConnection>;
  /** Received updates not yet applied to the document (relayed first, or still being stored). */
  private readonly received: ReceivedUpdates<RoomConnection>;
  /** Updates that depend on what the room does not have yet: judged again once it may (held-updates.ts). */
  private readonly held = new HeldUpdates<RoomConnection, UpdateMessage>();
  private readonly compaction: RoomCompaction;

  private failed = false;
  private closing = false;
  private closed = false;

  /** Called when the last connection leaves (the registry starts its idle timer). */
  onIdle: () => void = () => {};
  /** Called when storage failed and the room must be dropped (the registry forgets it). */
  onFailure: () => void = () => {};

  /**
   * `doc` is the report's document; with `stored`, `doc` must be empty and `stored` is what it
   * holds (applied on first need, see above; `loggedUpdates` = `stored.updates.length`).
   */
  constructor(
    readonly id: string,
    doc: Y.Doc,
    loggedUpdates: number,
    private readonly options: RoomOptions,
    stored: StoredDocument | null = null,
  ) {
    this.liveDoc = doc;
    this.received = new ReceivedUpdates(doc, { reportId: id, log: options.log, origin: receivedOrigin, invalidUpdateCode: closeCodes.badMessage });
    this.checks = new LiveChecks({ reportId: id, ...options }, () => this.doc);
    this.awareness = new RoomAwareness(doc, (message) => this.broadcast(message, null));
    this.relay = new DurableRelay({
      reportId: id,
      storage: options.storage,
      metrics: options.metrics,
      relay: this.relayDurable,
      send: (connection, message) => {
        if (this.connections.has(connection)) connection.send(message);
      },
      fail: (err) => this.fail(err),
    });
    this.coldLoad = new ColdLoad(doc, stored, {
      reportId: id,
      log: options.log,
      compactAfterUpdates: options.compactAfterUpdates,
      materialised: () => {
        doc.on('afterTransaction', this.onTransaction);
        // A report stored by an older release: upgraded once, by the server, stored and relayed
        // like any change the server makes (the same bytes on every server: layout-upgrade.ts).
        if (upgradeLayout(doc)) options.log.info({ report: id, layoutVersion }, 'report upgraded to the current layout');
      },
      open: () => !this.closed,
    });
    this.compaction = new RoomCompaction(
      { reportId: id, ...options, doc: () => this.doc, active: () => !this.failed && !this.closed },
      loggedUpdates,
    );
  }

  /**
   * The report's document, materialised from the stored bytes first if it was not yet, with
   * every received update applied.
   */
  get doc(): Y.Doc {
    this.coldLoad.materialise();
    this.received.applyNow();
    return this.liveDoc;
  }

  /** Whether the stored bytes are applied to the document yet. */
  get materialised(): boolean {
    return this.coldLoad.materialised;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  diagnostics(): readonly Diagnostic[] {
    this.settle();
    return this.checks.diagnostics();
  }

  counts(): DiagnosticCounts {
    this.settle();
    return this.checks.counts();
  }

  /** The live counts if the checks exist; otherwise the stored ones are current. */
  liveCounts(): DiagnosticCounts | undefined {
    this.settle();
    return this.checks.liveCounts();
  }

  /** The status (from the sign-offs) if it may differ from the stored one; otherwise that is current. */
  liveStatus(): ReportStatus | undefined {
    this.settle();
    return this.checks.liveStatus();
  }

  /** For a keystroke continuing its sender's typing: the document's item that typing sits beside (the authorize hook's `typingAnchor`). */
  typingAnchor(decoded: DecodedUpdate): Y.Item | undefined {
    return this.received.typingAnchor(decoded);
  }

  /** Applies the received updates now, if any wait and the room is open. */
  private settle(): void {
    if (!this.closed) this.received.applyNow();
  }

  /** Adds a connection and sends it the server's sync step 1 and everyone's awareness. */
  join(connection: RoomConnection): void {
    if (this.closed) throw new Error(`room ${this.id} is closed`);
    this.connections.add(connection);
    // With the received updates applied: the client's step 2 would carry them back otherwise.
    if (!this.coldLoad.deferStep1(connection)) connection.send(encodeSyncStep1(this.doc));
    const states = this.awareness.statesMessage();
    if (states) connection.send(states);
  }

  /** Removes a connection; its awareness states go away for everyone in the same broadcast. */
  leave(connection: RoomConnection): void {
    if (!this.connections.delete(connection)) return;
    this.coldLoad.leave(connection);
    this.relay.forget(connection);
    this.held.forget(connection);
    this.awareness.forget(connection);
    if (this.connections.size === 0) this.onIdle();
  }

  /**
   * Tells every connection that the report's members changed, so that pages reload who may edit
   * what (the member concerned is also closed with 4100 or 4403 by live-rights.ts).
   */
  announceMembersChanged(): void {
    this.awareness.announceMembersChanged();
  }

  /** Closes the connections whose identity matches (a member removed from the report). */
  closeConnectionsOf(matches: (identity: Identity) => boolean, code: number, reason: string): number {
    const matching = [...this.connections].filter((connection) => matches(connection.identity));
    for (const connection of matching) connection.close(code, reason);
    return matching.length;
  }

  /** Handles one decoded, well-formed message from a connection of this room. */
  receive(connection: RoomConnection, incoming: IncomingSyncMessage): void {
    // Once closing, nothing more is applied: what a client sends now it sends again in sync
    // step 2 when it reconnects, so ignoring it loses nothing.
    if (!this.connections.has(connection) || this.failed || this.closing) return;
    if (this.coldLoad.answers(incoming)) {
      if (this.authorized(connection, incoming)) this.coldLoad.answer(connection);
      return;
    }
    // Awareness needs no document content; everything else is answered from the document.
    if (incoming.type !== 'awareness' && incoming.type !== 'query-awareness') this.coldLoad.materialise();
    if (incoming.type === 'sync-step2' || incoming.type === 'update') {
      this.acceptUpdate(connection, incoming);
      return;
    }
    const message = this.authorized(connection, incoming);
    if (!message) return;
    switch (message.type) {
      case 'sync-step1':
        this.relay.sendWhenDurable(connection, encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, message.stateVector)));
        return;
      case 'awareness': {
        const refused = this.awareness.apply(connection, message.update, message.readOnly === true);
        if (refused) this.refuseAwareness(connection, refused);
        return;
      }
      case 'query-awareness': {
        const states = this.awareness.statesMessage();
        if (states) connection.send(states);
        return;
      }
      default:
        return;
    }
  }

  /**
   * The message to act on if the authorize hook allows it (it may hand back a rewritten one, as
   * a read-only connection's awareness); null after closing the connection if not. The hook
   * sees the document through a getter: only a check that inspects it materialises it.
   */
  private authorized(connection: RoomConnection, incoming: IncomingSyncMessage): IncomingSyncMessage | null {
    const verdict = this.options.authorize(new RoomSubject(this, connection), incoming);
    if (!verdict.ok) {
      this.options.log.warn({ report: this.id, conn: connection.id, code: verdict.rejection.closeCode, message: incoming.type }, 'message refused');
      connection.close(verdict.rejection.closeCode, verdict.rejection.reason);
      return null;
    }
    return verdict.message ?? incoming;
  }

  /** An awareness message the room will not apply (awareness.ts): nothing of it was. */
  private refuseAwareness(connection: RoomConnection, { refusal, detail }: AwarenessRefusal): void {
    const [code, reason] = refusal === 'malformed' ? [closeCodes.badMessage, 'bad message'] : [closeCodes.forbidden, 'awareness refused'];
    this.options.log.warn({ report: this.id, conn: connection.id, code, detail }, 'connection refused input');
    connection.close(code, reason);
  }

  /**
   * Judges an update and queues it to be stored, relayed and applied; whether it was queued.
   * The room inspects it once (what it would touch: permissions/inspect.ts) and refuses, for
   * everyone and whatever the authorize hook, content no report holds; the hook judges the
   * footprint for the connection's rights; an update that depends on what the document lacks
   * is then held (never stored, relayed or applied meanwhile) and judged again in full once
   * what it waits for arrives. An update the document holds all of already (a reconnecting
   * client's sync step 2 with nothing new carries its delete set) is accepted but neither
   * stored nor relayed.
   */
  private acceptUpdate(connection: RoomConnection, message: UpdateMessage): boolean {
    const decoded = message.decoded ?? Y.decodeUpdate(message.update);
    const subject = new RoomSubject(this, connection);
    const footprint = inspectRoomUpdate(subject, decoded);
    const violation = contentViolation(footprint);
    if (violation) {
      const user = connection.identity.kind === 'user' ? connection.identity.name : null;
      this.options.log.warn({ report: this.id, conn: connection.id, user, message: message.type, reason: violation.reason }, 'update refused by the schema');
      connection.close(closeCodes.forbidden, rightsCloseReasons.updateRefused);
      return false;
    }
    // Judged on what resolves, unresolved or not: a viewer's or a forbidden write is refused
    // at once rather than held.
    const verdict = this.options.authorize(subject, { ...message, decoded, footprint });
    if (!verdict.ok) {
      this.options.log.warn({ report: this.id, conn: connection.id, code: verdict.rejection.closeCode, message: message.type }, 'message refused');
      connection.close(verdict.rejection.closeCode, verdict.rejection.reason);
      return false;
    }
    if (footprint.unresolved) {
      if (!this.held.hold(connection, message, awaitedClocks(decoded, this.doc.store))) {
        this.options.log.warn({ report: this.id, conn: connection.id }, 'update refused: too many updates waiting for what the server does not have');
        connection.close(closeCodes.badMessage, 'unresolvable updates');
      }
      return false;
    }
    const received = { update: message.update, origin: connection };
    if (this.received.enqueue(received, decoded)) this.relay.queue(received);
    if (this.held.size > 0 && this.held.accepted(decoded)) this.judgeHeldAgain();
    return true;
  }

  /** Judges again, in the order held, the held updates whose awaited clocks have arrived. */
  private judgeHeldAgain(): void {
    for (const { connection, message } of this.held.takeReady()) {
      // A refusal closes the connection, which forgets the rest of what it held. Accepting one
      // may make others ready: acceptUpdate comes back here for those.
      if (this.connections.has(connection)) this.acceptUpdate(connection, message);
    }
  }

  /**
   * After each transaction on the document. Not Yjs's `update` event: with a listener for it,
   * Yjs encodes every transaction as an update, and the received ones are stored already.
   */
  private readonly onTransaction = (transaction: Y.Transaction): void => {
    if (!changesDocument(transaction)) return;
    // The first real change builds the checks, on the document as it now is; from then on they
    // follow each transaction.
    this.checks.changed();
    // A change made on the server itself: stored and relayed like a received update.
    if (transaction.origin !== receivedOrigin) this.relay.queue({ update: encodeTransactionUpdate(transaction), origin: null });
  };

  /** A batch is stored: it goes to everyone but its senders, and into the document a moment later. */
  private readonly relayDurable = (batch: readonly QueuedUpdate<RoomConnection>[]): void => {
    for (const { update, origin } of batch) this.broadcast(encodeUpdateMessage(update), origin);
    this.received.applyLater();
    this.compaction.logged(batch.length);
  };

  /** Sends one encoded message to every connection but `except`. */
  private broadcast(message: Uint8Array, except: RoomConnection | null): void {
    for (const connection of this.connections) if (connection !== except) connection.sendShared(message);
  }

  /**
   * Storage refused an append: the document holds updates that are not stored and must not be
   * relayed. Every connection is closed with 1011; clients reconnect to a fresh load and send
   * their unsaved changes again in sync step 2, so nothing is lost.
   */
  private fail(err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.checks.stop();
    this.received.stop();
    this.options.log.error({ report: this.id, err }, 'storage append failed; dropping the report from memory');
    for (const connection of [...this.connections]) connection.close(closeCodes.internalError, 'storage failure');
    this.onFailure();
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle
  // -------------------------------------------------------------------------------------------

  /** Waits until every received update is stored. */
  async flushed(): Promise<void> {
    await this.relay.flushed();
  }

  /**
   * Stores what is pending (updates, counts), closes the remaining connections with `code` and
   * releases the document. Used on idle unload (no connections left) and on shutdown (1001).
   */
  async close(code: number = closeCodes.goingAway, reason = 'server shutting down'): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.flushed();
    // The stored counts must cover every update (the report list shows them once unloaded).
    if (!this.failed) this.settle();
    this.closed = true;
    this.received.stop();
    await this.checks.close();
    for (const connection of [...this.connections]) connection.close(code, reason);
    this.connections.clear();
    this.coldLoad.release();
    this.liveDoc.off('afterTransaction', this.onTransaction);
    this.awareness.destroy();
    this.liveDoc.destroy();
  }
}
