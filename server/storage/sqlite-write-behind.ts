/**
 * Appends through the update journal (update-journal.ts), written to the database behind it: an
 * append is durable once its journal record is written, and the database gets the updates of
 * everything journaled within `delayMs` in one transaction — a transaction that also records the
 * last journal seq it holds, so that replaying the journal after a crash skips what the database
 * has. Once the database has every record, the journal is emptied when it has grown past
 * `clearAboveBytes` (and on close), not after every write.
 *
 * Reads of the log (`flush()` first) see every append made so far; another process reading the
 * database sees an append at most `delayMs` late.
 */
import type { JournalRecord, UpdateJournal } from './update-journal.ts';

export interface WriteBehindOptions {
  /** How long the first journaled append waits for others before they are written (ms). */
  readonly delayMs: number;
  /** Empty the journal when everything is written and it holds more than this. */
  readonly clearAboveBytes: number;
}

export const defaultWriteBehind: WriteBehindOptions = { delayMs: 250, clearAboveBytes: 4 << 20 };

/** How soon a write the database refused is tried again (ms, at least the delay). */
const retryAfterMs = 1_000;

/** Writes records' updates to the log and their last seq as applied, in one transaction. */
export type WriteRecords = (records: readonly JournalRecord[]) => void;

export class WriteBehind {
  private pending: JournalRecord[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly journal: UpdateJournal,
    private readonly write: WriteRecords,
    private readonly options: WriteBehindOptions = defaultWriteBehind,
  ) {}

  /** Journals the updates: durable when this returns. */
  append(reportId: string, updates: readonly Uint8Array[]): void {
    // The record holds its own copy of the bytes: the caller may reuse its buffers.
    this.pending.push(this.journal.append(reportId, updates));
    this.timer ??= this.schedule(this.options.delayMs);
  }

  /** Writes every journaled update to the database now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.length === 0) return;
    try {
      this.write(this.pending);
    } catch (error) {
      // The database refused (a full disk, say). Nothing is lost: the journal has it all. The
      // caller hears of it; the write is tried again later whoever called.
      this.timer = this.schedule(Math.max(this.options.delayMs, retryAfterMs));
      throw error;
    }
    this.pending = [];
    if (this.journal.size > this.options.clearAboveBytes) this.journal.clear();
  }

  /** Writes what is pending, empties the journal and closes it; on failure the journal stays. */
  close(): void {
    try {
      this.flush();
      this.journal.clear();
    } finally {
      // Not retried: what was refused is replayed from the journal on the next open.
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.journal.close();
    }
  }

  private readonly flushInBackground = (): void => {
    this.timer = null;
    try {
      this.flush();
    } catch {
      // Retried (see flush); a read that needs the log flushes first and reports the error.
    }
  };

  /** Unreferenced: what is journaled is durable, so the write need not keep a process alive. */
  private schedule(delayMs: number): NodeJS.Timeout {
    return setTimeout(this.flushInBackground, delayMs).unref();
  }
}
