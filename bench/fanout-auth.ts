/**
 * The cost of permission checks on fan-out: the same server with accounts and per-update checks
 * (`authorizeUpdate` on every update, client-id binding, audit) and with auth disabled,
 * alternating in one run, on the workloads of bench/fanout.ts that carry the most updates.
 *
 *   npx tsx bench/fanout-auth.ts [--seconds 10] [--rounds 2]
 *
 * Clients are stock y-websocket providers with `?token=`; the writers type into part 六 as an
 * editor of 六 only. Prints propagation latency p50/p95/p99 per mode, lost updates, server CPU
 * and the ratio checks / no-checks. Wall-clock on a shared machine: run it alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { sampleReportId } from '../server/reports.ts';
import { MarkerWriter, percentile, type BenchClient } from './fanout/clients.ts';
import { sampleProcess } from './fanout/processes.ts';

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, rounds: { type: 'string', default: '2' } } });
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const root = fileURLToPath(new URL('../', import.meta.url));
type Mode = 'checks' | 'no-checks';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startServer(mode: Mode): Promise<{ url: string; token: string; child: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-fanout-auth-'));
  const child = spawn(process.execPath, ['--import', 'tsx', `${root}bench/fanout/auth-server.ts`, mode, dir], { stdio: ['ignore', 'ignore', 'pipe'], cwd: root });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening (\S+) token (\S+)/.exec(stderr);
      if (match) resolve({ url: match[1], token: match[2], child, dir });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
}

const markerPattern = /〔(\d+)-(\d+)〕/g;

function connect(url: string, token: string, index: number, sendTimes: Map<string, number>, latencies: number[]): BenchClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/sync`, sampleReportId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: token === '-' ? {} : { token },
  });
  provider.awareness.setLocalState({ user: { name: `用户${index}`, color: '#c0392b' }, cursor: null });
  const received = new Map<string, number>();
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== provider) return;
    const now = performance.now();
    for (const struct of Y.decodeUpdate(update).structs) {
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue;
      for (const match of struct.content.str.matchAll(markerPattern)) {
        const marker = `${match[1]}-${match[2]}`;
        if (received.has(marker)) continue;
        received.set(marker, now);
        const sent = sendTimes.get(marker);
        if (sent !== undefined) latencies.push(now - sent);
      }
    }
  });
  const synced = new Promise<void>((resolve) => provider.on('sync', (s: boolean) => s && resolve()));
  return { index, doc, provider, synced, received };
}

interface Scenario {
  readonly name: string;
  readonly clients: number;
  readonly writers: number;
  readonly perSecond: number;
}

async function run(mode: Mode, scenario: Scenario) {
  const server = await startServer(mode);
  const sendTimes = new Map<string, number>();
  const latencies: number[] = [];
  const clients: BenchClient[] = [];
  for (let i = 0; i < scenario.clients; i++) {
    clients.push(connect(server.url, server.token, i, sendTimes, latencies));
    if (i % 10 === 9) await sleep(20);
  }
  await Promise.all(clients.map((c) => c.synced));
  await sleep(1000);
  const before = sampleProcess(server.child.pid!);
  const writers = clients.slice(0, scenario.writers).map((c) => new MarkerWriter(c, sendTimes));
  const interval = 1000 / scenario.perSecond;
  const stops = writers.map((writer, w) => {
    let timer: NodeJS.Timeout | undefined;
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
  const after = sampleProcess(server.child.pid!);
  const lost = clients.reduce((sum, c) => sum + expectedFor(c).filter((m) => !c.received.has(m)).length, 0);
  const closedEarly = clients.filter((c) => !c.provider.wsconnected).length;
  for (const c of clients) {
    c.provider.destroy();
    c.doc.destroy();
  }
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  rmSync(server.dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  return { latencies, lost, closedEarly, cpu: after.cpuSeconds - before.cpuSeconds, updates: markers.length };
}

const scenarios: Scenario[] = [
  { name: '50 clients, 1 writer at 20/s', clients: 50, writers: 1, perSecond: 20 },
  { name: '100 clients, 1 writer at 20/s', clients: 100, writers: 1, perSecond: 20 },
  { name: '20 clients all writing at 5/s', clients: 20, writers: 20, perSecond: 5 },
];

const fmt = (n: number) => n.toFixed(2).padStart(7);
for (const scenario of scenarios) {
  const pooled: Record<Mode, { latencies: number[]; lost: number; closed: number; cpu: number; updates: number }> = {
    checks: { latencies: [], lost: 0, closed: 0, cpu: 0, updates: 0 },
    'no-checks': { latencies: [], lost: 0, closed: 0, cpu: 0, updates: 0 },
  };
  for (let round = 0; round < rounds; round++) {
    const order: Mode[] = round % 2 === 0 ? ['no-checks', 'checks'] : ['checks', 'no-checks'];
    for (const mode of order) {
      const r = await run(mode, scenario);
      const p = pooled[mode];
      p.latencies.push(...r.latencies);
      p.lost += r.lost;
      p.closed += r.closedEarly;
      p.cpu += r.cpu;
      p.updates += r.updates;
    }
  }
  console.log(`\n${scenario.name} (${rounds} rounds × ${seconds} s, alternating)`);
  console.log('mode        p50 ms  p95 ms  p99 ms  samples  lost  closed  CPU s  CPU µs/update');
  const stats: Record<Mode, number[]> = { checks: [], 'no-checks': [] };
  for (const mode of ['no-checks', 'checks'] as Mode[]) {
    const p = pooled[mode];
    p.latencies.sort((a, b) => a - b);
    stats[mode] = [50, 95, 99].map((q) => percentile(p.latencies, q));
    console.log(
      `${mode.padEnd(10)} ${stats[mode].map(fmt).join(' ')} ${String(p.latencies.length).padStart(8)} ${String(p.lost).padStart(5)} ${String(p.closed).padStart(7)} ${p.cpu.toFixed(2).padStart(6)} ${((p.cpu / p.updates) * 1e6).toFixed(0).padStart(14)}`,
    );
  }
  console.log(`ratio      ${stats.checks.map((v, i) => (v / stats['no-checks'][i]).toFixed(2).padStart(7)).join(' ')}`);
}
