import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ReportValidator } from '../schema/validator.ts';
import { seedReport } from '../schema/testing/seedFile.ts';
import { cellsMap } from '../schema/ydoc.ts';
import { authorizeEverything } from './hooks.ts';
import { createLogger } from './log.ts';
import { ServerMetrics } from './metrics.ts';
import { createStoredReport } from './reports.ts';
import { checksDelayMs, checksIdleMs, Room, type RoomChecks } from './room.ts';
import { MemoryStorage } from './storage/memory.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** A room over a stored seed report, counting the checks it builds. */
async function seedRoom(): Promise<{ room: Room; storage: MemoryStorage; built: RoomChecks[] }> {
  const storage = new MemoryStorage();
  const built: RoomChecks[] = [];
  const createChecks = (doc: Y.Doc, schedule?: (evaluate: () => void) => void) => {
    const checks = new ReportValidator(doc, {}, { schedule });
    built.push(checks);
    return checks;
  };
  await createStoredReport({ storage, createChecks }, 'seed', seedReport());
  built.length = 0;
  const stored = (await storage.loadDocument('seed'))!;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, stored.snapshot!);
  const room = new Room('seed', doc, 0, {
    storage,
    createChecks,
    authorize: authorizeEverything,
    log: createLogger('silent'),
    metrics: new ServerMetrics(),
    compactAfterUpdates: 1000,
    countsIntervalMs: 2000,
  });
  return { room, storage, built };
}

describe('Room checks', () => {
  it('evaluates a change after the relay, and a diagnostics read sees it at once', async () => {
    vi.useFakeTimers();
    const { room } = await seedRoom();
    cellsMap(room.doc, 'requests').set('disclosed.natural', '2');
    expect(room.diagnostics().map((d) => d.rule).sort()).toEqual(['T3.resultTotal', 'T3.rowTotal']);
    cellsMap(room.doc, 'requests').set('disclosed.natural', '1');
    await vi.advanceTimersByTimeAsync(checksDelayMs);
    expect(room.liveCounts()).toEqual({ error: 0, warning: 0, info: 0 });
    await room.close();
  });

  it('drops idle checks after storing their counts, and builds them again on the next change', async () => {
    vi.useFakeTimers();
    const { room, storage, built } = await seedRoom();
    cellsMap(room.doc, 'requests').set('disclosed.natural', '2');
    await vi.advanceTimersByTimeAsync(checksIdleMs / 2);
    cellsMap(room.doc, 'requests').set('received.natural', '1');
    await vi.advanceTimersByTimeAsync(checksIdleMs / 2 + 100);
    expect(room.liveCounts(), 'used 15 s ago: kept').toBeDefined();
    await vi.advanceTimersByTimeAsync(checksIdleMs);
    expect(room.liveCounts(), 'idle: dropped').toBeUndefined();
    expect((await storage.getReport('seed'))!.counts).toEqual({ error: 2, warning: 0, info: 0 });
    expect(built).toHaveLength(1);
    cellsMap(room.doc, 'requests').set('disclosed.natural', '1');
    expect(built).toHaveLength(2);
    expect(room.diagnostics()).toEqual(new ReportValidator(room.doc).diagnostics());
    await room.close();
  });
});
