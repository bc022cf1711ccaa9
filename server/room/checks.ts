/**
 * The checks of one open report, as its room keeps them: built on the first change or
 * diagnostics read (not on load: their caches weigh about as much as the document, and a report
 * that is only being read needs neither), evaluated a moment after changes, their counts stored
 * every few seconds while the report is edited, and dropped again when unused for a while.
 * The report's status (草稿 / 审核中 / 已审定, from its sign-offs) is stored with the counts
 * when it changed: the report list shows both without loading documents.
 *
 * Every change is checked: the validator records what each transaction changed as it happens;
 * only the evaluation waits (`checksDelayMs`), once for all the changes of that moment, and a
 * diagnostics read runs whatever is pending first.
 */
import type * as Y from 'yjs';
import type { Diagnostic } from '../../schema/diagnostics.ts';
import { reportStatus } from '../../schema/signoffs/state.ts';
import type { ReportStatus } from '../../schema/signoffs/steps.ts';
import type { EvaluationScheduler } from '../../schema/validator.ts';
import type { Logger } from '../log.ts';
import type { ServerMetrics } from '../metrics.ts';
import type { DiagnosticCounts, ReportStorage } from '../storage/storage.ts';

/**
 * How long after a change the checks evaluate (ms). Nobody waits on it: editors check in the
 * browser, and REST reads evaluate first. So it is long enough to fold a typing burst of several
 * people into one pass (at 20 keystrokes/s a pass per keystroke cost more CPU than the relay),
 * short against the counts interval.
 */
export const checksDelayMs = 250;

/**
 * Checks unused this long (ms: no change, no read) are dropped once their counts are stored,
 * and built again on the next change or diagnostics read (~1 ms): an idle open report keeps its
 * document, not its validator.
 */
export const checksIdleMs = 30_000;

/** The report checks as a room uses them (`ReportValidator` from schema/validator.ts). */
export interface RoomChecks {
  diagnostics(): readonly Diagnostic[];
  counts(): DiagnosticCounts;
  destroy(): void;
}

/**
 * Builds the checks of a loaded report; `schedule` (when the checks support deferring) runs
 * their evaluation later, timed into the validation metric.
 */
export type CreateChecks = (doc: Y.Doc, schedule?: EvaluationScheduler) => RoomChecks;

export interface LiveChecksOptions {
  readonly reportId: string;
  readonly storage: ReportStorage;
  readonly createChecks: CreateChecks;
  readonly log: Logger;
  readonly metrics: ServerMetrics;
  /** Store the diagnostic counts at most this often (ms) while the report is being edited. */
  readonly countsIntervalMs: number;
}

export class LiveChecks {
  private instance: RoomChecks | null = null;
  private usedAt = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private countsTimer: NodeJS.Timeout | null = null;
  /** The document changed since the counts were last stored. */
  private dirty = false;
  /** The status this room last stored (undefined: none yet; what storage holds may differ). */
  private storedStatus: ReportStatus | undefined;
  /** Closed, or storage failed: nothing more is stored or evaluated. */
  private stopped = false;

  /** `doc` gives the report's document as it is now (the room applies what it has queued). */
  constructor(
    private readonly options: LiveChecksOptions,
    private readonly doc: () => Y.Doc,
  ) {}

  /** After each change to the document: the checks follow it (built now if they were not). */
  changed(): void {
    this.ensure();
    this.dirty = true;
    this.scheduleCounts();
  }

  diagnostics(): readonly Diagnostic[] {
    return this.ensure().diagnostics();
  }

  counts(): DiagnosticCounts {
    return this.ensure().counts();
  }

  /** The live counts if the checks exist; otherwise the stored ones are current. */
  liveCounts(): DiagnosticCounts | undefined {
    return this.instance?.counts();
  }

  /** The status now if the document changed since it was stored; otherwise the stored one is current. */
  liveStatus(): ReportStatus | undefined {
    return this.dirty ? reportStatus(this.doc()) : undefined;
  }

  /** Storage failed: the room is being dropped, so nothing more is stored. */
  stop(): void {
    this.stopped = true;
    this.clearTimers();
  }

  /** Stores the counts if they changed, then releases the checks. */
  async close(): Promise<void> {
    this.clearTimers();
    await this.storeCounts();
    this.stopped = true;
    this.instance?.destroy();
    this.instance = null;
  }

  /** The checks, built now from the current document if they were not yet. */
  private ensure(): RoomChecks {
    if (!this.instance) {
      const started = performance.now();
      this.instance = this.options.createChecks(this.doc(), this.schedule);
      this.options.metrics.validationSeconds.observe((performance.now() - started) / 1000);
    }
    this.usedAt = performance.now();
    if (this.idleTimer === null && !this.stopped) this.armIdle(checksIdleMs);
    return this.instance;
  }

  private readonly schedule: EvaluationScheduler = (evaluate) => {
    const timer = setTimeout(() => {
      if (this.stopped) return;
      const started = performance.now();
      try {
        evaluate();
      } catch (err) {
        // Thrown in a timer it would end the process, and every report with it. The checks are
        // dropped (a read builds them afresh) and the report goes on being edited.
        this.options.log.error({ report: this.options.reportId, err }, 'the report checks failed; dropped them');
        this.instance?.destroy();
        this.instance = null;
        return;
      }
      this.options.metrics.validationSeconds.observe((performance.now() - started) / 1000);
    }, checksDelayMs);
    timer.unref();
  };

  private armIdle(delayMs: number): void {
    this.idleTimer = setTimeout(() => void this.dropIfIdle(), delayMs);
    this.idleTimer.unref();
  }

  /** Drops the checks if unused for `checksIdleMs`, after storing their counts (kept if that fails). */
  private async dropIfIdle(): Promise<void> {
    this.idleTimer = null;
    if (this.stopped || !this.instance) return;
    const idle = performance.now() - this.usedAt;
    if (idle < checksIdleMs) return this.armIdle(checksIdleMs - idle);
    if (!(await this.storeCounts())) return this.armIdle(checksIdleMs);
    // A change may have come while the counts were being stored.
    if (this.stopped) return;
    if (this.dirty || performance.now() - this.usedAt < checksIdleMs) {
      if (this.idleTimer === null) this.armIdle(checksIdleMs);
      return;
    }
    this.instance?.destroy();
    this.instance = null;
  }

  private scheduleCounts(): void {
    if (this.countsTimer || this.stopped) return;
    this.countsTimer = setTimeout(() => {
      this.countsTimer = null;
      void this.storeCounts();
    }, this.options.countsIntervalMs);
    this.countsTimer.unref();
  }

  /** Whether the stored counts are now current. */
  private async storeCounts(): Promise<boolean> {
    if (!this.dirty) return true;
    if (this.stopped) return false;
    this.dirty = false;
    try {
      if (this.instance) await this.options.storage.setCounts(this.options.reportId, this.instance.counts());
      const status = reportStatus(this.doc());
      if (status !== this.storedStatus) {
        await this.options.storage.setStatus(this.options.reportId, status);
        this.storedStatus = status;
      }
      return true;
    } catch (err) {
      this.dirty = true;
      this.options.log.error({ report: this.options.reportId, err }, 'storing diagnostic counts failed');
      return false;
    }
  }

  private clearTimers(): void {
    if (this.countsTimer) clearTimeout(this.countsTimer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.countsTimer = null;
    this.idleTimer = null;
  }
}
