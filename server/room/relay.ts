/**
 * Durability before relay, for one room. With storage that appends synchronously (embedded
 * SQLite: `appendUpdatesNow`), an update is appended and relayed in the call that queues it: no
 * trip through the event loop stands between a keystroke arriving and its relay. With storage
 * that must be awaited, updates are queued as they come, and once the socket data being handled
 * is done (a microtask: every frame of one TCP chunk goes in the same batch) they are appended in
 * one call; only when that resolves are they relayed. Messages that may contain queued updates (a
 * sync step 2 answer) wait for the same append. So no client ever sees an update that a crash
 * could lose.
 */
import type { ServerMetrics } from '../metrics.ts';
import type { ReportStorage } from '../storage/storage.ts';

/** An update to store and relay; `origin` (the sender) does not get it back. */
export interface QueuedUpdate<Connection> {
  readonly update: Uint8Array;
  readonly origin: Connection | null;
}

interface DeferredSend<Connection> {
  /** Sent once this many queued updates are stored. */
  readonly afterSeq: number;
  readonly connection: Connection;
  readonly message: Uint8Array;
}

export interface DurableRelayOptions<Connection> {
  readonly reportId: string;
  readonly storage: ReportStorage;
  readonly metrics: ServerMetrics;
  /** A batch is stored: relay it (and whatever follows from it). */
  readonly relay: (batch: readonly QueuedUpdate<Connection>[]) => void;
  /** Sends a message that waited for the append, if the connection is still there. */
  readonly send: (connection: Connection, message: Uint8Array) => void;
  /** Storage refused an append: nothing queued may be relayed, ever. */
  readonly fail: (err: unknown) => void;
}

export class DurableRelay<Connection> {
  /** Updates queued, counted; `durableSeq` of them are stored. */
  private queuedSeq = 0;
  private durableSeq = 0;
  private pending: QueuedUpdate<Connection>[] = [];
  private deferred: DeferredSend<Connection>[] = [];
  private flushScheduled = false;
  private flushing: Promise<void> | null = null;
  private failed = false;
  private readonly appendNow: ((updates: readonly Uint8Array[]) => void) | null;

  constructor(private readonly options: DurableRelayOptions<Connection>) {
    const { storage, reportId } = options;
    this.appendNow = storage.appendUpdatesNow ? (updates) => storage.appendUpdatesNow!(reportId, updates) : null;
  }

  queue(update: QueuedUpdate<Connection>): void {
    this.queuedSeq++;
    this.options.metrics.updates++;
    if (this.appendNow) {
      if (!this.failed) this.appendNowAndRelay([update]);
      return;
    }
    this.pending.push(update);
    this.scheduleFlush();
  }

  /** Sends `message` once every update queued so far is stored (at once if they are). */
  sendWhenDurable(connection: Connection, message: Uint8Array): void {
    if (this.durableSeq === this.queuedSeq) this.options.send(connection, message);
    else this.deferred.push({ afterSeq: this.queuedSeq, connection, message });
  }

  /** Drops what waits for a connection that left. */
  forget(connection: Connection): void {
    if (this.deferred.length > 0) this.deferred = this.deferred.filter((d) => d.connection !== connection);
  }

  /** Waits until every queued update is stored (or storage failed). */
  async flushed(): Promise<void> {
    while (!this.failed && (this.flushing || this.pending.length > 0)) {
      if (this.flushing) await this.flushing;
      else this.runFlush();
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushing) return;
    this.flushScheduled = true;
    // A microtask runs once the socket data in hand is handled: the frames of one chunk share a
    // batch, and nothing else (timers, other I/O) runs before the append and the relay.
    queueMicrotask(this.runFlush);
  }

  private readonly runFlush = (): void => {
    this.flushScheduled = false;
    if (this.pending.length === 0 || this.failed) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
      if (this.pending.length > 0) this.scheduleFlush();
    });
  };

  /** Appends updates with the synchronous append, then relays them. */
  private appendNowAndRelay(batch: readonly QueuedUpdate<Connection>[]): void {
    const started = performance.now();
    try {
      this.appendNow!(batch.map((p) => p.update));
    } catch (err) {
      this.storageFailed(err);
      return;
    }
    this.stored(batch, started);
  }

  /** Appends one turn's updates in one awaited storage call, then relays them. */
  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const started = performance.now();
    try {
      await this.options.storage.appendUpdates(
        this.options.reportId,
        batch.map((p) => p.update),
      );
    } catch (err) {
      this.storageFailed(err);
      return;
    }
    this.stored(batch, started);
  }

  /** A batch is durable: relay it, then release the sends that waited for it. */
  private stored(batch: readonly QueuedUpdate<Connection>[], appendStarted: number): void {
    const appendSeconds = (performance.now() - appendStarted) / 1000;
    this.durableSeq += batch.length;
    this.options.relay(batch);
    // Bookkeeping after the relay, which waits for nothing but the append.
    this.options.metrics.storageAppendSeconds.observe(appendSeconds);
    this.releaseDeferred();
  }

  private storageFailed(err: unknown): void {
    this.failed = true;
    this.options.fail(err);
  }

  private releaseDeferred(): void {
    if (this.deferred.length === 0) return;
    const ready = this.deferred.filter((d) => d.afterSeq <= this.durableSeq);
    this.deferred = this.deferred.filter((d) => d.afterSeq > this.durableSeq);
    for (const { connection, message } of ready) this.options.send(connection, message);
  }
}
