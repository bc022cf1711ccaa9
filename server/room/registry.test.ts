import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { cellsMap } from '../../schema/ydoc.ts';
import { sampleReportId } from '../reports.ts';
import { MemoryStorage, type MemoryStorageOptions } from '../storage/memory.ts';
import type { StoredDocument } from '../storage/storage.ts';
import { TestBed, contentOf, waitFor } from '../test-support/test-bed.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

/** Creates a report through the REST API (the test servers run without accounts); its id. */
async function createReport(serverUrl: string): Promise<string> {
  const response = await fetch(`${serverUrl}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agency: '卸载测试局', kind: 'department', year: 2024 }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { report: { id: string } }).report.id;
}

/** A storage whose loads wait for `finishLoads()` once `holdLoads()` was called: lets connections arrive while a report loads. */
class SlowLoadStorage extends MemoryStorage {
  loads = 0;
  compactions: number[] = [];
  private loadGate: Promise<void> | null = null;
  private openGate = () => {};
  holdLoads(): void {
    this.loadGate = new Promise((resolve) => (this.openGate = resolve));
  }
  finishLoads(): void {
    this.openGate();
    this.loadGate = null;
  }
  override async loadDocument(id: string): Promise<StoredDocument | undefined> {
    this.loads++;
    const doc = await super.loadDocument(id);
    if (this.loadGate) await this.loadGate;
    return doc;
  }
  override async compact(id: string, snapshot: Uint8Array, updateCount: number): Promise<void> {
    this.compactions.push(updateCount);
    return super.compact(id, snapshot, updateCount);
  }
}

/** A storage whose next append fails once, as a full disk would; embedded-style or awaited. */
class FailOnceStorage extends MemoryStorage {
  failNext = false;
  constructor(options: MemoryStorageOptions) {
    super(options);
    const appendNow = this.appendUpdatesNow;
    if (appendNow) {
      this.appendUpdatesNow = (id, updates) => {
        this.failIfAsked();
        appendNow(id, updates);
      };
    }
  }
  override async appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<void> {
    this.failIfAsked();
    return super.appendUpdates(id, updates);
  }
  private failIfAsked(): void {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('disk full');
    }
  }
}

describe('the room registry', () => {
  it('two connections arriving during a slow load both get the loaded state, from one load', async () => {
    const storage = new SlowLoadStorage();
    const server = await bed.server({ storage });
    // Each upgrade asks the registry for the room once it is authenticated.
    const asked = vi.spyOn(server.rooms, 'hold');
    storage.holdLoads();
    const a = bed.client(server.url, sampleReportId);
    await waitFor(() => storage.loads === 1, 'the load started');
    const b = bed.client(server.url, sampleReportId);
    await waitFor(() => asked.mock.calls.length === 2, 'the second connection waiting for the room');
    storage.finishLoads();
    await Promise.all([a.synced, b.synced]);
    expect(storage.loads).toBe(1);
    expect(cellsMap(a.doc, 'requests').get('received.natural')).toBeDefined();
    expect(contentOf(a.doc)).toBe(contentOf(b.doc));
    // Neither client seeded anything: the document has exactly the server's template once.
    const fresh = new Y.Doc();
    const stored = (await storage.loadDocument(sampleReportId))!;
    Y.applyUpdate(fresh, stored.snapshot!);
    expect(contentOf(a.doc)).toBe(contentOf(fresh));
  });

  it('unloads a report after the idle period and loads it again on demand with every edit', async () => {
    const storage = new SlowLoadStorage();
    const server = await bed.server({ storage, limits: { idleUnloadMs: 200 } });
    const a = bed.client(server.url, sampleReportId);
    await a.synced;
    cellsMap(a.doc, 'proactive').set('coercion.decisions', '7');
    await waitFor(() => server.metrics.updates >= 1, 'update applied');
    await server.rooms.peek(sampleReportId)!.flushed();
    a.provider.destroy();
    await waitFor(() => server.rooms.peek(sampleReportId) === undefined, 'unloaded', 3000);
    expect(server.metrics.openReports).toBe(0);
    expect(storage.loads).toBe(1);
    const b = bed.client(server.url, sampleReportId);
    await b.synced;
    expect(storage.loads).toBe(2);
    expect(cellsMap(b.doc, 'proactive').get('coercion.decisions')).toBe('7');
  });

  it('a report stays loaded while any connection is open', async () => {
    const server = await bed.server({ limits: { idleUnloadMs: 50 } });
    const a = bed.client(server.url, sampleReportId);
    await a.synced;
    // The marker: another report, whose only connection leaves after `a` joined. Its idle timer
    // starts later than any the sample's room could have started when `a` joined, with the same
    // delay, so it fires later: once the other report is unloaded, the sample's would have been.
    const other = await createReport(server.url);
    const b = bed.client(server.url, other);
    await b.synced;
    b.provider.destroy();
    await waitFor(() => server.rooms.peek(other) === undefined, 'the other report unloaded', 3000);
    expect(server.rooms.peek(sampleReportId)).toBeDefined();
    expect(server.rooms.peek(sampleReportId)!.connectionCount).toBe(1);
  });

  it('compacts the update log in the background after the configured number of updates', async () => {
    const storage = new SlowLoadStorage();
    const server = await bed.server({ storage, limits: { compactAfterUpdates: 20 } });
    const a = bed.client(server.url, sampleReportId);
    await a.synced;
    const storedBefore = server.metrics.updates;
    for (let i = 0; i < 25; i++) {
      cellsMap(a.doc, 'proactive').set('fees.amount', String(i));
      await waitFor(() => server.metrics.updates === storedBefore + i + 1, `update ${i} stored`);
    }
    await waitFor(() => storage.compactions.length > 0, 'compaction');
    expect(storage.compactions[0]).toBeGreaterThanOrEqual(20);
    await server.rooms.peek(sampleReportId)!.flushed();
    const stored = (await storage.loadDocument(sampleReportId))!;
    expect(stored.updates.length).toBeLessThan(25);
    const check = new Y.Doc();
    Y.applyUpdate(check, stored.snapshot!);
    for (const u of stored.updates) Y.applyUpdate(check, u);
    expect(cellsMap(check, 'proactive').get('fees.amount')).toBe('24');
  });

  it.each([
    ['embedded', {}],
    ['awaited', { appendsNow: false }],
  ] as const)('a failed append (%s storage) closes the room with 1011; the client reconnects and its edit is stored', async (_, storageOptions) => {
    const storage = new FailOnceStorage(storageOptions);
    const server = await bed.server({ storage });
    const a = bed.client(server.url, sampleReportId);
    await a.synced;
    const codes: number[] = [];
    a.provider.on('connection-close', (event) => codes.push(event?.code ?? 0));
    storage.failNext = true;
    cellsMap(a.doc, 'proactive').set('fees.amount', '8.8');
    await waitFor(() => codes.includes(1011), 'closed with 1011');
    expect(server.log.find('storage append failed; dropping the report from memory')).toHaveLength(1);
    // y-websocket reconnects (1011 is transient) and sends what the server lacks in step 2.
    await waitFor(() => server.rooms.peek(sampleReportId)?.connectionCount === 1, 'reconnected', 5000);
    // The client's edit comes back in its sync step 2, which answers the server's step 1 and may
    // arrive after the client itself counts as synced: wait for the room to hold it.
    await waitFor(
      () => cellsMap(server.rooms.peek(sampleReportId)!.doc, 'proactive').get('fees.amount') === '8.8',
      'edit re-sent after the reconnect',
    );
    await server.rooms.peek(sampleReportId)!.flushed();
    const stored = (await storage.loadDocument(sampleReportId))!;
    const check = new Y.Doc();
    Y.applyUpdate(check, stored.snapshot!);
    for (const u of stored.updates) Y.applyUpdate(check, u);
    expect(cellsMap(check, 'proactive').get('fees.amount')).toBe('8.8');
  });

  it('an unknown report is not loaded and not kept', async () => {
    const server = await bed.server();
    expect(await server.rooms.hold('no-such-report')).toBeUndefined();
    expect(server.rooms.openCount).toBe(0);
  });
});
