/**
 * A room loaded from storage keeps the stored bytes and applies them to its document only when
 * something needs the document. A client with an empty document (its sync step 1 carries an
 * empty state vector) that arrives before then is answered at once with the stored bytes
 * themselves: one update message per logged update, then sync step 2 = the snapshot — exactly
 * the durable state, so nothing undurable is relayed. The document is materialised a moment
 * after the join (`materialiseAfterJoinMs`), or at once by anything that needs it (any other
 * message, a permission check inspecting an update, a REST read, the checks, compaction); the
 * server's own sync step 1 goes to each connection that joined meanwhile once it is.
 */
import * as Y from 'yjs';
import type { Logger } from '../log.ts';
import type { StoredDocument } from '../storage/storage.ts';
import { encodeSyncStep1, encodeSyncStep2, encodeUpdateMessage, type IncomingSyncMessage } from '../sync/protocol.ts';

/**
 * How long after a connection joins a cold-loaded report its document is materialised, if
 * nothing needs it sooner (ms). A fresh client answered from the stored bytes is applying them
 * meanwhile: materialising is about as much work, and at once it slowed that client's join by
 * half on one machine (the bench's). A connection that sends nothing gets the server's step 1
 * then.
 */
export const materialiseAfterJoinMs = 1_000;

/** The update of an empty document: sync step 2 for a report stored without a snapshot. */
const emptyUpdate = Y.encodeStateAsUpdate(new Y.Doc());

/** An empty state vector (no clients): what a fresh client's sync step 1 carries. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

export interface ColdLoadOptions {
  readonly reportId: string;
  readonly log: Logger;
  /** Past this many logged updates, a fresh client is answered from the document instead. */
  readonly compactAfterUpdates: number;
  /** The document holds the stored state now (the room starts following its changes). */
  readonly materialised: () => void;
  /** Whether the room is open (a scheduled materialisation is skipped once it is not). */
  readonly open: () => boolean;
}

export class ColdLoad<Connection extends { send(message: Uint8Array): void }> {
  /** Stored bytes not yet applied to the document (null once materialised). */
  private stored: StoredDocument | null;
  /** Connections that joined before materialisation: they get the server's sync step 1 after it. */
  private readonly awaitingStep1 = new Set<Connection>();
  private scheduled = false;

  /** With `stored`, `doc` must be empty and `stored` is what it holds; without, it is materialised already. */
  constructor(
    private readonly doc: Y.Doc,
    stored: StoredDocument | null,
    private readonly options: ColdLoadOptions,
  ) {
    this.stored = stored;
    if (!stored) options.materialised();
  }

  /** Whether the stored bytes are applied to the document yet. */
  get materialised(): boolean {
    return this.stored === null;
  }

  /** Applies the stored bytes, then sends the server's sync step 1 to those who joined before. */
  materialise(): void {
    const stored = this.stored;
    if (!stored) return;
    this.stored = null;
    const started = performance.now();
    // One transaction: observers (none yet) and cleanup run once, not once per logged update.
    // The room follows changes only after: this is the stored state, not a change.
    this.doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
      for (const update of stored.updates) {
        // A logged update is stored as it was received; one that fails to integrate must not
        // make the rest of the report unloadable.
        try {
          Y.applyUpdate(this.doc, update);
        } catch (err) {
          this.options.log.error({ report: this.options.reportId, err }, 'a stored update failed to apply; skipped');
        }
      }
    });
    this.options.materialised();
    this.options.log.debug({ report: this.options.reportId, ms: Math.round(performance.now() - started) }, 'report document materialised');
    if (this.awaitingStep1.size === 0) return;
    const step1 = encodeSyncStep1(this.doc);
    for (const connection of this.awaitingStep1) connection.send(step1);
    this.awaitingStep1.clear();
  }

  /**
   * A connection joined: whether its sync step 1 from the server waits for materialisation.
   * Its own sync step 1 comes a round trip later, and materialising now would make the fast
   * answer wait for it. Any message but a fresh client's step 1 materialises; otherwise it
   * happens `materialiseAfterJoinMs` after the join.
   */
  deferStep1(connection: Connection): boolean {
    if (!this.stored) return false;
    this.awaitingStep1.add(connection);
    setTimeout(this.materialiseSoon, materialiseAfterJoinMs).unref();
    return true;
  }

  leave(connection: Connection): void {
    this.awaitingStep1.delete(connection);
  }

  /**
   * Whether `incoming` is a fresh client's sync step 1 that the stored bytes answer. Not for a
   * log past the compaction threshold (left by a crash or a failed compaction): thousands of
   * update messages cost the client more than one step 2 from the document costs the server.
   */
  answers(incoming: IncomingSyncMessage): boolean {
    return (
      this.stored !== null &&
      this.stored.updates.length <= this.options.compactAfterUpdates &&
      incoming.type === 'sync-step1' &&
      isEmptyStateVector(incoming.stateVector)
    );
  }

  /**
   * Answers a fresh client's sync step 1 before materialisation: the logged updates as update
   * messages, then sync step 2 = the stored snapshot. Yjs applies updates in any order (those
   * missing their predecessors wait, and integrate when the snapshot arrives), so the client
   * holds the whole stored state once step 2 is applied, which is when y-websocket reports it
   * synced. All of it is durable, and nothing was applied since the load. The document is
   * materialised after the join's delay, while the client is done applying (`deferStep1`).
   */
  answer(connection: Connection): void {
    const stored = this.stored!;
    for (const update of stored.updates) connection.send(encodeUpdateMessage(update));
    connection.send(encodeSyncStep2(stored.snapshot ?? emptyUpdate));
  }

  /** The room closed: the stored bytes and waiting connections are dropped. */
  release(): void {
    this.stored = null;
    this.awaitingStep1.clear();
  }

  private readonly materialiseSoon = (): void => {
    if (this.scheduled || !this.stored) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.options.open()) this.materialise();
    });
  };
}
