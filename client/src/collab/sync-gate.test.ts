/**
 * The gate against the stock y-websocket provider and a real nianbao server: upgrades refused by
 * the server, a port nothing listens on, a synced connection the server drops. Attempts are
 * counted where the provider creates its sockets; y-websocket's own retry timers and the gate's
 * run on fake timers, so "no further attempt" is proven by running every timer due in minutes.
 */
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { sampleReportId } from '../../../server/reports.ts';
import { TestBed, wsUrl } from '../../../server/test-support/test-bed.ts';
import { type FinalVerdict, type ReportVerdict, probeReport } from './report-verdict.ts';
import { type GateTimers, SyncGate, reconnectDelayMs } from './sync-gate.ts';

/** Resolves waiters once a count reaches what they wait for. */
class Counter {
  value = 0;
  private waiters: { n: number; resolve: () => void }[] = [];
  bump(): void {
    this.value++;
    this.waiters = this.waiters.filter((w) => (this.value >= w.n ? (w.resolve(), false) : true));
  }
  reached(n: number): Promise<void> {
    return this.value >= n ? Promise.resolve() : new Promise((resolve) => this.waiters.push({ n, resolve }));
  }
}

let bed: TestBed;
beforeEach(() => {
  bed = new TestBed();
});
afterEach(async () => {
  vi.useRealTimers();
  await bed.cleanup();
});

interface Rig {
  readonly provider: WebsocketProvider;
  readonly gate: SyncGate;
  /** Sockets the provider created. */
  readonly attempts: Counter;
  readonly probes: Counter;
  /** Delays of the retries the gate scheduled. */
  readonly retries: number[];
  readonly retryScheduled: Counter;
  readonly final: Promise<FinalVerdict>;
}

/** A provider for `reportId` at `serverUrl`, behind a gate asking `probe`; not yet connected. */
function rig(serverUrl: string, reportId: string, probe: () => Promise<ReportVerdict>): Rig {
  const attempts = new Counter();
  class CountingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      attempts.bump();
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl(serverUrl)}/sync`, reportId, doc, {
    WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: false,
  });
  const probes = new Counter();
  const retries: number[] = [];
  const retryScheduled = new Counter();
  const timers: GateTimers = {
    setTimeout: (callback, ms) => {
      retries.push(ms);
      retryScheduled.bump();
      return setTimeout(callback, ms);
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  let onFinal!: (verdict: FinalVerdict) => void;
  const final = new Promise<FinalVerdict>((resolve) => (onFinal = resolve));
  const gate = new SyncGate(
    provider,
    () => {
      probes.bump();
      return probe();
    },
    onFinal,
    timers,
  );
  bed.defer(() => {
    gate.destroy();
    provider.destroy();
    doc.destroy();
  });
  return { provider, gate, attempts, probes, retries, retryScheduled, final };
}

/** Asks the real server's REST API, as the page does (relative to its origin). */
const restOf = (serverUrl: string) => (reportId: string) => probeReport(reportId, (input, init) => fetch(`${serverUrl}${String(input)}`, init));

/** A probe whose answers the test gives, one per question, in order. */
function heldProbe(): { probe: () => Promise<ReportVerdict>; answer: (verdict: ReportVerdict) => void } {
  const pending: ((verdict: ReportVerdict) => void)[] = [];
  return {
    probe: () => new Promise((resolve) => pending.push(resolve)),
    answer: (verdict) => {
      const next = pending.shift();
      if (!next) throw new Error('no question to answer');
      next(verdict);
    },
  };
}

const fakeTimers = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });

describe('SyncGate with y-websocket', () => {
  it('holds the retry of a refused upgrade while it asks the REST API; told the report does not exist, never tries again', async () => {
    const server = await bed.server();
    fakeTimers();
    const asked = heldProbe();
    const r = rig(server.url, 'no-such-report', asked.probe);
    r.gate.start();
    await r.probes.reached(1);
    // y-websocket scheduled its own retry when the socket closed: held while the gate asks.
    vi.advanceTimersByTime(600_000);
    expect(r.attempts.value).toBe(1);
    asked.answer(await restOf(server.url)('no-such-report'));
    expect(await r.final).toBe('not-found');
    vi.advanceTimersByTime(600_000);
    expect(r.attempts.value).toBe(1);
    expect(r.retries).toEqual([]);
    expect(r.provider.shouldConnect).toBe(false);
    // Nothing connects it again: not the page coming back online.
    r.gate.start();
    vi.advanceTimersByTime(600_000);
    expect(r.attempts.value).toBe(1);
  });

  it('keeps trying with backoff while the server cannot be reached, asking before every retry', async () => {
    // A port that was just free: nothing listens there.
    const gone = await bed.server();
    const url = gone.url;
    await gone.close();
    fakeTimers();
    const asked = heldProbe();
    const r = rig(url, sampleReportId, asked.probe);
    r.gate.start();
    for (let round = 1; round <= 6; round++) {
      await r.probes.reached(round);
      vi.advanceTimersByTime(600_000);
      expect(r.attempts.value).toBe(round);
      asked.answer(await restOf(url)(sampleReportId));
      await r.retryScheduled.reached(round);
      const delay = reconnectDelayMs(round, 'unreachable');
      expect(r.retries[round - 1]).toBe(delay);
      vi.advanceTimersByTime(delay - 1);
      expect(r.attempts.value).toBe(round);
      vi.advanceTimersByTime(1);
      expect(r.attempts.value).toBe(round + 1);
    }
    expect(r.retries).toEqual([200, 400, 800, 1600, 2500, 2500]);
  });

  it('stopped while asking (the browser went offline), schedules nothing; started again, connects at once', async () => {
    const server = await bed.server();
    let answer!: (verdict: ReportVerdict) => void;
    fakeTimers();
    const r = rig(server.url, 'no-such-report', () => new Promise((resolve) => (answer = resolve)));
    r.gate.start();
    await r.probes.reached(1);
    r.gate.stop();
    answer('unreachable');
    // The gate reads the answer in the next microtasks; an I/O turn runs them all.
    await new Promise((resolve) => setImmediate(resolve));
    vi.advanceTimersByTime(600_000);
    expect(r.attempts.value).toBe(1);
    expect(r.retries).toEqual([]);
    r.gate.start();
    expect(r.attempts.value).toBe(2);
  });

  it('lets a synced connection that drops reconnect at once, without asking', async () => {
    const server = await bed.server();
    const r = rig(server.url, sampleReportId, () => restOf(server.url)(sampleReportId));
    const syncs = new Counter();
    r.provider.on('sync', (synced: boolean) => {
      if (synced) syncs.bump();
    });
    r.gate.start();
    await syncs.reached(1);
    // The server drops the connection (as when storage fails): y-websocket reconnects by itself.
    server.rooms.peek(sampleReportId)!.closeConnectionsOf(() => true, 1011, 'storage failure');
    await syncs.reached(2);
    expect(r.probes.value).toBe(0);
    expect(r.attempts.value).toBe(2);
  });
});

/** y-websocket's events and switches, driven by hand, for what a real server cannot be made to do. */
class FakeProvider {
  synced = false;
  shouldConnect = false;
  connects = 0;
  private readonly listeners = new Set<(event: { readonly code: number } | null) => void>();
  on(_event: 'connection-close', listener: (event: { readonly code: number } | null) => void): void {
    this.listeners.add(listener);
  }
  off(_event: 'connection-close', listener: (event: { readonly code: number } | null) => void): void {
    this.listeners.delete(listener);
  }
  connect(): void {
    this.shouldConnect = true;
    this.connects++;
  }
  disconnect(): void {
    this.shouldConnect = false;
  }
  close(code: number | null, { synced }: { synced: boolean }): void {
    this.synced = synced;
    for (const listener of this.listeners) listener(code === null ? null : { code });
    this.synced = false;
  }
}

describe('SyncGate', () => {
  const immediate: GateTimers = { setTimeout: (callback) => (callback(), 0), clearTimeout: () => {} };

  it("leaves the server's final closes (4400–4499) to y-websocket and the rights notices, but asks after 4401", async () => {
    const provider = new FakeProvider();
    const verdicts: FinalVerdict[] = [];
    let probes = 0;
    const gate = new SyncGate(provider, async () => (probes++, 'signed-out'), (v) => verdicts.push(v), immediate);
    gate.start();
    provider.close(4403, { synced: true });
    provider.close(4400, { synced: false });
    provider.close(4429, { synced: true });
    expect(probes).toBe(0);
    expect(provider.shouldConnect).toBe(true);
    // The session behind an open, synced connection ended (password changed, signed out).
    provider.close(4401, { synced: true });
    expect(provider.shouldConnect).toBe(false);
    await vi.waitFor(() => expect(verdicts).toEqual(['signed-out']));
    expect(probes).toBe(1);
  });

  it('ignores closes the page made itself, and reconnects after a 4401 when the session is still good', async () => {
    const provider = new FakeProvider();
    let probes = 0;
    const gate = new SyncGate(provider, async () => (probes++, 'readable'), () => expect.unreachable(), immediate);
    gate.start();
    provider.close(null, { synced: false });
    expect(probes).toBe(0);
    provider.close(4401, { synced: true });
    await vi.waitFor(() => expect(provider.connects).toBe(2));
    expect(provider.shouldConnect).toBe(true);
  });

  it('counts failures since the last sync: the backoff starts over after a connection synced', async () => {
    const provider = new FakeProvider();
    const delays: number[] = [];
    const gate = new SyncGate(provider, async () => 'readable', () => expect.unreachable(), {
      setTimeout: (callback, ms) => (delays.push(ms), callback(), 0),
      clearTimeout: () => {},
    });
    gate.start();
    for (let i = 0; i < 3; i++) {
      provider.close(1006, { synced: false });
      await vi.waitFor(() => expect(delays).toHaveLength(i + 1));
    }
    provider.close(1006, { synced: true });
    provider.close(1006, { synced: false });
    await vi.waitFor(() => expect(delays).toHaveLength(4));
    expect(delays).toEqual([200, 400, 800, 200]);
  });

  it('backs off up to 2.5 s while unreachable, up to 30 s while the API answers but the upgrade fails', () => {
    expect([1, 2, 3, 4, 5, 10, 100].map((n) => reconnectDelayMs(n, 'unreachable'))).toEqual([200, 400, 800, 1600, 2500, 2500, 2500]);
    expect([1, 5, 8, 9, 100].map((n) => reconnectDelayMs(n, 'readable'))).toEqual([200, 3200, 25_600, 30_000, 30_000]);
  });
});
