/**
 * The audit trail: which user changed which part (and which cells of a table), and when, taken
 * from the connection's identity and the footprint the permission check computed anyway — no
 * second look at the update. Lines are queued and written once a second in one transaction;
 * within that second, a user's changes to one part are merged into one line (a burst of
 * keystrokes is one line, not twenty, and typing costs one small commit a second, not one per
 * keystroke). Reading the trail and shutting down flush the queue first. Recording only keeps
 * the footprint: merging it into lines waits for the write, off the path an update takes to
 * its relay.
 *
 * A line is written when the update is accepted, independently of the update's own append: if
 * storage then fails, the report reloads without that update but the line remains. The trail
 * errs on the side of saying someone tried.
 */
import { partOfRoot, rootRole } from '../../schema/ydoc.ts';
import type { UpdateFootprint } from '../permissions/inspect.ts';
import type { Clock } from './clock.ts';
import type { AccountStore, AuditEntry } from './store.ts';

interface PendingLine {
  readonly reportId: string;
  readonly userId: number;
  readonly at: number;
  readonly part: AuditEntry['part'];
  cells: Set<string> | null;
  bytes: number;
}

/** One accepted update, as recorded. */
interface RecordedUpdate {
  readonly reportId: string;
  readonly userId: number;
  readonly at: number;
  readonly footprint: UpdateFootprint;
  readonly bytes: number;
}

export class AuditRecorder {
  private recorded: RecordedUpdate[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: AccountStore,
    private readonly clock: Clock,
    private readonly onError: (err: unknown) => void,
    private readonly flushEveryMs = 1000,
  ) {}

  /** Queues one accepted update for the trail. */
  record(reportId: string, userId: number, footprint: UpdateFootprint, bytes: number): void {
    if (footprint.roots.size === 0) return;
    this.recorded.push({ reportId, userId, at: this.clock(), footprint, bytes });
    if (!this.timer) {
      this.timer = setTimeout(this.write, this.flushEveryMs);
      this.timer.unref();
    }
  }

  /** Resolves when every queued line is written. */
  async flushed(): Promise<void> {
    if (this.recorded.length > 0) this.write();
    await this.writing;
  }

  private readonly write = (): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.recorded.length === 0) return;
    const lines = mergeIntoLines(this.recorded);
    this.recorded = [];
    const entries: AuditEntry[] = lines.map((l) => ({
      reportId: l.reportId,
      userId: l.userId,
      at: l.at,
      part: l.part,
      cells: l.cells === null ? null : [...l.cells].sort(),
      bytes: l.bytes,
    }));
    this.writing = this.writing.then(() => this.store.appendAudit(entries)).catch(this.onError);
  };
}

/** A user's changes to one part within the queued second, merged into one line each. */
function mergeIntoLines(recorded: readonly RecordedUpdate[]): PendingLine[] {
  const lines = new Map<string, PendingLine>();
  for (const { reportId, userId, at, footprint, bytes } of recorded) {
    for (const root of footprint.roots) {
      const part = partOfRoot(root);
      if (part === undefined) continue;
      const lineKey = `${reportId}\n${userId}\n${part}`;
      let line = lines.get(lineKey);
      if (!line) {
        line = { reportId, userId, at, part, cells: rootRole(root)?.kind === 'cells' ? new Set() : null, bytes: 0 };
        lines.set(lineKey, line);
      }
      line.bytes += bytes;
      const keys = footprint.cellKeys.get(root);
      if (keys && line.cells) for (const k of keys) if (k !== null) line.cells.add(k);
    }
  }
  return [...lines.values()];
}
