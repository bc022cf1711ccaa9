/**
 * The updates a room has received, queued to be applied to its document after their relay.
 *
 * Received updates go into the document `receivedApplyDelayMs` after their relay, in one
 * transaction for all of that moment, not right after each relay: that apply (~0.15 ms after an
 * idle moment) ran while the receivers, on the same machine, were reading the relayed frames.
 * Anything that reads the document applies the queue first (`applyNow`, which the room's `doc`
 * getter calls). The exception is the commonest update: a keystroke that continues its sender's
 * typing is judged new and placed (for the permission check) from its typing run
 * (typing-runs.ts), with the queue left as it is.
 */
import * as Y from 'yjs';
import type { Logger } from '../log.ts';
import type { QueuedUpdate } from './relay.ts';
import { isRedundantUpdate } from './redundant-update.ts';
import { TypingRuns } from './typing-runs.ts';
import type { DecodedUpdate } from '../sync/update-check.ts';

/** How long received updates wait after their relay before they are applied (ms), unless something needs the document sooner. */
export const receivedApplyDelayMs = 200;

/** What the queue needs of a connection: to close the sender of an update that fails to integrate. */
interface Sender {
  readonly id: number;
  close(code: number, reason: string): void;
}

export interface ReceivedUpdatesOptions {
  readonly reportId: string;
  readonly log: Logger;
  /** The transaction origin received updates are applied under. */
  readonly origin: symbol;
  /** The close code for the sender of an update that fails to integrate. */
  readonly invalidUpdateCode: number;
}

export class ReceivedUpdates<Connection extends Sender> {
  private queue: QueuedUpdate<Connection>[] = [];
  /** Each client's typing, which keystrokes continuing it are judged against without applying the queue. */
  private readonly typing = new TypingRuns();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  /** `doc` is the room's materialised document. */
  constructor(
    private readonly doc: Y.Doc,
    private readonly options: ReceivedUpdatesOptions,
  ) {}

  /** For a keystroke continuing its sender's typing: the document's item that typing sits beside. */
  typingAnchor(decoded: DecodedUpdate): Y.Item | undefined {
    return this.typing.anchorOf(decoded, this.doc.store);
  }

  /**
   * Queues an update unless the document holds all of it already (a reconnecting client's sync
   * step 2 with nothing new carries its delete set); whether it was queued, to be stored and
   * relayed. A keystroke continuing its sender's typing is new by construction; for anything
   * else the queue is applied first and the document asked.
   */
  enqueue(received: QueuedUpdate<Connection>, decoded: DecodedUpdate): boolean {
    if (!this.typing.continues(decoded, this.doc.store)) {
      this.applyNow();
      if (isRedundantUpdate(this.doc, decoded)) return false;
    }
    this.typing.queued(decoded, this.doc.store);
    this.queue.push(received);
    return true;
  }

  /** The queue was relayed: applied `receivedApplyDelayMs` after the first relay that left it non-empty. */
  applyLater(): void {
    if (this.timer !== null || this.queue.length === 0 || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.applyNow();
    }, receivedApplyDelayMs);
    this.timer.unref();
  }

  /**
   * Applies the queue, in order, in one transaction (observers and the checks run once for
   * all); an update that fails to integrate closes its sender.
   */
  applyNow(): void {
    if (this.queue.length === 0 || this.stopped) return;
    const queue = this.queue;
    this.queue = [];
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.doc.transact(() => {
      for (const { update, origin } of queue) {
        try {
          Y.applyUpdate(this.doc, update, this.options.origin);
        } catch (err) {
          // Well-formed (checked on decoding) and allowed (inspected), yet it failed to
          // integrate: it is stored and relayed, and applying it again on load skips it too.
          this.options.log.error({ report: this.options.reportId, conn: origin?.id, err }, 'update failed to apply');
          origin?.close(this.options.invalidUpdateCode, 'invalid update');
        }
      }
    }, this.options.origin);
    this.dropPending();
  }

  /**
   * The room takes only updates it could resolve in full (held-updates.ts), so Yjs keeps nothing
   * pending. Should the inspection ever disagree with Yjs, what Yjs keeps pending is dropped
   * here rather than left to land wherever its dependency later puts it, unjudged.
   */
  private dropPending(): void {
    const store = this.doc.store;
    if (store.pendingStructs === null && store.pendingDs === null) return;
    this.options.log.error({ report: this.options.reportId }, 'received updates left structs or deletions pending; dropped them');
    store.pendingStructs = null;
    store.pendingDs = null;
  }

  /** The room closed or failed: nothing more is applied. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
  }
}
