/**
 * Test support for the server: a server on port 0 in a temp data folder, stock y-websocket
 * providers in Node, raw sockets for crafted frames, and waiting helpers. Every test tears down
 * what it opened through `TestBed.cleanup()`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readReportData } from '../../schema/ydoc.ts';
import { startServer, type RunningServer, type ServerOptions } from '../app.ts';
import type { AuthHooks } from '../hooks.ts';
import { authenticateAnyone, authorizeEverything } from './open-hooks.ts';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** Captures pino's JSON lines so that tests can assert what was logged (and how often). */
export class LogCapture extends Writable {
  readonly lines: LogLine[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') this.lines.push(JSON.parse(line) as LogLine);
    done();
  }
  find(msg: string): LogLine[] {
    return this.lines.filter((line) => line.msg === msg);
  }
}

export interface TestClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Resolves once the first sync step 2 from the server is applied. */
  readonly synced: Promise<void>;
}

export class TestBed {
  private readonly cleanups: (() => Promise<void> | void)[] = [];

  /** A fresh temp folder, removed on cleanup. */
  async tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-test-'));
    this.cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  /**
   * A server on port 0. Accounts are off unless `auth: 'accounts'` is passed: the tests of sync,
   * storage and the REST reports API are about those, and the accounts tests
   * (server/accounts/*.test.ts) switch them on. Without accounts everyone is let in
   * (open-hooks.ts), unless `authenticate` or `authorize` is given (tests of the seams).
   */
  async server(options: Partial<ServerOptions> & Partial<AuthHooks> = {}): Promise<RunningServer & { log: LogCapture; dataDir: string }> {
    const log = new LogCapture();
    const { authenticate = authenticateAnyone, authorize = authorizeEverything, ...serverOptions } = options;
    const dataDir = serverOptions.dataDir ?? (await this.tempDir());
    const server = await startServer({ port: 0, logLevel: 'info', logDestination: log, auth: { authenticate, authorize }, ...serverOptions, dataDir });
    this.cleanups.push(() => server.close());
    return Object.assign(server, { log, dataDir });
  }

  /** A stock y-websocket provider, as the browser client uses it (no BroadcastChannel). */
  client(serverUrl: string, reportId: string, options: { awareness?: Record<string, unknown>; params?: Record<string, string> } = {}): TestClient {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${wsUrl(serverUrl)}/sync`, reportId, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: options.params ?? {},
    });
    if (options.awareness) provider.awareness.setLocalState(options.awareness);
    const synced = new Promise<void>((resolve) => {
      if (provider.synced) resolve();
      provider.on('sync', (isSynced: boolean) => {
        if (isSynced) resolve();
      });
    });
    this.cleanups.push(() => {
      provider.destroy();
      doc.destroy();
    });
    return { doc, provider, synced };
  }

  /** A raw websocket for crafted frames; resolves when open (rejects on an HTTP refusal). */
  async rawSocket(serverUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawSocket> {
    const ws = new WebSocket(`${wsUrl(serverUrl)}${path}`, { headers });
    const socket = new RawSocket(ws);
    this.cleanups.push(() => ws.terminate());
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new UpgradeRefused(res.statusCode ?? 0)));
      ws.once('error', reject);
    });
    return socket;
  }

  defer(cleanup: () => Promise<void> | void): void {
    this.cleanups.push(cleanup);
  }

  async cleanup(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup();
  }
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

export class RawSocket {
  readonly messages: Uint8Array[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.messages.push(new Uint8Array(data)));
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  send(bytes: Uint8Array | string): void {
    this.ws.send(bytes);
  }
}

export function wsUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

/** Polls `predicate` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A replica's report content, for comparing replicas (every root of the layout, as data). */
export function contentOf(doc: Y.Doc): string {
  return JSON.stringify(readReportData(doc));
}

