import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ConnectionTracker, type SyncProviderLike, connectionLabel } from './connection.ts';
import type { ContentPolicy } from './outgoing-updates.ts';

/** The events of y-websocket's provider that the tracker listens to, driven by hand. */
class FakeProvider implements SyncProviderLike {
  synced = false;
  wsconnected = false;
  private readonly handlers = new Map<string, Set<(arg: never) => void>>();
  on(event: string, listener: (arg: never) => void): void {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(listener);
  }
  off(event: string, listener: (arg: never) => void): void {
    this.handlers.get(event)?.delete(listener);
  }
  private emit(event: string, arg?: unknown): void {
    this.handlers.get(event)?.forEach((l) => l(arg as never));
  }
  connect(): void {
    this.wsconnected = true;
    this.emit('status', { status: 'connected' });
    this.synced = true;
    this.emit('sync', true);
  }
  drop(code?: number): void {
    this.wsconnected = false;
    this.synced = false;
    this.emit('connection-close', code === undefined ? null : { code });
    this.emit('status', { status: 'disconnected' });
    this.emit('sync', false);
  }
  refuse(code: number): void {
    this.drop(code);
    this.emit('closed', { code });
  }
  failAttempt(): void {
    this.emit('connection-close', { code: 1006 });
    this.emit('status', { status: 'disconnected' });
  }
}

const storage = new Map<string, string>();
const onlineState = { onLine: true };

beforeEach(() => {
  storage.clear();
  onlineState.onLine = true;
  vi.stubGlobal('window', {
    localStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => storage.set(k, v),
      removeItem: (k: string) => storage.delete(k),
    },
  });
  vi.stubGlobal('navigator', onlineState);
});
afterEach(() => vi.unstubAllGlobals());

function localEdit(doc: Y.Doc, text: string, origin: unknown = null): void {
  doc.transact(() => doc.getMap('cells.requests').set('received.natural', text), origin);
}

describe('ConnectionTracker', () => {
  it('counts local changes made while not synced, ignores remote ones, resets when synced again', () => {
    const doc = new Y.Doc();
    const provider = new FakeProvider();
    const idb = {};
    const tracker = new ConnectionTracker(doc, provider, [provider, idb], 'unsent:r1');
    provider.connect();
    localEdit(doc, '1');
    expect(tracker.current).toMatchObject({ status: 'connected', unsent: 0 });

    provider.drop();
    localEdit(doc, '2');
    localEdit(doc, '3');
    localEdit(doc, '4', provider); // arrived from the server: not ours to send
    localEdit(doc, '5', idb); // loaded from IndexedDB: not a new change
    expect(tracker.current).toMatchObject({ status: 'reconnecting', unsent: 2 });
    expect(connectionLabel(tracker.current)).toBe('正在重连（2 项修改未同步）');
    expect(storage.get('unsent:r1')).toBe('2');

    provider.connect();
    expect(tracker.current).toMatchObject({ status: 'connected', unsent: 0 });
    expect(connectionLabel(tracker.current)).toBe('已连接');
    expect(storage.has('unsent:r1')).toBe(false);
  });

  it('keeps the count across a reload (a new tracker on the same report)', () => {
    const provider = new FakeProvider();
    onlineState.onLine = false;
    const doc = new Y.Doc();
    const tracker = new ConnectionTracker(doc, provider, [provider], 'unsent:r2');
    localEdit(doc, '7');
    tracker.destroy();
    const reloaded = new ConnectionTracker(new Y.Doc(), new FakeProvider(), [], 'unsent:r2');
    expect(reloaded.current).toMatchObject({ status: 'offline', unsent: 1 });
    expect(connectionLabel(reloaded.current)).toBe('离线（1 项修改未同步）');
  });

  it('says offline when the browser is offline, or when the server cannot be reached', () => {
    const provider = new FakeProvider();
    const tracker = new ConnectionTracker(new Y.Doc(), provider, [provider], 'unsent:r3');
    expect(tracker.current.status).toBe('connecting');
    // Never reached the server: the first failed attempt already means offline.
    provider.failAttempt();
    expect(tracker.current.status).toBe('offline');
    provider.connect();
    expect(tracker.current.status).toBe('connected');
    // Had a connection: one loss is a reconnect, a second failure in a row is offline.
    provider.drop();
    expect(tracker.current.status).toBe('reconnecting');
    provider.failAttempt();
    expect(tracker.current.status).toBe('offline');
    provider.connect();
    onlineState.onLine = false;
    provider.drop();
    expect(tracker.current.status).toBe('offline');
  });

  it('says the server refused the connection when it closed it for good (44xx)', () => {
    const doc = new Y.Doc();
    const provider = new FakeProvider();
    const tracker = new ConnectionTracker(doc, provider, [provider], 'unsent:r4');
    provider.connect();
    provider.refuse(4403);
    localEdit(doc, '1');
    expect(tracker.current).toMatchObject({ status: 'refused', closeCode: 4403, unsent: 1 });
    expect(connectionLabel(tracker.current)).toBe('服务器拒绝了连接（代码 4403，1 项修改未同步）');
  });

  it('shows a close for changed rights (4100) as a reconnect, never a refusal, and not as a failed attempt', () => {
    const doc = new Y.Doc();
    const provider = new FakeProvider();
    const tracker = new ConnectionTracker(doc, provider, [provider], 'unsent:r5');
    provider.connect();
    provider.drop(4100);
    expect(tracker.current).toMatchObject({ status: 'reconnecting', closeCode: undefined });
    expect(connectionLabel(tracker.current)).toBe('正在重连');
    // The first real failure after it is still one loss: reconnecting, not offline.
    provider.failAttempt();
    expect(tracker.current.status).toBe('reconnecting');
    provider.connect();
    expect(tracker.current.status).toBe('connected');
  });

  it('forgets discarded changes, reporting those the refused connection carried even if it counted as synced first', () => {
    const doc = new Y.Doc();
    const provider = new FakeProvider();
    const tracker = new ConnectionTracker(doc, provider, [provider], 'unsent:r6');
    localEdit(doc, '1');
    localEdit(doc, '2');
    // The server's step 2 arrives (synced, unsent 0) just before it refuses our step 2.
    provider.connect();
    provider.refuse(4403);
    expect(tracker.current.unsent).toBe(0);
    expect(tracker.forgetUnsent()).toBe(2);
    localEdit(doc, '3');
    expect(tracker.current.unsent).toBe(0);
    expect(storage.has('unsent:r6')).toBe(false);
  });

  it('confirms unsent changes only once the page sends content: a sync while the step 2 is held confirms nothing', () => {
    const doc = new Y.Doc();
    const provider = new FakeProvider();
    const outgoing: { current: ContentPolicy } = { current: 'hold' };
    const tracker = new ConnectionTracker(doc, provider, [provider], 'unsent:r7', outgoing);
    localEdit(doc, '1');
    provider.connect();
    expect(tracker.current).toMatchObject({ status: 'connected', unsent: 1 });
    outgoing.current = 'send';
    tracker.policyChanged();
    expect(tracker.current.unsent).toBe(0);
    expect(storage.has('unsent:r7')).toBe(false);
  });

  it('says once per connection that a page which may send nothing holds unsent changes; its own fixups while synced are not counted', () => {
    const doc = new Y.Doc();
    const provider = new FakeProvider();
    const outgoing: { current: ContentPolicy } = { current: 'hold' };
    const tracker = new ConnectionTracker(doc, provider, [provider], 'unsent:r8', outgoing);
    let unsendable = 0;
    tracker.onUnsendable(() => unsendable++);
    // Synced with nothing unsent: a viewer's y-prosemirror fixups stay local and uncounted.
    provider.connect();
    outgoing.current = 'drop';
    tracker.policyChanged();
    localEdit(doc, 'fixup');
    expect(tracker.current.unsent).toBe(0);
    expect(unsendable).toBe(0);

    // Edits made offline under earlier rights, synced under rights that allow none of them.
    provider.drop();
    localEdit(doc, '2');
    localEdit(doc, '3');
    provider.connect();
    expect(unsendable).toBe(1);
    tracker.policyChanged();
    expect(unsendable).toBe(1);
    expect(tracker.current.unsent).toBe(2);
    expect(tracker.forgetUnsent()).toBe(2);
    provider.drop();
    provider.connect();
    expect(unsendable).toBe(1);
  });
});
