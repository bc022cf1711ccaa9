/**
 * SqliteStorage as the server opens it: appends through the update journal, written to the
 * database behind it, the data folder locked. (The crash test is in sqlite.test.ts.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeReportStorageContract } from './test-support/storage-contract.ts';
import { StorageError } from './errors.ts';
import { openSqliteStorage, type SqliteStorage } from './sqlite.ts';
import { EditingClient, seedNewReport } from './test-support/seed-report.ts';
import { journalFileName, readJournal, UpdateJournal } from './update-journal.ts';

function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-journal-storage-'));
}

// A short delay, so that the contract's sequences also cross background writes.
const writeBehind = { delayMs: 2, clearAboveBytes: 4 << 20 };

describeReportStorageContract('SqliteStorage with the update journal', { persistent: true }, async () => {
  const dataDir = makeTempDir();
  const opened: SqliteStorage[] = [openSqliteStorage(dataDir, { journal: true, writeBehind })];
  return {
    storage: opened[0],
    reopen: async () => {
      const storage = openSqliteStorage(dataDir, { journal: true, writeBehind });
      opened.push(storage);
      return storage;
    },
    cleanup: async () => {
      for (const storage of opened) await storage.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

describe('SqliteStorage with the update journal', () => {
  let dataDir: string;
  let journalFile: string;
  const toClose: SqliteStorage[] = [];

  beforeEach(() => {
    dataDir = makeTempDir();
    journalFile = path.join(dataDir, journalFileName);
  });
  afterEach(async () => {
    vi.useRealTimers();
    for (const storage of toClose.splice(0)) await storage.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function open(journal: boolean, delayMs = 50): SqliteStorage {
    const storage = openSqliteStorage(dataDir, { journal, writeBehind: { delayMs, clearAboveBytes: 4 << 20 } });
    toClose.push(storage);
    return storage;
  }

  async function seeded(storage: SqliteStorage): Promise<EditingClient> {
    const report = seedNewReport('r');
    await storage.createReport(report);
    return new EditingClient(report.initialState);
  }

  it('an append is in the journal when it returns, and in the database for other processes within the delay', async () => {
    vi.useFakeTimers();
    const server = open(true, 50);
    const client = await seeded(server);
    const updates = client.typeInOverview('公开');
    server.appendUpdatesNow!('r', updates.slice(0, 1));
    await server.appendUpdates('r', updates.slice(1));
    expect(readJournal(journalFile).records.map((r) => r.updates)).toEqual([updates.slice(0, 1), updates.slice(1)]);
    // A CLI command beside the running server: it reads the database, and replays nothing.
    const cli = open(false);
    expect((await cli.loadDocument('r'))!.updates).toEqual([]);
    await vi.advanceTimersByTimeAsync(49);
    expect((await cli.loadDocument('r'))!.updates, 'not before the delay').toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect((await cli.loadDocument('r'))!.updates).toEqual(updates);
    expect((await server.loadDocument('r'))!.updates).toEqual(updates);
  });

  it("the server's own reads of the log see every append at once", async () => {
    const server = open(true, 60_000);
    const client = await seeded(server);
    const updates = client.typeInOverview('即时');
    await server.appendUpdates('r', updates);
    expect(await server.pendingUpdateCount('r')).toBe(updates.length);
    expect((await server.loadDocument('r'))!.updates).toEqual(updates);
  });

  it('an append to an unknown report is refused and journals nothing', async () => {
    const server = open(true);
    const client = await seeded(server);
    expect(() => server.appendUpdatesNow!('nope', client.typeInOverview('错'))).toThrow(StorageError);
    expect(readJournal(journalFile).records).toEqual([]);
  });

  it('replaying after a crash writes only what the database lacks: no update is logged twice', async () => {
    const server = open(true, 60_000);
    const client = await seeded(server);
    const written = client.typeInOverview('已写');
    await server.appendUpdates('r', written);
    await server.pendingUpdateCount('r'); // written to the database; still in the journal
    const notYet = client.typeInOverview('未写', 2);
    await server.appendUpdates('r', notYet);
    // The journal as a crash right now would leave it.
    const crashed = fs.readFileSync(journalFile);
    expect(readJournal(journalFile).records).toHaveLength(2);
    await server.close();
    fs.writeFileSync(journalFile, crashed);

    const restarted = open(true);
    expect((await restarted.loadDocument('r'))!.updates).toEqual([...written, ...notYet]);
    expect(readJournal(journalFile).records, 'emptied once replayed').toEqual([]);
  });

  it('a server replays what a crashed one left in the journal; a CLI command beside it replays nothing', async () => {
    const client = await seeded(open(false));
    const updates = client.typeInOverview('崩溃');
    // What a server killed before its write-behind leaves: a journal the database lacks.
    const crashed = new UpdateJournal(journalFile, 0);
    crashed.append('r', updates);
    crashed.close();
    const server = open(true, 60_000);
    const more = client.typeInOverview('之后', 2);
    await server.appendUpdates('r', more);
    const beside = open(false);
    expect((await beside.loadDocument('r'))!.updates, 'replayed by the server; its own append still journaled').toEqual(updates);
    expect(readJournal(journalFile).records.map((r) => r.updates)).toEqual([more]);

    // Closing writes the rest and empties the journal. (After a kill -9 the next open replays
    // it instead: the crash test in sqlite.test.ts.)
    await server.close();
    expect(fs.statSync(journalFile).size).toBe(0);
    expect((await beside.loadDocument('r'))!.updates).toEqual([...updates, ...more]);
  });

  it('a second server on the same data folder is refused, and may start once the first has closed', async () => {
    const first = open(true);
    expect(() => open(true)).toThrow(expect.objectContaining({ code: 'locked', message: expect.stringMatching(/正由另一个 nianbao 服务使用/) }));
    await first.close();
    expect(() => open(true)).not.toThrow();
  });
});
