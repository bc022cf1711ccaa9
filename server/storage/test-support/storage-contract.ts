/**
 * The contract every `ReportStorage` implementation passes (memory, SQLite, later PostgreSQL).
 * Each test gets a fresh storage from `open`; documents are real Yjs updates of the seed report,
 * and "reproduces the document" means: snapshot then logged updates, applied to a fresh Y.Doc,
 * give the same report and the same state vector as the doc the edits were made in.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { tablePartKeys } from '../../../schema/format.ts';
import { readReportData, cellsMap, metaMap, narrativeFragment, narrativeKeys } from '../../../schema/ydoc.ts';
import { StorageError, type StorageErrorCode } from '../errors.ts';
import type { ReportStorage, StoredDocument } from '../storage.ts';
import { EditingClient, seedNewReport, seedReportData } from './seed-report.ts';
import { describeVersionContract } from './version-contract.ts';

export interface OpenedStorage {
  storage: ReportStorage;
  /** Opens the same data again (after the test closed `storage`), where the backend persists. */
  reopen?: () => Promise<ReportStorage>;
  /** Closes whatever is still open and removes the data. */
  cleanup: () => Promise<void>;
}

export interface StorageTraits {
  /** The backend keeps data across close and reopen (SQLite, PostgreSQL; not memory). */
  readonly persistent: boolean;
}

export function describeReportStorageContract(
  name: string,
  traits: StorageTraits,
  open: () => Promise<OpenedStorage>,
): void {
  describe(`ReportStorage contract: ${name}`, () => {
    let opened: OpenedStorage;
    let storage: ReportStorage;

    beforeEach(async () => {
      opened = await open();
      storage = opened.storage;
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    /** Creates the seed report under `id` and returns a client editing it. */
    async function createSeed(id = 'yuhang-commerce-2024'): Promise<EditingClient> {
      const report = seedNewReport(id);
      await storage.createReport(report);
      return new EditingClient(report.initialState);
    }

    async function loaded(id: string): Promise<StoredDocument> {
      const stored = await storage.loadDocument(id);
      if (!stored) throw new Error(`test setup: report ${id} did not load`);
      return stored;
    }

    describe('reports', () => {
      it('createReport returns the record, which getReport and listReports then show', async () => {
        const before = Date.now();
        const report = seedNewReport('r1');
        const record = await storage.createReport(report);
        expect(record).toMatchObject({
          id: 'r1',
          agency: '余杭区商务局',
          kind: 'department',
          year: 2024,
          counts: { error: 0, warning: 1, info: 2 },
          status: 'draft',
        });
        expect(new Date(record.createdAt).toISOString()).toBe(record.createdAt);
        expect(Date.parse(record.createdAt)).toBeGreaterThanOrEqual(before - 1000);
        expect(record.updatedAt).toBe(record.createdAt);
        expect(await storage.getReport('r1')).toEqual(record);
        expect(await storage.listReports()).toEqual([record]);
      });

      it('listReports lists every report in id order', async () => {
        for (const id of ['b', 'a', 'c-2023', 'c-2024']) await storage.createReport(seedNewReport(id));
        expect((await storage.listReports()).map((r) => r.id)).toEqual(['a', 'b', 'c-2023', 'c-2024']);
      });

      it('a duplicate id is rejected and the existing report is left as it was', async () => {
        const client = await createSeed('dup');
        await storage.appendUpdates('dup', client.typeInOverview('新'));
        const duplicate = { ...seedNewReport('dup'), agency: '别的机关', initialState: new Uint8Array([0, 0]) };
        await expectStorageError(storage.createReport(duplicate), 'report-exists');
        expect((await storage.getReport('dup'))?.agency).toBe('余杭区商务局');
        expectSameDocument(applyStored(await loaded('dup')), client.doc);
      });

      it('an unknown id reads as undefined and every write to it rejects', async () => {
        await createSeed('known');
        expect(await storage.getReport('unknown')).toBeUndefined();
        expect(await storage.loadDocument('unknown')).toBeUndefined();
        await expectStorageError(storage.appendUpdates('unknown', [new Uint8Array([0, 0])]), 'unknown-report');
        await expectStorageError(storage.appendUpdates('unknown', []), 'unknown-report');
        await expectStorageError(storage.pendingUpdateCount('unknown'), 'unknown-report');
        await expectStorageError(storage.compact('unknown', new Uint8Array([0, 0]), 0), 'unknown-report');
        await expectStorageError(storage.setCounts('unknown', { error: 1, warning: 0, info: 0 }), 'unknown-report');
        await expectStorageError(storage.setStatus('unknown', 'review'), 'unknown-report');
        expect((await storage.listReports()).map((r) => r.id)).toEqual(['known']);
      });

      it('setCounts is visible in getReport and listReports and touches updatedAt', async () => {
        const created = await storage.createReport(seedNewReport('counted'));
        await storage.createReport(seedNewReport('other'));
        // A later timestamp needs a later millisecond: wait for the clock to show one.
        await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(Date.parse(created.updatedAt)), { interval: 1 });
        await storage.setCounts('counted', { error: 3, warning: 7, info: 11 });
        const record = await storage.getReport('counted');
        expect(record?.counts).toEqual({ error: 3, warning: 7, info: 11 });
        expect(Date.parse(record!.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
        expect(record?.createdAt).toBe(created.createdAt);
        const listed = await storage.listReports();
        expect(listed.find((r) => r.id === 'counted')?.counts).toEqual({ error: 3, warning: 7, info: 11 });
        expect(listed.find((r) => r.id === 'other')?.counts).toEqual({ error: 0, warning: 1, info: 2 });
      });

      it('setStatus is visible in getReport and listReports, for that report only', async () => {
        await storage.createReport(seedNewReport('signed'));
        await storage.createReport(seedNewReport('other'));
        await storage.setStatus('signed', 'review');
        expect((await storage.getReport('signed'))?.status).toBe('review');
        await storage.setStatus('signed', 'approved');
        const listed = await storage.listReports();
        expect(listed.map((r) => [r.id, r.status])).toEqual([['other', 'draft'], ['signed', 'approved']]);
      });
    });

    describe('update log', () => {
      it('a new report loads as its template: the seed report, nothing logged', async () => {
        const report = seedNewReport('fresh');
        await storage.createReport(report);
        const stored = await loaded('fresh');
        expect(stored.updates).toEqual([]);
        expect(await storage.pendingUpdateCount('fresh')).toBe(0);
        expect(readReportData(applyStored(stored))).toEqual(seedReportData());
      });

      it('appended updates load back in order, byte for byte, and reproduce the document', async () => {
        const client = await createSeed('typed');
        const typed = client.typeInOverview('今年新增');
        const cell = client.setCell('requests', 'received.natural', '2');
        const deleted = client.deleteInOverview(0, 2);
        await storage.appendUpdates('typed', typed.slice(0, 1));
        await storage.appendUpdates('typed', typed.slice(1));
        await storage.appendUpdates('typed', [cell, deleted]);
        const stored = await loaded('typed');
        expect(stored.updates.map(bytes)).toEqual([...typed, cell, deleted].map(bytes));
        expect(await storage.pendingUpdateCount('typed')).toBe(6);
        const doc = applyStored(stored);
        expectSameDocument(doc, client.doc);
        expect(readReportData(doc).tables.requests['received.natural']).toBe('2');
        expect(readReportData(doc).parts.overview.startsWith('新增2024年，余杭区商务局')).toBe(true);
      });

      it('returns Uint8Arrays that Yjs applies, and stores only the bytes of a view', async () => {
        const client = await createSeed('views');
        const [update] = client.typeInOverview('改');
        // The update in the middle of a larger buffer, as a network frame would carry it.
        const frame = new Uint8Array(update.length + 7).fill(0xff);
        frame.set(update, 3);
        await storage.appendUpdates('views', [frame.subarray(3, 3 + update.length)]);
        const stored = await loaded('views');
        expect(stored.updates[0]).toBeInstanceOf(Uint8Array);
        expect(bytes(stored.updates[0])).toEqual(bytes(update));
        expect(stored.snapshot).toBeInstanceOf(Uint8Array);
        expectSameDocument(applyStored(stored), client.doc);
      });

      it('a caller reusing its buffer after the append does not change what is stored', async () => {
        const client = await createSeed('reuse');
        const [update] = client.typeInOverview('改');
        const buffer = update.slice();
        await storage.appendUpdates('reuse', [buffer]);
        buffer.fill(0);
        const stored = await loaded('reuse');
        expect(bytes(stored.updates[0])).toEqual(bytes(update));
        stored.updates[0].fill(0);
        expect(bytes((await loaded('reuse')).updates[0])).toEqual(bytes(update));
      });

      it("one report's updates never show in another's log", async () => {
        const a = await createSeed('a');
        const b = await createSeed('b');
        await storage.appendUpdates('a', a.typeInOverview('甲'));
        await storage.appendUpdates('b', b.typeInOverview('乙乙'));
        expect((await loaded('a')).updates.map(bytes)).toEqual(a.updates.map(bytes));
        expect((await loaded('b')).updates.map(bytes)).toEqual(b.updates.map(bytes));
        expect(await storage.pendingUpdateCount('a')).toBe(1);
        expect(await storage.pendingUpdateCount('b')).toBe(2);
      });

      it('a 1 MiB update round-trips byte for byte', async () => {
        const client = await createSeed('large');
        const text = '政务公开'.repeat(90_000); // 360 000 characters, 1 080 000 bytes of UTF-8
        const [small] = client.typeInOverview('开');
        const big = typeBlock(client, text);
        expect(big.byteLength).toBeGreaterThan(1024 * 1024);
        await storage.appendUpdates('large', [small, big]);
        const stored = await loaded('large');
        expect(Buffer.from(stored.updates[1]).equals(Buffer.from(big))).toBe(true);
        expectSameDocument(applyStored(stored), client.doc);
        await storage.compact('large', Y.encodeStateAsUpdate(client.doc), 2);
        const compacted = await loaded('large');
        expect(compacted.snapshot!.byteLength).toBeGreaterThan(1024 * 1024);
        expectSameDocument(applyStored(compacted), client.doc);
      });

      it('concurrent appends from two async callers each keep their order', async () => {
        const report = seedNewReport('shared');
        await storage.createReport(report);
        const alice = new EditingClient(report.initialState, 1);
        const bob = new EditingClient(report.initialState, 2);
        alice.typeInOverview('甲方输入的一段文字，逐字发送');
        for (let i = 0; i < 20; i++) bob.setCell('requests', 'received.natural', String(i));
        bob.typeInOverview('乙', 10);
        async function appendAll(updates: readonly Uint8Array[], batch: number): Promise<void> {
          for (let i = 0; i < updates.length; i += batch) {
            await storage.appendUpdates('shared', updates.slice(i, i + batch));
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        await Promise.all([appendAll(alice.updates, 1), appendAll(bob.updates, 2)]);

        const logged = (await loaded('shared')).updates.map(bytes);
        expect(logged).toHaveLength(alice.updates.length + bob.updates.length);
        const aliceBytes = new Set(alice.updates.map((u) => bytes(u).join()));
        expect(logged.filter((u) => aliceBytes.has(u.join()))).toEqual(alice.updates.map(bytes));
        expect(logged.filter((u) => !aliceBytes.has(u.join()))).toEqual(bob.updates.map(bytes));
        // Interleaved, not one caller after the other: the test exercises concurrency.
        expect(aliceBytes.has(logged[0].join())).not.toBe(aliceBytes.has(logged[1].join()));

        const merged = new Y.Doc();
        Y.applyUpdate(merged, report.initialState);
        for (const u of [...alice.updates, ...bob.updates]) Y.applyUpdate(merged, u);
        expectSameDocument(applyStored(await loaded('shared')), merged);
      });
    });

    describe('compaction', () => {
      it('replaces the compacted updates by the snapshot and keeps updates appended meanwhile', async () => {
        const client = await createSeed('compacted');
        await storage.appendUpdates('compacted', client.typeInOverview('第一批二十个字符，逐字输入，用来压缩测试'));
        // The server loads the document and merges it while clients keep typing.
        const atLoad = await loaded('compacted');
        const pendingAtLoad = await storage.pendingUpdateCount('compacted');
        expect(pendingAtLoad).toBe(20);
        const snapshot = Y.encodeStateAsUpdate(applyStored(atLoad));
        const meanwhile = [...client.typeInOverview('后来', 3), client.setCell('appeals', 'review.upheld', '1')];
        await storage.appendUpdates('compacted', meanwhile);

        await storage.compact('compacted', snapshot, pendingAtLoad);
        const after = await loaded('compacted');
        expect(bytes(after.snapshot!)).toEqual(bytes(snapshot));
        expect(after.updates.map(bytes)).toEqual(meanwhile.map(bytes));
        expect(await storage.pendingUpdateCount('compacted')).toBe(meanwhile.length);
        expectSameDocument(applyStored(after), client.doc);

        // Later appends and a second compaction continue from where the first stopped.
        const later = client.typeInOverview('再');
        await storage.appendUpdates('compacted', later);
        expect((await loaded('compacted')).updates.map(bytes)).toEqual([...meanwhile, ...later].map(bytes));
        await storage.compact('compacted', Y.encodeStateAsUpdate(client.doc), meanwhile.length + later.length);
        const final = await loaded('compacted');
        expect(final.updates).toEqual([]);
        expect(await storage.pendingUpdateCount('compacted')).toBe(0);
        expectSameDocument(applyStored(final), client.doc);
      });

      it('compacting zero updates replaces only the snapshot', async () => {
        const client = await createSeed('zero');
        const typed = client.typeInOverview('零');
        await storage.appendUpdates('zero', typed);
        const template = (await loaded('zero')).snapshot!;
        const merged = Y.mergeUpdates([template]);
        await storage.compact('zero', merged, 0);
        const stored = await loaded('zero');
        expect(bytes(stored.snapshot!)).toEqual(bytes(merged));
        expect(stored.updates.map(bytes)).toEqual(typed.map(bytes));
        expectSameDocument(applyStored(stored), client.doc);
      });

      it('rejects folding more updates than are logged, or a malformed count, and changes nothing', async () => {
        const client = await createSeed('over');
        await storage.appendUpdates('over', client.typeInOverview('两字'));
        const before = await loaded('over');
        const snapshot = Y.encodeStateAsUpdate(client.doc);
        await expectStorageError(storage.compact('over', snapshot, 3), 'invalid-compaction');
        await expectStorageError(storage.compact('over', snapshot, -1), 'invalid-compaction');
        await expectStorageError(storage.compact('over', snapshot, 1.5), 'invalid-compaction');
        const after = await loaded('over');
        expect(bytes(after.snapshot!)).toEqual(bytes(before.snapshot!));
        expect(after.updates.map(bytes)).toEqual(before.updates.map(bytes));
      });
    });

    describe('lifecycle', () => {
      // Only persistent backends have a reopen to test: the memory backend registers no such case.
      if (traits.persistent) it('after close and reopen, reports, counts, status, snapshot and log are all still there', async () => {
        if (!opened.reopen) throw new Error('test setup: a persistent backend must provide reopen');
        const client = await createSeed('kept');
        await storage.createReport(seedNewReport('kept-too'));
        await storage.appendUpdates('kept', client.typeInOverview('持久'));
        await storage.compact('kept', Y.encodeStateAsUpdate(client.doc), 2);
        const tail = [client.setCell('proactive', 'regulations.issued', '4'), ...client.typeInOverview('化')];
        await storage.appendUpdates('kept', tail);
        await storage.setCounts('kept', { error: 1, warning: 2, info: 3 });
        await storage.setStatus('kept', 'review');
        const records = await storage.listReports();
        const before = await loaded('kept');
        await storage.close();

        const reopened = await opened.reopen!();
        expect(await reopened.listReports()).toEqual(records);
        const after = await reopened.loadDocument('kept');
        expect(bytes(after!.snapshot!)).toEqual(bytes(before.snapshot!));
        expect(after!.updates.map(bytes)).toEqual(tail.map(bytes));
        expect(await reopened.pendingUpdateCount('kept')).toBe(tail.length);
        expectSameDocument(applyStored(after!), client.doc);
        // The reopened log continues: no seq is reused.
        const next = client.typeInOverview('！');
        await reopened.appendUpdates('kept', next);
        expect((await reopened.loadDocument('kept'))!.updates.map(bytes)).toEqual([...tail, ...next].map(bytes));
      });

      it('close can be called twice; every other call afterwards rejects', async () => {
        await createSeed('closing');
        await storage.close();
        await storage.close();
        await expectStorageError(storage.listReports(), 'closed');
        await expectStorageError(storage.getReport('closing'), 'closed');
        await expectStorageError(storage.loadDocument('closing'), 'closed');
        await expectStorageError(storage.createReport(seedNewReport('late')), 'closed');
        await expectStorageError(storage.appendUpdates('closing', [new Uint8Array([0, 0])]), 'closed');
        await expectStorageError(storage.pendingUpdateCount('closing'), 'closed');
        await expectStorageError(storage.compact('closing', new Uint8Array([0, 0]), 0), 'closed');
        await expectStorageError(storage.setCounts('closing', { error: 0, warning: 0, info: 0 }), 'closed');
      });
    });

    describeVersionContract({
      storage: () => storage,
      persistent: traits.persistent,
      reopen: () => {
        if (!opened.reopen) throw new Error('test setup: a persistent backend must provide reopen');
        return opened.reopen();
      },
      expectSameDocument,
    });
  });
}

/** A fresh Y.Doc with the stored snapshot and then every logged update applied. */
export function applyStored(stored: StoredDocument): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Same report, same markup in every narrative fragment, same cells, same state vector. */
export function expectSameDocument(actual: Y.Doc, expected: Y.Doc): void {
  expect(documentSummary(actual)).toEqual(documentSummary(expected));
  expect(readReportData(actual)).toEqual(readReportData(expected));
}

function documentSummary(doc: Y.Doc) {
  return {
    meta: metaMap(doc).toJSON(),
    text: Object.fromEntries(narrativeKeys.map((key) => [key, narrativeFragment(doc, key).toString()])),
    cells: Object.fromEntries(tablePartKeys.map((table) => [table, cellsMap(doc, table).toJSON()])),
    stateVector: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b),
    pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null,
  };
}

/** Plain number arrays: compare bytes, whatever the array class (Buffer vs Uint8Array). */
function bytes(array: Uint8Array): number[] {
  return Array.from(array);
}

/** Inserts `text` as one update (one transaction) at the start of the first overview paragraph. */
function typeBlock(client: EditingClient, text: string): Uint8Array {
  const count = client.updates.length;
  const paragraph = narrativeFragment(client.doc, 'overview').get(0) as Y.XmlElement;
  (paragraph.get(0) as Y.XmlText).insert(1, text);
  expect(client.updates.length).toBe(count + 1);
  return client.updates[count];
}

async function expectStorageError(promise: Promise<unknown>, code: StorageErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a StorageError ${code}`).toBeInstanceOf(StorageError);
  expect((error as StorageError).code).toBe(code);
  expect((error as StorageError).message).toMatch(/\p{Script=Han}/u);
}
