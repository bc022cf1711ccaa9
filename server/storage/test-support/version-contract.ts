/**
 * The versions part of the storage contract (issue 17), registered by
 * `describeReportStorageContract` for every backend: numbering per report, immutability, the
 * report's latest version numbers, and the stored Yjs state reproducing the document it froze.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { VersionKind } from '../../../schema/api.ts';
import { checkReport } from '../../../schema/check.ts';
import { warningKey } from '../../../schema/publication-gate.ts';
import { replaceInPart } from '../../../schema/test-support/text-edits.ts';
import { readReportData } from '../../../schema/ydoc.ts';
import { StorageError, type StorageErrorCode } from '../errors.ts';
import type { NewVersion, ReportStorage } from '../storage.ts';
import { EditingClient, seedNewReport } from './seed-report.ts';

export interface VersionContractContext {
  readonly storage: () => ReportStorage;
  readonly persistent: boolean;
  /** Opens the same data again after `storage()` was closed (persistent backends). */
  readonly reopen: () => Promise<ReportStorage>;
  /** Asserts two docs hold the same report, markup and state vector. */
  readonly expectSameDocument: (actual: Y.Doc, expected: Y.Doc) => void;
}

/** A version of `doc` as the server freezes it: its state, data and real diagnostics. */
export function versionOf(doc: Y.Doc, kind: VersionKind, name: string, author = 'wangfang'): NewVersion {
  const data = readReportData(doc);
  const diagnostics = checkReport(data);
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  return {
    kind,
    name,
    createdBy: { name: author, displayName: `显示名${author}` },
    contentHash: `hash-of-${name}`,
    state: Y.encodeStateAsUpdate(doc),
    data,
    diagnostics,
    acknowledgements: kind === 'published' ? warnings.map((warning) => ({ warning, reason: `已核实：${warningKey(warning)}` })) : [],
    override: kind === 'published' ? { parts: ['requests'], reason: '科室负责人出差，由所长确认' } : null,
  };
}

export function describeVersionContract(context: VersionContractContext): void {
  describe('versions', () => {
    async function createSeed(id: string): Promise<EditingClient> {
      const report = seedNewReport(id);
      await context.storage().createReport(report);
      return new EditingClient(report.initialState);
    }

    it('a new report has no versions', async () => {
      await createSeed('none');
      const storage = context.storage();
      expect(await storage.listVersions('none')).toEqual([]);
      expect(await storage.getVersion('none', 1)).toBeUndefined();
      expect(await storage.getReport('none')).toMatchObject({ latestVersion: null, publishedVersion: null });
    });

    it('numbers versions 1, 2, 3 per report and gives each back whole, its state reproducing the document', async () => {
      const storage = context.storage();
      const client = await createSeed('numbered');
      const other = await createSeed('other');
      const before = Date.now();
      const first = await storage.createVersion('numbered', versionOf(client.doc, 'draft', '提交审核稿'));
      client.setCell('requests', 'received.natural', '99');
      // A figure the tables contradict: a warning to acknowledge.
      replaceInPart(client.doc, 'overview', '共受理依申请公开1件', '共受理依申请公开3件');
      const second = versionOf(client.doc, 'published', '发布版本');
      const secondRecord = await storage.createVersion('numbered', second);
      const otherFirst = await storage.createVersion('other', versionOf(other.doc, 'draft', '别的报告'));

      expect([first.number, secondRecord.number, otherFirst.number]).toEqual([1, 2, 1]);
      expect(secondRecord).toMatchObject({
        reportId: 'numbered',
        kind: 'published',
        name: '发布版本',
        createdBy: { name: 'wangfang', displayName: '显示名wangfang' },
        contentHash: 'hash-of-发布版本',
        acknowledgements: second.acknowledgements,
        override: second.override,
      });
      expect(secondRecord.counts).toEqual({
        error: second.diagnostics.filter((d) => d.severity === 'error').length,
        warning: second.diagnostics.filter((d) => d.severity === 'warning').length,
        info: second.diagnostics.filter((d) => d.severity === 'info').length,
      });
      expect(secondRecord.acknowledgements.length).toBeGreaterThan(0);
      expect(new Date(secondRecord.createdAt).toISOString()).toBe(secondRecord.createdAt);
      expect(Date.parse(first.createdAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(await storage.listVersions('numbered')).toEqual([first, secondRecord]);
      expect(await storage.listVersions('other')).toEqual([otherFirst]);

      const stored = await storage.getVersion('numbered', 2);
      expect(stored).toMatchObject(secondRecord);
      expect(stored!.data).toEqual(second.data);
      expect(stored!.data.tables.requests['received.natural']).toBe('99');
      expect(stored!.diagnostics).toEqual(second.diagnostics);
      expect(stored!.state).toBeInstanceOf(Uint8Array);
      expect(Array.from(stored!.state)).toEqual(Array.from(second.state));
      const frozen = new Y.Doc();
      Y.applyUpdate(frozen, stored!.state);
      context.expectSameDocument(frozen, client.doc);
    });

    it("shows the report's latest version and latest published version in getReport and listReports", async () => {
      const storage = context.storage();
      const client = await createSeed('listed');
      await createSeed('unversioned');
      await storage.createVersion('listed', versionOf(client.doc, 'draft', '一稿'));
      expect(await storage.getReport('listed')).toMatchObject({ latestVersion: 1, publishedVersion: null });
      await storage.createVersion('listed', versionOf(client.doc, 'published', '发布'));
      await storage.createVersion('listed', versionOf(client.doc, 'draft', '发布后的修订稿'));
      expect(await storage.getReport('listed')).toMatchObject({ latestVersion: 3, publishedVersion: 2 });
      const listed = await storage.listReports();
      expect(listed.map((r) => [r.id, r.latestVersion, r.publishedVersion])).toEqual([
        ['listed', 3, 2],
        ['unversioned', null, null],
      ]);
    });

    it('a version cannot be altered through the values given or returned', async () => {
      const storage = context.storage();
      const client = await createSeed('frozen');
      const version = structuredClone(versionOf(client.doc, 'published', '发布'));
      const expected = structuredClone(version);
      await storage.createVersion('frozen', version);
      version.state.fill(0);
      (version.data.tables.requests as Record<string, string>)['received.natural'] = '被改';
      (version.diagnostics as unknown[]).length = 0;
      (version.createdBy as { name: string }).name = 'mallory';
      const read = await storage.getVersion('frozen', 1);
      expect(Array.from(read!.state)).toEqual(Array.from(expected.state));
      expect(read!.data).toEqual(expected.data);
      expect(read!.diagnostics).toEqual(expected.diagnostics);
      read!.state.fill(0);
      (read!.acknowledgements as unknown[]).length = 0;
      const listed = await storage.listVersions('frozen');
      (listed[0].createdBy as { name: string }).name = 'mallory';
      const again = await storage.getVersion('frozen', 1);
      expect(Array.from(again!.state)).toEqual(Array.from(expected.state));
      expect(again!.acknowledgements).toEqual(expected.acknowledgements);
      expect(again!.createdBy.name).toBe('wangfang');
    });

    it('concurrent versions of one report get distinct consecutive numbers', async () => {
      const storage = context.storage();
      const client = await createSeed('busy');
      const records = await Promise.all(
        Array.from({ length: 8 }, (_, i) => storage.createVersion('busy', versionOf(client.doc, i % 2 ? 'published' : 'draft', `第${i}次`))),
      );
      expect(records.map((r) => r.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const listed = await storage.listVersions('busy');
      expect(listed.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      for (const record of records) expect(listed[record.number - 1].name).toBe(record.name);
    });

    it('an unknown report or number reads as nothing, and a version of an unknown report is refused', async () => {
      const storage = context.storage();
      const client = await createSeed('known');
      await storage.createVersion('known', versionOf(client.doc, 'draft', '稿'));
      await expectStorageError(storage.createVersion('unknown', versionOf(client.doc, 'draft', '稿')), 'unknown-report');
      await expectStorageError(storage.listVersions('unknown'), 'unknown-report');
      expect(await storage.getVersion('unknown', 1)).toBeUndefined();
      for (const number of [0, -1, 1.5, 2, Number.NaN, 2 ** 60]) expect(await storage.getVersion('known', number)).toBeUndefined();
      expect((await storage.listReports()).map((r) => r.id)).toEqual(['known']);
    });

    it('after close every version call rejects', async () => {
      const storage = context.storage();
      const client = await createSeed('closing');
      await storage.close();
      await expectStorageError(storage.createVersion('closing', versionOf(client.doc, 'draft', '稿')), 'closed');
      await expectStorageError(storage.listVersions('closing'), 'closed');
      await expectStorageError(storage.getVersion('closing', 1), 'closed');
    });

    if (context.persistent) it('versions survive close and reopen, and numbering continues', async () => {
      const storage = context.storage();
      const client = await createSeed('kept');
      const first = await storage.createVersion('kept', versionOf(client.doc, 'published', '发布'));
      const full = await storage.getVersion('kept', 1);
      await storage.close();
      const reopened = await context.reopen();
      expect(await reopened.listVersions('kept')).toEqual([first]);
      expect(await reopened.getVersion('kept', 1)).toEqual(full);
      expect(await reopened.getReport('kept')).toMatchObject({ latestVersion: 1, publishedVersion: 1 });
      expect((await reopened.createVersion('kept', versionOf(client.doc, 'draft', '再稿'))).number).toBe(2);
    });
  });
}

async function expectStorageError(promise: Promise<unknown>, code: StorageErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a StorageError ${code}`).toBeInstanceOf(StorageError);
  expect((error as StorageError).code).toBe(code);
}
