/**
 * Decides when the sync connection may be tried again, so that a refused upgrade never turns
 * into a reconnect loop.
 *
 * A browser cannot see why a websocket upgrade failed: a 403 or 404 from the server and a
 * network that is down both end in a close with 1006. y-websocket therefore retries every one of
 * them, forever. The gate holds y-websocket's retry whenever a connection closes without having
 * synced (it failed to open, or the server closed it at once) and asks the REST API about the
 * report (report-verdict.ts): an answer that the user may not read it, that it does not exist,
 * or that the session ended stops the provider for good and tells the page; an answer that it is
 * readable, or no answer at all (offline), lets the connection be tried again after a backoff.
 * A connection that had synced and then dropped reconnects at once, as y-websocket does.
 *
 * Invariant: only the gate connects the provider (the session's online/offline handling goes
 * through `start`/`stop`), so a retry the gate holds is never resumed behind its back.
 */
import { type FinalVerdict, type ReportVerdict, isFinalVerdict } from './report-verdict.ts';

type CloseListener = (event: { readonly code: number } | null) => void;

/** The part of y-websocket's provider the gate drives. */
export interface GatedProvider {
  /** Still the closing socket's state while `connection-close` listeners run. */
  readonly synced: boolean;
  /**
   * y-websocket's own switch: a retry it scheduled does nothing while this is false. Set to false
   * by the gate to hold that retry; `connect()` sets it again.
   */
  shouldConnect: boolean;
  connect(): void;
  disconnect(): void;
  on(event: 'connection-close', listener: CloseListener): void;
  off(event: 'connection-close', listener: CloseListener): void;
}

export interface GateTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The session ended (4401 from the server): ask whether the user is still signed in. */
const unauthenticatedCloseCode = 4401;

/**
 * Wait before the next attempt after `failures` connections in a row that never synced:
 * y-websocket's own backoff (100 ms · 2ⁿ, at most 2.5 s) while the server cannot be reached, so
 * that work resumes soon after the network returns; up to 30 s when the REST API answers but the
 * upgrade keeps failing (a proxy that does not pass websockets), which a quick retry never fixes.
 */
export function reconnectDelayMs(failures: number, verdict: 'readable' | 'unreachable'): number {
  const cap = verdict === 'unreachable' ? 2500 : 30_000;
  return Math.min(100 * 2 ** Math.min(failures, 20), cap);
}

export class SyncGate {
  /** Connections in a row that closed without having synced. */
  private failures = 0;
  private retry: unknown = undefined;
  private asking = false;
  /** Set by `stop` (offline) and by a final verdict: nothing may connect the provider. */
  private stopped = false;
  private ended = false;

  constructor(
    private readonly provider: GatedProvider,
    private readonly probe: () => Promise<ReportVerdict>,
    /** Called once, when the server said this user may not sync this report. */
    private readonly onFinal: (verdict: FinalVerdict) => void,
    private readonly timers: GateTimers = { setTimeout: (c, ms) => window.setTimeout(c, ms), clearTimeout: (h) => window.clearTimeout(h as number) },
  ) {
    provider.on('connection-close', this.onClose);
  }

  /** Connects (again), unless the server's verdict ended syncing. */
  start(): void {
    if (this.ended) return;
    this.stopped = false;
    this.cancelRetry();
    this.provider.connect();
  }

  /** Disconnects and cancels any retry the gate scheduled; `start` connects again. */
  stop(): void {
    this.stopped = true;
    this.cancelRetry();
    this.provider.disconnect();
  }

  destroy(): void {
    this.stop();
    this.ended = true;
    this.provider.off('connection-close', this.onClose);
  }

  private cancelRetry(): void {
    if (this.retry === undefined) return;
    this.timers.clearTimeout(this.retry);
    this.retry = undefined;
  }

  // `event` is null when the page closed the socket itself (stop, y-websocket's watchdog).
  private readonly onClose: CloseListener = (event) => {
    if (this.ended || event === null) return;
    if (event.code !== unauthenticatedCloseCode) {
      // The server's own final word (4400–4499) stops y-websocket by itself, and the rights
      // notices act on it; only a lost session (4401) is worth asking about: sign in again.
      if (event.code >= 4400 && event.code < 4500) return;
      if (this.provider.synced) {
        this.failures = 0;
        return;
      }
    }
    this.provider.shouldConnect = false;
    this.failures++;
    void this.ask();
  };

  private async ask(): Promise<void> {
    if (this.asking) return;
    this.asking = true;
    let verdict: ReportVerdict;
    try {
      verdict = await this.probe();
    } finally {
      this.asking = false;
    }
    if (this.ended) return;
    if (isFinalVerdict(verdict)) {
      this.ended = true;
      this.cancelRetry();
      this.provider.disconnect();
      this.onFinal(verdict);
      return;
    }
    if (this.stopped) return;
    this.cancelRetry();
    this.retry = this.timers.setTimeout(() => {
      this.retry = undefined;
      if (!this.stopped && !this.ended) this.provider.connect();
    }, reconnectDelayMs(this.failures, verdict));
  }
}
