/**
 * Compaction for one room: once `compactAfterUpdates` updates are logged after the snapshot, the
 * log is folded into a new snapshot (`encodeStateAsUpdate` of the live document) in the
 * background, so that a report with a long history still opens fast.
 */
import * as Y from 'yjs';
import type { Logger } from '../log.ts';
import type { ServerMetrics } from '../metrics.ts';
import type { ReportStorage } from '../storage/storage.ts';

/** How long after loading a report whose log is due for compaction the compaction runs (ms). */
export const compactAfterLoadMs = 2_000;

export interface RoomCompactionOptions {
  readonly reportId: string;
  readonly storage: ReportStorage;
  readonly metrics: ServerMetrics;
  readonly log: Logger;
  /** Compact once this many updates are logged after the snapshot. */
  readonly compactAfterUpdates: number;
  /** The document as it now is (materialised, every received update applied). */
  readonly doc: () => Y.Doc;
  /** False once the room failed or closed: nothing more is folded. */
  readonly active: () => boolean;
}

export class RoomCompaction {
  private running = false;

  /** `loggedUpdates`: what the log holds after the snapshot as the room is loaded. */
  constructor(
    private readonly options: RoomCompactionOptions,
    private loggedUpdates: number,
  ) {
    // Due already on load: folded a little later, so that encoding the snapshot does not hold up
    // the sync step 2 answer of the connection that caused the load.
    if (loggedUpdates >= options.compactAfterUpdates) this.schedule(compactAfterLoadMs);
  }

  /** `count` more updates were appended to the log. */
  logged(count: number): void {
    this.loggedUpdates += count;
    if (this.loggedUpdates >= this.options.compactAfterUpdates) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.running || !this.options.active()) return;
    this.running = true;
    const run = () => {
      void this.compact().finally(() => {
        this.running = false;
      });
    };
    if (delayMs === 0) setImmediate(run);
    else setTimeout(run, delayMs).unref();
  }

  /**
   * Folds the logged updates into one snapshot. The snapshot is the whole current document, so
   * it contains every logged update (and possibly some not yet appended, which is harmless:
   * applying those again later is a no-op).
   */
  private async compact(): Promise<void> {
    if (!this.options.active()) return;
    const count = this.loggedUpdates;
    if (count === 0) return;
    const { reportId, storage, metrics, log } = this.options;
    const started = performance.now();
    const snapshot = Y.encodeStateAsUpdate(this.options.doc());
    try {
      await storage.compact(reportId, snapshot, count);
      this.loggedUpdates -= count;
      metrics.compactionSeconds.observe((performance.now() - started) / 1000);
      log.debug({ report: reportId, folded: count, bytes: snapshot.length }, 'compacted update log');
    } catch (err) {
      log.error({ report: reportId, err }, 'compaction failed; the update log is kept as it is');
    }
  }
}
