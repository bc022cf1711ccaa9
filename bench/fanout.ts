/**
 * Fan-out bench: nianbao (SQLite storage, checks, info logs, default limits) against the
 * reference `@y/websocket-server@0.1.1` (in memory, nothing else), each in its own process,
 * the same workload alternating between them in one run.
 *
 *   npx tsx bench/fanout.ts [--seconds 15] [--rounds 1] [--warmup 5] [--only fanout|memory|join] [--scenarios 1,3] [--trace] [--pin]
 *
 * 1. Fan-out: N = 2, 10, 50, 100 clients on one report with one writer at 20 updates/s, and
 *    20 clients all writing at 5/s. Prints one-way propagation latency p50/p95/p99, lost updates,
 *    convergence, server CPU seconds and peak RSS, and the ratios nianbao / reference.
 * 2. Memory per idle open report: K seed-sized reports opened, RSS delta / K.
 * 3. Join: a report with 100 000 single-character inserts of history — nianbao loading it cold
 *    from SQLite (as its compaction leaves it, and uncompacted), the reference from memory.
 *
 * Timings are wall-clock on a shared 2-core machine: run it alone for figures worth quoting.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { importReportText } from '../schema/import/text.ts';
import { ReportValidator } from '../schema/validator.ts';
import { createReportDoc, narrativeFragment } from '../schema/ydoc.ts';
import { createStoredReport, sampleReportFile, sampleReportId } from '../server/reports.ts';
import { openSqliteStorage } from '../server/storage/sqlite.ts';
import { connectProvider, percentile } from './fanout/clients.ts';
import { addBenchAdmin, sampleProcess, startNianbao, startReference, type ServerKind, type ServerProcess } from './fanout/processes.ts';
import { runWorkload, type Scenario } from './fanout/workload.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    only: { type: 'string' },
    reports: { type: 'string', default: '200' },
    /**
     * Alternating runs per server and scenario. Latencies are pooled over the rounds and CPU
     * summed: one 15 s run of a 20/s writer is 300 updates, and its p50 moves ±10 % run to run.
     * The memory section repeats as many times and prints the medians.
     */
    rounds: { type: 'string', default: '1' },
    /**
     * Seconds of a discarded run against each server before the fan-out is measured. The clients
     * share this process: its first run also pays for compiling their code (a third more CPU per
     * update here), which would count against whichever server went first.
     */
    warmup: { type: 'string', default: '5' },
    /** Comma-separated scenario numbers (1–5) to run. */
    scenarios: { type: 'string' },
    /** Write a V8 CPU profile of each nianbao server process into this folder. */
    profile: { type: 'string' },
    /**
     * Also time, inside both servers, message in → first relay write starts / last one ends
     * (bench/fanout/server-trace.mjs): steadier than client-side latency for judging a change.
     * And per run, the medians of the first and of the last receiver's latency: the clients'
     * time to get through one update's fan-out is their difference.
     */
    trace: { type: 'boolean' },
    /**
     * The server on CPU 0, this process (all the clients) on CPU 1, for both servers alike. Left
     * to the scheduler, the two processes at times share a CPU during a burst (the clients then
     * spend the same CPU time per update but take longer: they wait to run) and move between
     * CPUs with cold caches. Pinned, the N=50 p50 fell by a third (2.9 → 2.0 ms for both
     * servers), more than any change in either server. Unpinned (the default, as the issue
     * measured), the ratios also charge each server's CPU time to the clients' latency.
     */
    pin: { type: 'boolean' },
  },
});
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const sampleData = importReportText(readFileSync(sampleReportFile, 'utf8')).data;
const work = mkdtempSync(join(tmpdir(), 'nianbao-fanout-'));
const logFile = join(work, 'nianbao.log');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (args.pin) {
  if (availableParallelism() < 2) throw new Error('--pin needs two CPUs');
  pinToCpu(process.pid, 1);
}

/** Puts every thread of `pid` (and the threads it starts later) on `cpu`. */
function pinToCpu(pid: number, cpu: number): void {
  execFileSync('taskset', ['--all-tasks', '--pid', '--cpu-list', String(cpu), String(pid)], { stdio: 'ignore' });
}

const traceFile = join(work, 'server-trace.json');
const tracer = fileURLToPath(new URL('./fanout/server-trace.mjs', import.meta.url));

async function startServer(kind: ServerKind, dataDir = mkdtempSync(join(work, 'data-'))): Promise<ServerProcess> {
  const nodeArgs = [...(args.profile && kind === 'nianbao' ? ['--cpu-prof', '--cpu-prof-dir', args.profile] : []), ...(args.trace ? ['--import', tracer] : [])];
  // The child inherits the environment: only the fan-out runs set a trace file.
  const server = await (kind === 'nianbao' ? startNianbao(dataDir, logFile, [], nodeArgs) : startReference(nodeArgs));
  if (args.pin) pinToCpu(server.child.pid!, 0);
  return server;
}

/** Server-side relay times of one run: p50 over the updates relayed to every other client. */
interface ServerTrace {
  firstWriteUs: number;
  lastWriteUs: number;
  updates: number;
}

function readServerTrace(receivers: number): ServerTrace {
  const { bursts } = JSON.parse(readFileSync(traceFile, 'utf8')) as { bursts: [number, number, number][] };
  // A relayed update goes to every other client: one write each (after ws's cork/uncork too).
  // The reference also echoes it to its sender, one write more.
  const relays = bursts.filter(([, , writes]) => writes >= receivers);
  const p50 = (values: number[]) => percentile(values.sort((a, b) => a - b), 50);
  return { firstWriteUs: p50(relays.map((b) => b[0])), lastWriteUs: p50(relays.map((b) => b[1])), updates: relays.length };
}

/**
 * Joins a room with `content`, syncs and leaves. The reference starts empty: this pushes the seed
 * report into its room, as nianbao has it from storage (for nianbao, `content` is empty).
 */
async function seedReference(server: ServerProcess, reportId: string, content: Y.Doc): Promise<void> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(content));
  const provider = connectProvider(server.url, reportId, doc, server.token);
  await new Promise<void>((resolve) => provider.on('sync', (s: boolean) => s && resolve()));
  // Wait until the server has everything: its answer to a fresh step 1 matches our state.
  await sleep(200);
  provider.destroy();
  doc.destroy();
}

// ---------------------------------------------------------------------------------------------
// 1. Fan-out
// ---------------------------------------------------------------------------------------------

interface FanoutResult {
  /** Sorted. */
  latencies: number[];
  p50: number;
  p95: number;
  p99: number;
  samples: number;
  lost: number;
  converged: boolean;
  cpuSeconds: number;
  peakRssMiB: number;
  /** Medians over updates of the first and the last receiver's latency (pooled: the mean over runs). */
  firstReceiptMs: number;
  lastReceiptMs: number;
  /** With --trace. */
  trace?: ServerTrace;
}

async function runFanout(kind: ServerKind, scenario: Scenario, runSeconds = seconds): Promise<FanoutResult> {
  if (args.trace) process.env.NIANBAO_SERVER_TRACE = traceFile;
  const server = await startServer(kind);
  delete process.env.NIANBAO_SERVER_TRACE;
  if (kind === 'reference') await seedReference(server, sampleReportId, createReportDoc(sampleData));
  const r = await runWorkload({ url: server.url, pid: server.child.pid!, reportId: sampleReportId, token: server.token }, scenario, runSeconds);
  await server.stop();
  const result = summarise(r.latencies, r.lost, r.converged, r.cpuSeconds, r.peakRssBytes / 2 ** 20, r.firstReceiptMs, r.lastReceiptMs);
  return args.trace ? { ...result, trace: readServerTrace(scenario.clients - 1) } : result;
}

function summarise(
  latencies: number[],
  lost: number,
  converged: boolean,
  cpuSeconds: number,
  peakRssMiB: number,
  firstReceiptMs: number,
  lastReceiptMs: number,
): FanoutResult {
  return {
    firstReceiptMs,
    lastReceiptMs,
    latencies,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    samples: latencies.length,
    lost,
    converged,
    cpuSeconds,
    peakRssMiB,
  };
}

/** The rounds of one server as one result: latencies pooled, CPU summed, peak RSS the highest. */
function pool(runs: readonly FanoutResult[]): FanoutResult {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const sum = (f: (r: FanoutResult) => number) => runs.reduce((total, r) => total + f(r), 0);
  const mean = (f: (r: FanoutResult) => number) => sum(f) / runs.length;
  return summarise(
    latencies,
    sum((r) => r.lost),
    runs.every((r) => r.converged),
    sum((r) => r.cpuSeconds),
    Math.max(...runs.map((r) => r.peakRssMiB)),
    mean((r) => r.firstReceiptMs),
    mean((r) => r.lastReceiptMs),
  );
}

async function fanoutSection(): Promise<void> {
  const scenarios: Scenario[] = [
    { name: 'N=2, 1 writer @20/s', clients: 2, writers: 1, perSecond: 20 },
    { name: 'N=10, 1 writer @20/s', clients: 10, writers: 1, perSecond: 20 },
    { name: 'N=50, 1 writer @20/s', clients: 50, writers: 1, perSecond: 20 },
    { name: 'N=100, 1 writer @20/s', clients: 100, writers: 1, perSecond: 20 },
    { name: 'N=20, 20 writers @5/s', clients: 20, writers: 20, perSecond: 5 },
  ];
  console.log(`\n== Fan-out (${seconds} s of writing per run, ${rounds} round(s); latency in ms, one-way, all receivers) ==`);
  const header = ['scenario', 'server', 'p50', 'p95', 'p99', 'samples', 'lost', 'converged', 'CPU s', 'peak RSS MiB'];
  console.log(header.join('\t'));
  const ratios: string[] = [];
  const chosen = args.scenarios?.split(',').map((n) => Number(n) - 1);
  const warmupSeconds = Number(args.warmup);
  if (warmupSeconds > 0) {
    const warmup = scenarios.find((_, i) => !chosen || chosen.includes(i))!;
    for (const kind of ['reference', 'nianbao'] as const) {
      const r = await runFanout(kind, warmup, warmupSeconds);
      console.log(`(warm-up, discarded: ${warmup.name}, ${kind}, ${warmupSeconds} s, p50 ${r.p50.toFixed(2)} ms)`);
    }
  }
  for (const [i, scenario] of scenarios.entries()) {
    if (chosen && !chosen.includes(i)) continue;
    const runs: Record<ServerKind, FanoutResult[]> = { nianbao: [], reference: [] };
    const print = (kind: string, r: FanoutResult) =>
      console.log(
        [
          scenario.name, kind, r.p50.toFixed(2), r.p95.toFixed(2), r.p99.toFixed(2), r.samples, r.lost, r.converged, r.cpuSeconds.toFixed(2), r.peakRssMiB.toFixed(0),
          ...(args.trace ? [`clients: first receipt ${r.firstReceiptMs.toFixed(2)} ms, last ${r.lastReceiptMs.toFixed(2)} ms`] : []),
          ...(r.trace ? [`server relay µs: first write starts ${r.trace.firstWriteUs}, last ends ${r.trace.lastWriteUs} (${r.trace.updates} updates)`] : []),
        ].join('\t'),
      );
    for (let round = 0; round < rounds; round++) {
      // Who goes first alternates by scenario and by round.
      const order: ServerKind[] = (i + round) % 2 === 0 ? ['nianbao', 'reference'] : ['reference', 'nianbao'];
      for (const kind of order) {
        const r = await runFanout(kind, scenario);
        runs[kind].push(r);
        print(kind, r);
      }
    }
    const n = pool(runs.nianbao);
    const ref = pool(runs.reference);
    if (rounds > 1) {
      print('nianbao, pooled', n);
      print('reference, pooled', ref);
    }
    ratios.push(
      `${scenario.name}\tp50 ${(n.p50 / ref.p50).toFixed(2)}\tp95 ${(n.p95 / ref.p95).toFixed(2)}\tp99 ${(n.p99 / ref.p99).toFixed(2)}\tCPU ${(n.cpuSeconds / Math.max(ref.cpuSeconds, 0.01)).toFixed(2)}`,
    );
  }
  console.log('\nratios nianbao / reference (≤ 1.0 latency, ≤ 1.3 CPU are the targets):');
  for (const line of ratios) console.log(line);
}

// ---------------------------------------------------------------------------------------------
// 2. Memory per idle open report
// ---------------------------------------------------------------------------------------------

async function memorySection(): Promise<void> {
  const count = Number(args.reports);
  console.log(`\n== Memory per idle open report (${count} seed-sized reports) ==`);
  const seed = createReportDoc(sampleData);
  const ids = Array.from({ length: count }, (_, i) => `idle-${i}`);

  // nianbao: reports stored beforehand, then opened (loaded with their checks) through REST.
  const dataDir = mkdtempSync(join(work, 'memory-'));
  const storage = openSqliteStorage(dataDir);
  const creation = { storage, createChecks: (doc: Y.Doc) => new ReportValidator(doc) };
  for (const id of ids) await createStoredReport(creation, id, sampleData);
  await storage.close();
  await addBenchAdmin(dataDir);
  // RSS deltas move by tens of KiB per report from run to run (when V8 collects, how the heap
  // is laid out): `--rounds` runs alternate the servers and the median is what to quote.
  const perReport: Record<'nianbao' | 'reference', number[]> = { nianbao: [], reference: [] };
  for (let round = 0; round < rounds; round++) {
    for (const kind of round % 2 === 0 ? (['nianbao', 'reference'] as const) : (['reference', 'nianbao'] as const)) {
      const server = kind === 'nianbao' ? await startNianbao(dataDir, logFile) : await startReference();
      await sleep(1500);
      const before = sampleProcess(server.child.pid!);
      for (const id of ids) {
        // Opened as the reference's are: a client joins, syncs and leaves; the report stays open
        // (nianbao until its idle unload, 60 s; the reference for good).
        await seedReference(server, id, kind === 'nianbao' ? new Y.Doc() : seed);
      }
      await sleep(3000);
      const after = sampleProcess(server.child.pid!);
      const kib = (after.rssBytes - before.rssBytes) / count / 1024;
      perReport[kind].push(kib);
      console.log(`${kind}\tRSS ${(before.rssBytes / 2 ** 20).toFixed(1)} → ${(after.rssBytes / 2 ** 20).toFixed(1)} MiB\t${kib.toFixed(1)} KiB per open report`);
      await server.stop();
    }
  }
  if (rounds > 1) {
    for (const kind of ['nianbao', 'reference'] as const) console.log(`${kind}\tmedian of ${rounds}: ${median(perReport[kind]).toFixed(1)} KiB per open report`);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

// ---------------------------------------------------------------------------------------------
// 3. Joining a report with 100 000 single-character inserts of history
// ---------------------------------------------------------------------------------------------

/** A seeded PRNG (mulberry32), so that both servers get the very same history. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface History {
  /** The report before the typing (the template the updates build on). */
  readonly base: Uint8Array;
  readonly doc: Y.Doc;
  readonly updates: Uint8Array[];
}

/** 100 000 single-character inserts at random places of part 六, a new paragraph every 100. */
function typeHistory(inserts: number): History {
  const doc = createReportDoc(sampleData);
  const base = Y.encodeStateAsUpdate(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const next = random(2024);
  const fragment = narrativeFragment(doc, 'other');
  let texts: Y.XmlText[] = [];
  const chars = '政府信息公开工作年度报告依申请主动';
  for (let i = 0; i < inserts; i++) {
    if (i % 100 === 0) {
      doc.transact(() => {
        const paragraph = new Y.XmlElement('paragraph');
        const text = new Y.XmlText();
        paragraph.insert(0, [text]);
        fragment.insert(fragment.length, [paragraph]);
        texts.push(text);
      });
      texts = texts.slice(-10);
    }
    const text = texts[Math.floor(next() * texts.length)]!;
    text.insert(Math.floor(next() * (text.length + 1)), chars[i % chars.length]!);
  }
  return { base, doc, updates };
}

/**
 * Stores the history as nianbao's server would: appended in batches of 20, compacted every 1000
 * updates with the document's state at that point (`compact` = false: the log uncompacted).
 */
async function storeHistory(dataDir: string, id: string, history: History, compact: boolean): Promise<void> {
  const storage = openSqliteStorage(dataDir);
  const counts = new ReportValidator(createReportDoc(sampleData)).counts();
  await storage.createReport({ id, agency: sampleData.agency, kind: sampleData.kind, year: sampleData.year, initialState: history.base, counts });
  const replay = new Y.Doc();
  Y.applyUpdate(replay, history.base);
  let pending = 0;
  for (let i = 0; i < history.updates.length; i += 20) {
    const batch = history.updates.slice(i, i + 20);
    await storage.appendUpdates(id, batch);
    pending += batch.length;
    if (compact) {
      for (const u of batch) Y.applyUpdate(replay, u);
      if (pending >= 1000) {
        await storage.compact(id, Y.encodeStateAsUpdate(replay), pending);
        pending = 0;
      }
    }
  }
  await storage.close();
}

interface JoinTime {
  step2Ms: number;
  syncedMs: number;
}

/**
 * A stock provider joining: time from creating it to sync step 2 arriving (seen by a listener
 * registered before the provider's own) and to the provider being synced (step 2 applied).
 */
async function timeJoin(serverUrl: string, id: string, token?: string): Promise<JoinTime> {
  let step2At = 0;
  class TimedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      this.addEventListener('message', (event) => {
        const data = new Uint8Array(event.data as ArrayBuffer);
        if (step2At === 0 && data[0] === 0 && data[1] === 1) step2At = performance.now();
      });
    }
  }
  const started = performance.now();
  const doc = new Y.Doc();
  const provider = connectProvider(serverUrl, id, doc, token, TimedWebSocket);
  await new Promise<void>((resolve) => provider.on('sync', (s: boolean) => s && resolve()));
  const syncedMs = performance.now() - started;
  provider.destroy();
  doc.destroy();
  return { step2Ms: step2At - started, syncedMs };
}

async function joinSection(): Promise<void> {
  const inserts = 100_000;
  console.log(`\n== Join a report with ${inserts} single-character inserts of history (${rounds} round(s), medians last) ==`);
  const history = typeHistory(inserts);
  const dataDir = mkdtempSync(join(work, 'join-'));
  await storeHistory(dataDir, 'history-compacted', history, true);
  await storeHistory(dataDir, 'history-log', history, false);
  await addBenchAdmin(dataDir);
  const reference = await startReference();
  await seedReference(reference, 'history', history.doc);
  const joinNianbao = async (id: string): Promise<JoinTime> => {
    const server = await startNianbao(dataDir, logFile);
    await sleep(1000);
    try {
      return await timeJoin(server.url, id, server.token);
    } finally {
      await server.stop();
    }
  };
  const joins: Record<string, () => Promise<JoinTime>> = {
    'nianbao (cold from SQLite)\thistory-compacted': () => joinNianbao('history-compacted'),
    'nianbao (cold from SQLite)\thistory-log': () => joinNianbao('history-log'),
    'reference (in memory)\thistory': () => timeJoin(reference.url, 'history'),
  };
  // The first join in this process also compiles the client's code: discarded.
  await timeJoin(reference.url, 'history');
  const times = new Map<string, JoinTime[]>(Object.keys(joins).map((name) => [name, []]));
  console.log('server\thistory\tstep 2 received ms\tsynced ms');
  for (let round = 0; round < rounds; round++) {
    const names = Object.keys(joins);
    // Who goes first alternates by round.
    for (const name of round % 2 === 0 ? names : names.reverse()) {
      const t = await joins[name]!();
      times.get(name)!.push(t);
      console.log(`${name}\t${t.step2Ms.toFixed(0)}\t${t.syncedMs.toFixed(0)}`);
    }
  }
  await reference.stop();
  if (rounds === 1) return;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  for (const [name, ts] of times) {
    console.log(`${name}\tmedian of ${rounds}: ${median(ts.map((t) => t.step2Ms)).toFixed(0)}\t${median(ts.map((t) => t.syncedMs)).toFixed(0)}`);
  }
}

try {
  console.log(`nianbao fan-out bench — ${new Date().toISOString()}, node ${process.version}${args.pin ? '; pinned: servers on CPU 0, clients on CPU 1' : ''}; logs in ${logFile}`);
  if (!args.only || args.only === 'fanout') await fanoutSection();
  if (!args.only || args.only === 'memory') await memorySection();
  if (!args.only || args.only === 'join') await joinSection();
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
