/**
 * `nianbao backup`, run as an administrator runs it: the real CLI in a child process, on a data
 * folder a journaling storage (standing in for the running server) holds, with an edit that is
 * still only in the update journal. The backup is then restored and served.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { narrativeFragment, readNarrative } from '../../schema/ydoc.ts';
import { databaseFileName } from '../storage/database.ts';
import { openSqliteStorage } from '../storage/sqlite.ts';
import { EditingClient, seedNewReport } from '../storage/test-support/seed-report.ts';
import { journalFileName, readJournal } from '../storage/update-journal.ts';
import { TestBed, waitFor } from '../test-support/test-bed.ts';
import { runCli as run } from '../test-support/run-cli.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

describe('nianbao backup', () => {
  it('backs up a live data folder with the edits still only in the journal; the backup restores and serves them', async () => {
    const dataDir = await bed.tempDir();
    // The running server: appends journaled, written to the database only a minute later.
    const live = openSqliteStorage(dataDir, { journal: true, writeBehind: { delayMs: 60_000, clearAboveBytes: 4 << 20 } });
    bed.defer(() => live.close());
    const report = seedNewReport('r');
    await live.createReport(report);
    const client = new EditingClient(report.initialState);
    await live.appendUpdates('r', client.typeInOverview('备份前的修改'));
    expect(readJournal(path.join(dataDir, journalFileName)).records).toHaveLength(1);

    const backupFile = path.join(await bed.tempDir(), 'nianbao-backup.sqlite');
    const done = await run(['backup', backupFile, '--data', dataDir]);
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^已备份 1 份年报到 .*其中 1 条修改取自更新日志/);
    expect(fs.readdirSync(path.dirname(backupFile)), 'one file, its WAL folded in').toEqual(['nianbao-backup.sqlite']);

    const refused = await run(['backup', backupFile, '--data', dataDir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('已存在');

    // Restore: the file as nianbao.sqlite of an empty folder, and a server started on it.
    const restoredDir = await bed.tempDir();
    fs.copyFileSync(backupFile, path.join(restoredDir, databaseFileName));
    const server = await bed.server({ dataDir: restoredDir });
    const reader = bed.client(server.url, 'r');
    await reader.synced;
    await waitFor(() => readNarrative(narrativeFragment(reader.doc, 'overview')).includes('备份前的修改'), 'the edit served from the backup');
    expect(readNarrative(narrativeFragment(reader.doc, 'overview'))).toBe(readNarrative(narrativeFragment(client.doc, 'overview')));
  });
});
