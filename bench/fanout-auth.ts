/**
 * The cost of permission checks on fan-out: the same server with accounts and per-update checks
 * (`authorizeUpdate` on every update, client-id binding, audit) and without accounts (everyone let in),
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
import { sampleReportId } from '../server/reports.ts';
import { percentile } from './fanout/clients.ts';
import { runWorkload, type Scenario } from './fanout/workload.ts';

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, rounds: { type: 'string', default: '2' } } });
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const root = fileURLToPath(new URL('../', import.meta.url));
type Mode = 'checks' | 'no-checks';

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

async function run(mode: Mode, scenario: Scenario) {
  const server = await startServer(mode);
  const result = await runWorkload(
    { url: server.url, pid: server.child.pid!, reportId: sampleReportId, token: server.token === '-' ? undefined : server.token },
    scenario,
    seconds,
  );
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  rmSync(server.dir, { recursive: true, force: true });
  return result;
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
      p.cpu += r.cpuSeconds;
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
