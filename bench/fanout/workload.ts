/**
 * The fan-out workload shared by bench/fanout.ts and bench/fanout-auth.ts: N stock providers join
 * one report, the first `writers` of them type markers at `perSecond` each for `seconds`, then
 * every receiver is checked for every marker it should have got, the documents for convergence,
 * and the server process (its pid) for the CPU it spent while the writers wrote.
 */
import * as Y from 'yjs';
import { narrativeFragment } from '../../schema/ydoc.ts';
import { connectClient, MarkerWriter, type BenchClient } from './clients.ts';
import { sampleProcess } from './processes.ts';

export interface Scenario {
  readonly name: string;
  readonly clients: number;
  readonly writers: number;
  readonly perSecond: number;
}

export interface WorkloadTarget {
  readonly url: string;
  readonly pid: number;
  readonly reportId: string;
  /** Access token passed as `?token=` (none: anonymous clients). */
  readonly token?: string;
}

export interface WorkloadResult {
  /** One-way propagation latencies (ms) over all receivers, sorted ascending. */
  readonly latencies: number[];
  /** Markers some receiver never got. */
  readonly lost: number;
  /** All clients ended with the same text and state vector. */
  readonly converged: boolean;
  /** Clients the server had closed by the end. */
  readonly closedEarly: number;
  /** Server CPU seconds (user + system) from the first write to the last receipt. */
  readonly cpuSeconds: number;
  /** The server's peak resident set size so far. */
  readonly peakRssBytes: number;
  /** Markers written. */
  readonly updates: number;
  /**
   * Per marker, the latency of its first and of its last receiver; the medians over markers.
   * Their difference is how long the clients took to get through one update's fan-out.
   */
  readonly firstReceiptMs: number;
  readonly lastReceiptMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runWorkload(target: WorkloadTarget, scenario: Scenario, seconds: number): Promise<WorkloadResult> {
  const sendTimes = new Map<string, number>();
  const latencies: number[] = [];
  const clients: BenchClient[] = [];
  for (let i = 0; i < scenario.clients; i++) {
    clients.push(connectClient(target.url, target.reportId, i, sendTimes, latencies, target.token));
    // Joins in small waves, as staff opening a report would, not one burst of a hundred.
    if (i % 10 === 9) await sleep(20);
  }
  await Promise.all(clients.map((c) => c.synced));
  await sleep(1000);
  const before = sampleProcess(target.pid);
  const writers = clients.slice(0, scenario.writers).map((c) => new MarkerWriter(c, sendTimes));
  const interval = 1000 / scenario.perSecond;
  const stops = writers.map((writer, w) => {
    let timer: NodeJS.Timeout | undefined;
    // Writers start spread over one interval, so 20 writers at 5/s are not in lock-step.
    const start = setTimeout(() => {
      writer.writeOne();
      timer = setInterval(() => writer.writeOne(), interval);
    }, (w * interval) / writers.length);
    return () => {
      clearTimeout(start);
      if (timer) clearInterval(timer);
    };
  });
  await sleep(seconds * 1000);
  for (const stop of stops) stop();
  const markers = [...sendTimes.keys()];
  const expectedFor = (c: BenchClient) => markers.filter((m) => !m.startsWith(`${c.index}-`));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && !clients.every((c) => expectedFor(c).every((m) => c.received.has(m)))) await sleep(50);
  const after = sampleProcess(target.pid);
  const lost = clients.reduce((sum, c) => sum + expectedFor(c).filter((m) => !c.received.has(m)).length, 0);
  const texts = new Set(clients.map((c) => narrativeFragment(c.doc, 'other').toString()));
  const vectors = new Set(clients.map((c) => Buffer.from(Y.encodeStateVector(c.doc)).toString('base64')));
  const closedEarly = clients.filter((c) => !c.provider.wsconnected).length;
  for (const c of clients) {
    c.provider.destroy();
    c.doc.destroy();
  }
  latencies.sort((a, b) => a - b);
  const receipts = receiptSpans(markers, sendTimes, clients);
  return {
    latencies,
    lost,
    converged: texts.size === 1 && vectors.size === 1,
    closedEarly,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    peakRssBytes: after.peakRssBytes,
    updates: markers.length,
    firstReceiptMs: median(receipts.first),
    lastReceiptMs: median(receipts.last),
  };
}

/** Per marker, the latency of the first and of the last client that received it. */
function receiptSpans(markers: readonly string[], sendTimes: Map<string, number>, clients: readonly BenchClient[]): { first: number[]; last: number[] } {
  const first: number[] = [];
  const last: number[] = [];
  for (const marker of markers) {
    const sent = sendTimes.get(marker)!;
    const times = clients.map((c) => c.received.get(marker)).filter((t) => t !== undefined);
    if (times.length === 0) continue;
    first.push(Math.min(...times) - sent);
    last.push(Math.max(...times) - sent);
  }
  return { first, last };
}

function median(values: number[]): number {
  return values.length === 0 ? NaN : values.sort((a, b) => a - b)[values.length >> 1]!;
}
