import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ReportValidator } from '../../schema/validator.ts';
import { seedReport } from '../../schema/test-support/seed-report.ts';
import { cellsMap, narrativeFragment } from '../../schema/ydoc.ts';
import type { Authorize } from '../hooks.ts';
import { createLogger } from '../log.ts';
import { ServerMetrics } from '../metrics.ts';
import { createStoredReport } from '../reports.ts';
import { checksDelayMs, checksIdleMs, type RoomChecks } from './checks.ts';
import { receivedApplyDelayMs } from './received-updates.ts';
import { materialiseAfterJoinMs } from './cold-load.ts';
import { Room, type RoomConnection } from './room.ts';
import { inspectRoomUpdate, inspectUpdate } from '../permissions/inspect.ts';
import { blockText } from '../permissions/test-support/report-peers.ts';
import { MemoryStorage, type MemoryStorageOptions } from '../storage/memory.ts';
import { authorizeEverything } from '../test-support/open-hooks.ts';
import { LogCapture } from '../test-support/test-bed.ts';

afterEach(() => {
  vi.useRealTimers();
});

const roomOptions = (storage: MemoryStorage) => ({
  storage,
  createChecks: (doc: Y.Doc) => new ReportValidator(doc),
  authorize: authorizeEverything,
  log: createLogger('silent'),
  metrics: new ServerMetrics(),
  compactAfterUpdates: 1000,
  countsIntervalMs: 2000,
});

/**
 * A room over a stored seed report, counting the checks it builds; `appendsNow: false` gives
 * storage that must be awaited (as PostgreSQL would be) instead of embedded-style storage.
 */
async function seedRoom(storageOptions: MemoryStorageOptions = {}, authorize: Authorize = authorizeEverything): Promise<{ room: Room; storage: MemoryStorage; built: RoomChecks[] }> {
  const storage = new MemoryStorage(storageOptions);
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
  const room = new Room('seed', doc, 0, { ...roomOptions(storage), createChecks, authorize });
  return { room, storage, built };
}

describe('Room checks', () => {
  it('a check that throws in its deferred evaluation is logged and dropped; the room goes on', async () => {
    vi.useFakeTimers();
    const storage = new MemoryStorage();
    await createStoredReport({ storage, createChecks: (doc: Y.Doc) => new ReportValidator(doc) }, 'seed', seedReport());
    const stored = (await storage.loadDocument('seed'))!;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.snapshot!);
    const logged = new LogCapture();
    const log = createLogger('error', logged);
    let built = 0;
    const createChecks = (checked: Y.Doc, schedule?: (evaluate: () => void) => void): RoomChecks => {
      built++;
      return new ReportValidator(checked, {}, { schedule: schedule && ((evaluate) => schedule(() => (evaluate(), checkFails()))) });
    };
    const checkFails = () => {
      throw new TypeError('a document the checks cannot read');
    };
    const room = new Room('seed', doc, 0, { ...roomOptions(storage), log, createChecks });
    cellsMap(room.doc, 'requests').set('disclosed.natural', '2');
    await vi.runOnlyPendingTimersAsync();
    expect(logged.find('the report checks failed; dropped them')).toHaveLength(1);
    // The room goes on: a later edit builds the checks afresh.
    cellsMap(room.doc, 'requests').set('disclosed.natural', '3');
    expect(built).toBe(2);
    await room.close();
    vi.useRealTimers();
  });

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

/** A connection that keeps what the room sends it, decoded as y-websocket sync messages. */
class RecordingConnection implements RoomConnection {
  readonly id = 1;
  readonly identity = { kind: 'anonymous' } as const;
  readonly received: { kind: 'step1' | 'step2' | 'update'; payload: Uint8Array }[] = [];
  send(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== 0) return; // awareness
    const kind = (['step1', 'step2', 'update'] as const)[decoding.readVarUint(decoder)]!;
    this.received.push({ kind, payload: decoding.readVarUint8Array(decoder) });
  }
  sendShared(message: Uint8Array): void {
    this.send(message);
  }
  close(_code: number, _reason: string): void {}
}

/**
 * The seed report stored with a snapshot and `logged` updates after it (cell edits), loaded as
 * the registry loads it: the bytes kept, not applied.
 */
async function coldRoom(logged: number, compactAfterUpdates = 1000) {
  const storage = new MemoryStorage();
  await createStoredReport({ storage, createChecks: (doc: Y.Doc) => new ReportValidator(doc) }, 'seed', seedReport());
  const writer = new Y.Doc();
  Y.applyUpdate(writer, (await storage.loadDocument('seed'))!.snapshot!);
  const snapshotOnly = Y.encodeStateAsUpdate(writer);
  const updates: Uint8Array[] = [];
  writer.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < logged; i++) cellsMap(writer, 'proactive').set('fees.amount', String(i + 1));
  await storage.appendUpdates('seed', updates);
  const stored = (await storage.loadDocument('seed'))!;
  const room = new Room('seed', new Y.Doc(), stored.updates.length, { ...roomOptions(storage), compactAfterUpdates }, stored);
  return { room, storage, writer, snapshotOnly };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const contentOf = (doc: Y.Doc) => JSON.stringify(doc.getMap('cells.proactive').toJSON());

describe('Room cold join', () => {
  it('answers a fresh client from the stored bytes, then materialises once it had time to apply them and sends its step 1', async () => {
    const { room, writer } = await coldRoom(3);
    vi.useFakeTimers();
    const connection = new RecordingConnection();
    room.join(connection);
    expect(connection.received, 'step 1 waits for the document').toEqual([]);
    room.receive(connection, { type: 'sync-step1', stateVector: Y.encodeStateVector(new Y.Doc()) });
    expect(room.materialised).toBe(false);
    expect(connection.received.map((m) => m.kind)).toEqual(['update', 'update', 'update', 'step2']);
    const client = new Y.Doc();
    for (const { payload } of connection.received) Y.applyUpdate(client, payload);
    // All there once step 2 is applied (when the client counts itself synced), nothing pending.
    expect(client.store.pendingStructs).toBeNull();
    expect(Y.encodeStateVector(client)).toEqual(Y.encodeStateVector(writer));
    expect(contentOf(client)).toBe(contentOf(writer));
    await vi.advanceTimersByTimeAsync(materialiseAfterJoinMs - 10);
    expect(room.materialised, 'not while the client applies what it was sent').toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    expect(room.materialised).toBe(true);
    expect(connection.received.at(-1)!.kind).toBe('step1');
    expect(connection.received.at(-1)!.payload).toEqual(Y.encodeStateVector(writer));
    await room.close();
  });

  it('sends the server step 1 to a connection that stays silent after joining, once materialised', async () => {
    const { room, writer } = await coldRoom(1);
    vi.useFakeTimers();
    const connection = new RecordingConnection();
    room.join(connection);
    await vi.advanceTimersByTimeAsync(materialiseAfterJoinMs - 10);
    expect(room.materialised, 'waits for the client step 1 first').toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    expect(room.materialised).toBe(true);
    expect(connection.received.map((m) => m.kind)).toEqual(['step1']);
    expect(connection.received[0]!.payload).toEqual(Y.encodeStateVector(writer));
    await room.close();
  });

  it('answers a client with a non-empty state vector with the diff from the materialised document', async () => {
    const { room, writer, snapshotOnly } = await coldRoom(2);
    const connection = new RecordingConnection();
    room.join(connection);
    const client = new Y.Doc();
    Y.applyUpdate(client, snapshotOnly);
    room.receive(connection, { type: 'sync-step1', stateVector: Y.encodeStateVector(client) });
    expect(room.materialised).toBe(true);
    expect(connection.received.map((m) => m.kind)).toEqual(['step1', 'step2']);
    const diff = connection.received[1]!.payload;
    expect(diff.length).toBeLessThan(snapshotOnly.length);
    Y.applyUpdate(client, diff);
    expect(contentOf(client)).toBe(contentOf(writer));
    expect(cellsMap(client, 'proactive').get('fees.amount')).toBe('2');
    await room.close();
  });

  it('answers a fresh client from the document when the log is past the compaction threshold', async () => {
    const { room, writer } = await coldRoom(3, 2);
    const connection = new RecordingConnection();
    room.join(connection);
    room.receive(connection, { type: 'sync-step1', stateVector: Y.encodeStateVector(new Y.Doc()) });
    expect(room.materialised).toBe(true);
    expect(connection.received.map((m) => m.kind)).toEqual(['step1', 'step2']);
    const client = new Y.Doc();
    Y.applyUpdate(client, connection.received[1]!.payload);
    expect(contentOf(client)).toBe(contentOf(writer));
    await room.close();
  });

  it('applies an update arriving before materialisation after the stored state, and stores it after the log', async () => {
    const { room, storage, writer } = await coldRoom(2);
    const connection = new RecordingConnection();
    room.join(connection);
    let update: Uint8Array | undefined;
    writer.once('update', (u: Uint8Array) => (update = u));
    cellsMap(writer, 'proactive').set('fees.amount', '9.5');
    room.receive(connection, { type: 'update', update: update! });
    expect(room.materialised).toBe(true);
    expect(cellsMap(room.doc, 'proactive').get('fees.amount')).toBe('9.5');
    expect(contentOf(room.doc)).toBe(contentOf(writer));
    await room.flushed();
    const stored = (await storage.loadDocument('seed'))!;
    expect(stored.updates).toHaveLength(3);
    expect(stored.updates[2]).toEqual(update);
    await room.close();
  });
});

/** An editor's doc on the seed report, and the updates its transactions produce. */
async function editorOf(room: Room) {
  const editor = new Y.Doc();
  Y.applyUpdate(editor, Y.encodeStateAsUpdate(room.doc));
  const updates: Uint8Array[] = [];
  editor.on('update', (u: Uint8Array) => updates.push(u));
  return { editor, updates };
}

/** The seed room with an editor's replica, its connection (`sender`) and another one. */
async function joinedRoom(storageOptions: MemoryStorageOptions = {}) {
  const { room, storage } = await seedRoom(storageOptions);
  const { editor, updates } = await editorOf(room);
  const [sender, other] = [new RecordingConnection(), new RecordingConnection()];
  room.join(sender);
  room.join(other);
  return { room, storage, editor, updates, sender, other };
}

/** How often `storage` was asked to append, by either call. */
function countAppends(storage: MemoryStorage): () => number[] {
  const batches: number[] = [];
  const appendNow = storage.appendUpdatesNow;
  if (appendNow) {
    storage.appendUpdatesNow = (id, updates) => {
      batches.push(updates.length);
      appendNow(id, updates);
    };
  }
  const append = storage.appendUpdates.bind(storage);
  storage.appendUpdates = (id, updates) => {
    batches.push(updates.length);
    return append(id, updates);
  };
  return () => batches;
}

describe('Room relay with embedded storage (appends that return durable)', () => {
  it('stores and relays a received update within the call that received it, and applies it a moment later', async () => {
    const { room, storage, editor, updates, sender, other } = await joinedRoom();
    vi.useFakeTimers();
    const appends = countAppends(storage);
    const seenAtApply: { appends: number; relayed: number }[] = [];
    room.doc.on('update', () => seenAtApply.push({ appends: appends().length, relayed: other.received.filter((m) => m.kind === 'update').length }));
    cellsMap(editor, 'proactive').set('fees.amount', '3');
    room.receive(sender, { type: 'update', update: updates[0]! });
    expect(appends()).toEqual([1]);
    expect(other.received.filter((m) => m.kind === 'update')).toHaveLength(1);
    expect(seenAtApply, 'not applied while the receivers read the relay').toEqual([]);
    await vi.advanceTimersByTimeAsync(receivedApplyDelayMs - 1);
    expect(seenAtApply, 'not applied before the delay').toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seenAtApply).toEqual([{ appends: 1, relayed: 1 }]);
    expect(other.received.at(-1)!.payload).toEqual(updates[0]);
    expect(sender.received.filter((m) => m.kind === 'update'), 'not echoed').toEqual([]);
    expect(cellsMap(room.doc, 'proactive').get('fees.amount')).toBe('3');
    expect((await storage.loadDocument('seed'))!.updates).toEqual([updates[0]]);
    await room.close();
  });

  it('a failing append relays nothing and closes every connection with 1011', async () => {
    const { room, storage, editor, updates, sender, other } = await joinedRoom();
    const closed: number[] = [];
    for (const connection of [sender, other]) connection.close = (code: number) => void closed.push(code);
    storage.appendUpdatesNow = () => {
      throw new Error('disk full');
    };
    cellsMap(editor, 'proactive').set('fees.amount', '3');
    room.receive(sender, { type: 'update', update: updates[0]! });
    expect(closed).toEqual([1011, 1011]);
    expect(other.received.filter((m) => m.kind === 'update')).toEqual([]);
    expect((await storage.loadDocument('seed'))!.updates).toEqual([]);
    await room.close();
  });
});

describe('Room typing', () => {
  it('judges keystrokes continuing their sender\'s typing without applying the queue, and applies it once for all', async () => {
    const judged: { anchored: boolean; roots: string[] }[] = [];
    const judging: Authorize = (subject, message) => {
      if (message.type !== 'update') return { ok: true };
      const anchored = subject.typingAnchor?.(message.decoded!) !== undefined;
      judged.push({ anchored, roots: [...inspectRoomUpdate(subject, message.decoded!).roots] });
      return { ok: true };
    };
    const { room: typingRoom } = await seedRoom({}, judging);
    vi.useFakeTimers();
    const { editor, updates } = await editorOf(typingRoom);
    const [sender, other] = [new RecordingConnection(), new RecordingConnection()];
    typingRoom.join(sender);
    typingRoom.join(other);
    let transactions = 0;
    // Received updates are applied under the room's origin (the checks' first build adds empty ones).
    typingRoom.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin !== null) transactions++;
    });
    const text = blockText(narrativeFragment(editor, 'overview'), 0);
    for (let i = 0; i < 5; i++) text.insert(4 + i, '改');
    for (const update of updates.splice(0)) typingRoom.receive(sender, { type: 'update', update, decoded: Y.decodeUpdate(update) });
    // The first keystroke starts the run; the rest continue it, judged from its anchor.
    expect(judged).toEqual([
      { anchored: false, roots: ['text.overview'] },
      ...Array.from({ length: 4 }, () => ({ anchored: true, roots: ['text.overview'] })),
    ]);
    expect(other.received.filter((m) => m.kind === 'update')).toHaveLength(5);
    expect(transactions, 'nothing applied while typing').toBe(0);
    await vi.advanceTimersByTimeAsync(receivedApplyDelayMs);
    expect(transactions, 'the five keystrokes applied in one transaction').toBe(1);
    expect(blockText(narrativeFragment(typingRoom.doc, 'overview'), 0).toString()).toBe(text.toString());

    // A cell write is no keystroke: the queue is applied before it is judged.
    text.insert(9, '再');
    cellsMap(editor, 'proactive').set('fees.amount', '3');
    for (const update of updates.splice(0)) typingRoom.receive(sender, { type: 'update', update, decoded: Y.decodeUpdate(update) });
    expect(judged.slice(5)).toEqual([
      { anchored: true, roots: ['text.overview'] },
      { anchored: false, roots: ['cells.proactive'] },
    ]);
    expect(transactions, 'the keystroke applied before the cell write was judged').toBe(2);
    expect(Y.encodeStateVector(typingRoom.doc)).toEqual(Y.encodeStateVector(editor));
    await typingRoom.close();
  });
});

describe('Room closing', () => {
  it('applies what it received before storing the counts, so that the report list is current once unloaded', async () => {
    const { room, storage, editor, updates, sender } = await joinedRoom();
    const cells = cellsMap(editor, 'requests');
    cells.set('disclosed.natural', '2');
    // Back to the seed's value: queued, and not yet applied when the room closes.
    cells.set('disclosed.natural', '1');
    for (const update of updates.splice(0)) room.receive(sender, { type: 'update', update, decoded: Y.decodeUpdate(update) });
    await room.close();
    expect((await storage.getReport('seed'))!.counts).toEqual({ error: 0, warning: 0, info: 0 });
    expect((await storage.loadDocument('seed'))!.updates).toHaveLength(2);
  });
});

describe('Room relay with awaited storage', () => {
  it('stores and relays a received update before the document applies it', async () => {
    const { room, storage, editor, updates, sender, other } = await joinedRoom({ appendsNow: false });
    vi.useFakeTimers();
    const append = vi.spyOn(storage, 'appendUpdates');
    const seenAtApply: { appends: number; relayed: number }[] = [];
    room.doc.on('update', () => seenAtApply.push({ appends: append.mock.calls.length, relayed: other.received.filter((m) => m.kind === 'update').length }));
    cellsMap(editor, 'proactive').set('fees.amount', '3');
    room.receive(sender, { type: 'update', update: updates[0]! });
    expect(append).not.toHaveBeenCalled();
    await room.flushed();
    expect(other.received.filter((m) => m.kind === 'update')).toHaveLength(1);
    expect(seenAtApply, 'not applied while the receivers read the relay').toEqual([]);
    await vi.advanceTimersByTimeAsync(receivedApplyDelayMs);
    expect(seenAtApply).toEqual([{ appends: 1, relayed: 1 }]);
    expect(other.received.at(-1)!.payload).toEqual(updates[0]);
    expect(sender.received.filter((m) => m.kind === 'update'), 'not echoed').toEqual([]);
    expect(cellsMap(room.doc, 'proactive').get('fees.amount')).toBe('3');
    await room.close();
  });

  it('inspects an update against the ones queued before it in the same turn', async () => {
    const { room, storage } = await seedRoom({ appendsNow: false });
    const inspected: boolean[] = [];
    const inspecting: Authorize = (subject, message) => {
      if (message.type !== 'update') return { ok: true };
      const { unresolved } = inspectUpdate(subject.doc, message.update);
      inspected.push(!unresolved);
      return unresolved ? { ok: false, rejection: { closeCode: 4403, reason: 'unresolved' } } : { ok: true };
    };
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc));
    const strict = new Room('seed', copy, 0, { ...roomOptions(storage), authorize: inspecting });
    const { editor, updates } = await editorOf(strict);
    const [sender, other] = [new RecordingConnection(), new RecordingConnection()];
    strict.join(sender);
    strict.join(other);
    const append = vi.spyOn(storage, 'appendUpdates');
    // A new paragraph, then text inside it: the second names the first as its parent.
    const paragraph = new Y.XmlElement('paragraph');
    narrativeFragment(editor, 'other').insert(0, [paragraph]);
    paragraph.insert(0, [new Y.XmlText('新段落')]);
    for (const update of updates) strict.receive(sender, { type: 'update', update });
    await strict.flushed();
    expect(inspected).toEqual([true, true]);
    expect(append.mock.calls.map(([, batch]) => batch.length)).toEqual([2]);
    expect(other.received.filter((m) => m.kind === 'update').map((m) => m.payload)).toEqual(updates);
    expect(narrativeFragment(strict.doc, 'other').toString()).toBe(narrativeFragment(editor, 'other').toString());
    await Promise.all([strict.close(), room.close()]);
  });
});

describe.each([
  ['embedded', {}],
  ['awaited', { appendsNow: false }],
] as const)('Room relay with %s storage', (_, storageOptions) => {
  it('stores and relays a change made on the server document itself, like a received update', async () => {
    const { room, storage } = await seedRoom(storageOptions);
    const { editor } = await editorOf(room);
    const other = new RecordingConnection();
    room.join(other);
    cellsMap(room.doc, 'proactive').set('fees.amount', '5');
    narrativeFragment(room.doc, 'other').delete(0, 1);
    await room.flushed();
    const relayed = other.received.filter((m) => m.kind === 'update');
    expect(relayed).toHaveLength(2);
    for (const { payload } of relayed) Y.applyUpdate(editor, payload);
    expect(cellsMap(editor, 'proactive').get('fees.amount')).toBe('5');
    expect(narrativeFragment(editor, 'other').toString()).toBe(narrativeFragment(room.doc, 'other').toString());
    const stored = (await storage.loadDocument('seed'))!;
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, stored.snapshot!);
    for (const update of stored.updates) Y.applyUpdate(reloaded, update);
    expect(Y.encodeStateVector(reloaded)).toEqual(Y.encodeStateVector(room.doc));
    expect(narrativeFragment(reloaded, 'other').toString()).toBe(narrativeFragment(room.doc, 'other').toString());
    await room.close();
  });

  it('neither stores nor relays an update the document holds already', async () => {
    const { room, storage, editor, updates, sender, other } = await joinedRoom(storageOptions);
    cellsMap(editor, 'proactive').set('fees.amount', '3');
    cellsMap(editor, 'proactive').delete('fees.amount');
    for (const update of updates) room.receive(sender, { type: 'update', update });
    await room.flushed();
    const appends = countAppends(storage);
    const relayedBefore = other.received.length;
    // A reconnecting client's sync step 2 with nothing new: its delete set, all deleted already.
    room.receive(sender, { type: 'sync-step2', update: Y.encodeStateAsUpdate(editor, Y.encodeStateVector(room.doc)) });
    room.receive(sender, { type: 'update', update: updates[0]! });
    await room.flushed();
    expect(appends()).toEqual([]);
    expect(other.received).toHaveLength(relayedBefore);
    await room.close();
  });
});
