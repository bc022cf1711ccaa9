import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cellsMap, narrativeFragment } from '../schema/ydoc.ts';
import { sampleReportId } from './reports.ts';
import { TestBed, contentOf, waitFor } from './test-support/test-bed.ts';
import { openAccountStore } from './accounts/open.ts';
import { Sessions } from './accounts/sessions.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

const cli = fileURLToPath(new URL('../bin/nianbao.mjs', import.meta.url));

interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** An access token of the admin the first start created (clients pass it as `?token=`). */
  readonly token: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `nianbao serve --port 0` in its own process; resolves once it prints where it listens. With
 * `logs: 'pipe'`, its info-level log lines go to a pipe (`child.stdout`) as under a log shipper.
 */
async function spawnServer(dataDir: string, { logs = 'none' }: { logs?: 'none' | 'pipe' } = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data', dataDir, '--log-level', logs === 'pipe' ? 'info' : 'warn'], {
    stdio: ['ignore', logs === 'pipe' ? 'pipe' : 'ignore', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  bed.defer(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /服务已启动 (http:\/\/\S+)/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    void exited.then(() => reject(new Error(`server exited before listening: ${stderr}`)));
  });
  return { child, url, token: await adminToken(dataDir), exited };
}

/** Mints a token for `admin` straight in the database, as `nianbao token admin` does. */
async function adminToken(dataDir: string): Promise<string> {
  const { store, close } = openAccountStore(dataDir);
  try {
    return (await new Sessions(store, () => Date.now()).mintToken((await store.findUserByName('admin'))!)).token;
  } finally {
    close();
  }
}

function appendParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = narrativeFragment(doc, 'other');
  fragment.insert(fragment.length, [paragraph]);
}

/** The numbers n of every 「写入#n」 paragraph in part 六. */
function writtenNumbers(doc: Y.Doc): Set<number> {
  const found = new Set<number>();
  for (const match of narrativeFragment(doc, 'other').toString().matchAll(/写入#(\d+)/g)) found.add(Number(match[1]));
  return found;
}

/** Starts a server on `dataDir` again and counts the `写入#n` paragraphs a fresh client gets. */
async function writtenAfterRestart(dataDir: string): Promise<number> {
  const restarted = await spawnServer(dataDir);
  const check = bed.client(restarted.url, sampleReportId, { params: { token: restarted.token } });
  await check.synced;
  const count = writtenNumbers(check.doc).size;
  check.provider.destroy();
  restarted.child.kill('SIGTERM');
  await restarted.exited;
  return count;
}

describe('server lifecycle', () => {
  it('a restarted server keeps every edit and does not create the sample twice', async () => {
    const dataDir = await bed.tempDir();
    const first = await bed.server({ dataDir });
    const a = bed.client(first.url, sampleReportId);
    await a.synced;
    appendParagraph(a.doc, '重启后仍在');
    cellsMap(a.doc, 'appeals').set('review.upheld', '3');
    await waitFor(() => first.metrics.updates >= 2, 'applied');
    const before = contentOf(a.doc);
    a.provider.destroy();
    await first.close();

    const second = await bed.server({ dataDir });
    const reports = (await (await fetch(`${second.url}/api/reports`)).json()) as { reports: unknown[] };
    expect(reports.reports).toHaveLength(1);
    const b = bed.client(second.url, sampleReportId);
    await b.synced;
    expect(contentOf(b.doc)).toBe(before);
  });

  it('kill -9 during writing loses no update that another client had received', async () => {
    const dataDir = await bed.tempDir();
    const server = await spawnServer(dataDir);
    const writer = bed.client(server.url, sampleReportId, { params: { token: server.token } });
    const observer = bed.client(server.url, sampleReportId, { params: { token: server.token } });
    await Promise.all([writer.synced, observer.synced]);
    let n = 0;
    const writing = setInterval(() => {
      for (let i = 0; i < 5; i++) appendParagraph(writer.doc, `写入#${n++}`);
    }, 5);
    await waitFor(() => writtenNumbers(observer.doc).size >= 200, 'observer received 200 updates');
    server.child.kill('SIGKILL');
    // What the observer had received when the server died.
    const seen = writtenNumbers(observer.doc);
    clearInterval(writing);
    expect((await server.exited).signal).toBe('SIGKILL');
    writer.provider.destroy();
    observer.provider.destroy();

    const restarted = await spawnServer(dataDir);
    const check = bed.client(restarted.url, sampleReportId, { params: { token: restarted.token } });
    await check.synced;
    const stored = writtenNumbers(check.doc);
    const lost = [...seen].filter((x) => !stored.has(x));
    expect(lost).toEqual([]);
    expect(seen.size).toBeGreaterThanOrEqual(200);
    check.provider.destroy();
    restarted.child.kill('SIGTERM');
    await restarted.exited;
  });

  it('SIGTERM stores pending updates, closes sockets with 1001 and exits 0', async () => {
    const dataDir = await bed.tempDir();
    const server = await spawnServer(dataDir);
    const writer = bed.client(server.url, sampleReportId, { params: { token: server.token } });
    await writer.synced;
    const closeCodes: number[] = [];
    writer.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });
    for (let i = 0; i < 50; i++) appendParagraph(writer.doc, `写入#${i}`);
    // Every edit reached the server (a client joining now receives them all); SIGTERM must store
    // whatever of them is still pending.
    const reader = bed.client(server.url, sampleReportId, { params: { token: server.token } });
    await waitFor(() => writtenNumbers(reader.doc).size === 50, 'the edits relayed');
    reader.provider.destroy();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    await waitFor(() => closeCodes.length > 0, 'close event');
    expect(closeCodes[0]).toBe(1001);
    writer.provider.destroy();

    expect(await writtenAfterRestart(dataDir)).toBe(50);
  });

  it('a server whose log reader has gone keeps serving, and SIGTERM still stores everything and exits 0', async () => {
    const dataDir = await bed.tempDir();
    const server = await spawnServer(dataDir, { logs: 'pipe' });
    // The log shipper (or the terminal) reading both pipes goes away.
    server.child.stdout!.destroy();
    server.child.stderr!.destroy();
    const writer = bed.client(server.url, sampleReportId, { params: { token: server.token } });
    await writer.synced;
    for (let i = 0; i < 20; i++) appendParagraph(writer.doc, `写入#${i}`);
    const reader = bed.client(server.url, sampleReportId, { params: { token: server.token } });
    await waitFor(() => writtenNumbers(reader.doc).size === 20, 'edits relayed with no log reader');
    writer.provider.destroy();
    reader.provider.destroy();
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(fs.statSync(path.join(dataDir, 'nianbao.journal')).size, 'emptied by the graceful shutdown').toBe(0);

    expect(await writtenAfterRestart(dataDir)).toBe(20);
  });

  it('a second server on the same data folder exits 2 saying so, and the first keeps serving', async () => {
    const dataDir = await bed.tempDir();
    const first = await spawnServer(dataDir);
    const second = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    second.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain(`数据目录 ${dataDir} 正由另一个 nianbao 服务使用`);
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
