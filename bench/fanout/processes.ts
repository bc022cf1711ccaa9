/**
 * Servers under test as child processes, and what /proc says about them: CPU seconds (user +
 * system) and resident memory (current and peak), so that the figures are the server's alone.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export type ServerKind = 'nianbao' | 'reference';

export interface ServerProcess {
  readonly kind: ServerKind;
  readonly url: string;
  readonly child: ChildProcess;
  /** nianbao: an access token of `admin` (who may open every report), for `?token=`. */
  readonly token?: string;
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const clockTicks = 100; // getconf CLK_TCK on Linux

const runCli = promisify(execFile);
const cli = `${root}bin/nianbao.mjs`;
/** The account the bench signs in as: on a fresh loopback data folder the server creates it. */
export const benchAdmin = 'admin';

/**
 * Adds the admin the bench signs in as to a data folder filled beforehand (the server creates
 * one only when it starts on a folder without any admin): `nianbao user add`, as an operator would.
 */
export async function addBenchAdmin(dataDir: string): Promise<void> {
  const child = runCli(process.execPath, [cli, 'user', 'add', benchAdmin, '--role', 'admin', '--password-stdin', '--data', dataDir], { cwd: root });
  child.child.stdin!.end('bench-admin-password-0123\n');
  await child;
}

/**
 * nianbao as `nianbao serve` runs it: accounts and per-update permission checks on, SQLite
 * storage in `dataDir`, checks, info-level JSON logs (written to `logFile`), default limits
 * unless `extraArgs` says otherwise. Once it listens, a token of `admin` is minted with
 * `nianbao token`, as a script would.
 */
export async function startNianbao(dataDir: string, logFile: string, extraArgs: string[] = [], nodeArgs: string[] = []): Promise<ServerProcess> {
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs, cli, 'serve', '--port', '0', '--data', dataDir, '--log-level', 'info', ...extraArgs], {
    stdio: ['ignore', log, 'pipe'],
    cwd: root,
  });
  const server = await listening('nianbao', child, /服务已启动 (http:\/\/\S+)/);
  try {
    const { stdout } = await runCli(process.execPath, [cli, 'token', benchAdmin, '--data', dataDir], { cwd: root });
    return { ...server, token: stdout.trim() };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** `@y/websocket-server@0.1.1`, in memory (bench/reference-server.ts). */
export function startReference(nodeArgs: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', `${root}bench/reference-server.ts`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd: root,
  });
  return listening('reference', child, /listening (http:\/\/\S+)/);
}

function listening(kind: ServerKind, child: ChildProcess, pattern: RegExp): Promise<ServerProcess> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = pattern.exec(stderr);
      if (match) {
        resolve({
          kind,
          url: match[1]!,
          child,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    void exited.then(() => reject(new Error(`${kind} server exited before listening:\n${stderr}`)));
  });
}

export interface ProcessSample {
  /** user + system CPU seconds since the process started. */
  readonly cpuSeconds: number;
  readonly rssBytes: number;
  /** Peak resident set size since the process started (VmHWM). */
  readonly peakRssBytes: number;
}

export function sampleProcess(pid: number): ProcessSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, utime 14, stime 15 (1-based) → indexes 11, 12.
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / clockTicks;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { cpuSeconds, rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
}
