import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { narrativeFragment, readNarrative } from '../../schema/ydoc.ts';
import { applyStored, describeReportStorageContract } from './test-support/storage-contract.ts';
import { busyTimeoutMs, databaseFile, openNianbaoDatabase } from './database.ts';
import { StorageError } from './errors.ts';
import { migrateDatabase, migration, migrations, nianbaoApplicationId, schemaVersion } from './migrations.ts';
import { openSqliteStorage, type SqliteStorage } from './sqlite.ts';
import { EditingClient, scriptedCharacter, seedNewReport, seedReportData } from './test-support/seed-report.ts';

function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-storage-'));
}

describeReportStorageContract('SqliteStorage', { persistent: true }, async () => {
  const dataDir = makeTempDir();
  const opened: SqliteStorage[] = [openSqliteStorage(dataDir)];
  return {
    storage: opened[0],
    reopen: async () => {
      const storage = openSqliteStorage(dataDir);
      opened.push(storage);
      return storage;
    },
    cleanup: async () => {
      for (const storage of opened) await storage.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

describe('SqliteStorage on disk', () => {
  let dataDir: string;
  const toClose: { close(): unknown }[] = [];

  beforeEach(() => {
    dataDir = makeTempDir();
  });
  afterEach(async () => {
    for (const handle of toClose.splice(0)) await handle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function open(dir = dataDir): SqliteStorage {
    const storage = openSqliteStorage(dir);
    toClose.push(storage);
    return storage;
  }
  function rawConnection(): Database.Database {
    const db = new Database(databaseFile(dataDir));
    toClose.push(db);
    return db;
  }

  it('creates the data folder and nianbao.sqlite in WAL mode with synchronous NORMAL and a busy timeout', async () => {
    const nested = path.join(dataDir, 'not', 'yet', 'there');
    await open(nested).createReport(seedNewReport('r'));
    expect(fs.existsSync(path.join(nested, 'nianbao.sqlite'))).toBe(true);
    expect(fs.existsSync(path.join(nested, 'nianbao.sqlite-wal'))).toBe(true);

    const db = openNianbaoDatabase(nested);
    toClose.push(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(busyTimeoutMs);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('a second process can use the file while the server has it open', async () => {
    const server = open();
    const cli = open();
    const client = new EditingClient(seedNewReport('x').initialState);
    await cli.createReport(seedNewReport('created-by-cli'));
    expect((await server.listReports()).map((r) => r.id)).toEqual(['created-by-cli']);
    await server.appendUpdates('created-by-cli', client.typeInOverview('并发'));
    await cli.setCounts('created-by-cli', { error: 1, warning: 0, info: 0 });
    expect((await server.getReport('created-by-cli'))?.counts.error).toBe(1);
    expect((await cli.loadDocument('created-by-cli'))?.updates).toHaveLength(2);
  });

  it("an append waits for another process's write transaction instead of failing", async () => {
    const storage = open();
    await storage.createReport(seedNewReport('busy'));
    const client = new EditingClient(seedNewReport('busy').initialState);
    const holdMs = 400;
    // Another process (the CLI, say) takes the write lock and holds it for `holdMs`.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]);
         db.exec('BEGIN IMMEDIATE');
         process.stdout.write('locked\\n');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs});
         db.exec('COMMIT');`,
        databaseFile(dataDir),
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<number | null>((resolve) => holder.on('exit', resolve));
    for await (const line of readline.createInterface({ input: holder.stdout })) if (line === 'locked') break;
    const started = Date.now();
    await storage.appendUpdates('busy', client.typeInOverview('等'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(holdMs / 2);
    expect(await exited).toBe(0);
    expect(await storage.pendingUpdateCount('busy')).toBe(1);
  });

  it('a foreign key keeps the log tied to its report', () => {
    open();
    const db = rawConnection();
    db.pragma('foreign_keys = ON');
    expect(() =>
      db.prepare('INSERT INTO report_updates (report_id, seq, update_data) VALUES (?, ?, ?)').run('none', 1, Buffer.from([0])),
    ).toThrow(/FOREIGN KEY/);
  });

  describe('migrations', () => {
    it('run once: the file is stamped with the latest version and reopening changes nothing', async () => {
      const first = open();
      await first.createReport(seedNewReport('kept'));
      await first.close();
      const schemaBefore = rawConnection().prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all();

      const second = open();
      expect((await second.listReports()).map((r) => r.id)).toEqual(['kept']);
      const db = rawConnection();
      expect(schemaVersion(db)).toBe(migrations.length);
      expect(db.pragma('application_id', { simple: true })).toBe(nianbaoApplicationId);
      expect(db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all()).toEqual(schemaBefore);
    });

    it('a new migration appended to the list applies once, on top of existing data', async () => {
      const storage = open();
      await storage.createReport(seedNewReport('before-upgrade'));
      await storage.close();
      const extended = [...migrations, migration('holidays', 'CREATE TABLE holidays (day TEXT PRIMARY KEY NOT NULL) STRICT;')];

      const db = rawConnection();
      migrateDatabase(db, 'test.sqlite', extended);
      expect(schemaVersion(db)).toBe(migrations.length + 1);
      db.prepare('INSERT INTO holidays (day) VALUES (?)').run('2025-10-01');
      migrateDatabase(db, 'test.sqlite', extended); // would fail with "table holidays already exists" if rerun
      expect(db.prepare('SELECT day FROM holidays').all()).toEqual([{ day: '2025-10-01' }]);
      expect(db.prepare('SELECT id FROM reports').all()).toEqual([{ id: 'before-upgrade' }]);
    });

    it('a log written with the per-append counter (version 2) migrates and continues its numbering', async () => {
      const report = seedNewReport('kept-log');
      const client = new EditingClient(report.initialState);
      const typed = client.typeInOverview('旧版写入');
      const db = rawConnection();
      migrateDatabase(db, 'test.sqlite', migrations.slice(0, 2));
      db.prepare(
        `INSERT INTO reports (id, agency, kind, year, created_at, updated_at, count_error, count_warning, count_info, last_seq, snapshot_seq)
         VALUES (?, '某局', 'department', 2024, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 0, 0, 0, 6, 2)`,
      ).run(report.id);
      db.prepare('INSERT INTO report_snapshots (report_id, snapshot) VALUES (?, ?)').run(report.id, report.initialState);
      typed.forEach((update, i) => db.prepare('INSERT INTO report_updates (report_id, seq, update_data) VALUES (?, ?, ?)').run(report.id, 3 + i, update));
      db.close();

      const storage = open();
      expect(await storage.pendingUpdateCount(report.id)).toBe(4);
      const more = client.typeInOverview('新');
      await storage.appendUpdates(report.id, more);
      const seqs = rawConnection().prepare('SELECT seq FROM report_updates WHERE report_id = ? ORDER BY seq').all(report.id);
      expect(seqs).toEqual([3, 4, 5, 6, 7].map((seq) => ({ seq })));
      await storage.compact(report.id, Y.encodeStateAsUpdate(client.doc), 5);
      await storage.appendUpdates(report.id, client.typeInOverview('再'));
      expect(rawConnection().prepare('SELECT seq FROM report_updates').all()).toEqual([{ seq: 8 }]);
      expect(applyStored((await storage.loadDocument(report.id))!).getXmlFragment('text.overview').toString()).toBe(
        narrativeFragment(client.doc, 'overview').toString(),
      );
    });

    it('a failing migration leaves the file at its previous version', async () => {
      await open().close();
      const broken = [...migrations, migration('ok', 'CREATE TABLE a (x INTEGER);'), migration('broken', 'CREATE TABLE a (x INTEGER);')];
      const db = rawConnection();
      expect(() => migrateDatabase(db, 'test.sqlite', broken)).toThrow(/already exists/);
      expect(schemaVersion(db)).toBe(migrations.length);
      expect(db.prepare(`SELECT name FROM sqlite_schema WHERE name = 'a'`).get()).toBeUndefined();
    });
  });

  describe('files that are not a usable nianbao database', () => {
    function expectOpenToFail(code: StorageError['code'], pattern: RegExp): void {
      let error: unknown;
      try {
        open();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).code).toBe(code);
      expect((error as StorageError).message).toContain(databaseFile(dataDir));
      expect((error as StorageError).message).toMatch(pattern);
    }

    it('a damaged file gives a clear error and is left as it was', () => {
      const garbage = Buffer.alloc(16_384, '年报数据损坏');
      fs.writeFileSync(databaseFile(dataDir), garbage);
      expectOpenToFail('not-a-database', /不是 nianbao 数据库或已损坏/);
      expect(fs.readFileSync(databaseFile(dataDir)).equals(garbage)).toBe(true);
    });

    it("another program's SQLite database is refused, not migrated", () => {
      const db = rawConnection();
      db.exec('CREATE TABLE contacts (name TEXT)');
      db.close();
      expectOpenToFail('not-a-database', /其他程序/);
      const again = rawConnection();
      expect(again.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all()).toEqual([{ name: 'contacts' }]);
    });

    it('a database from a newer nianbao is refused with both versions named', async () => {
      await open().close();
      const db = rawConnection();
      db.pragma(`user_version = ${migrations.length + 5}`);
      db.close();
      expectOpenToFail('unsupported-version', new RegExp(`版本为 ${migrations.length + 5}.*版本 ${migrations.length}`));
    });
  });

  describe('durability', () => {
    it.each([
      ['committing each append', 'commit'],
      ['journaling appends, as the server does', 'journal'],
    ])('no acknowledged update is lost when the appending process is killed with SIGKILL (%s)', async (_, mode) => {
      const report = seedNewReport('crash');
      const setup = open();
      await setup.createReport(report);
      await setup.close();

      const here = path.dirname(fileURLToPath(import.meta.url));
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(here, 'test-support', 'append-until-killed.ts'), dataDir, 'crash', mode],
        { cwd: path.resolve(here, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

      let acknowledged = 0;
      for await (const line of readline.createInterface({ input: child.stdout })) {
        acknowledged = Number(line);
        if (acknowledged >= 600) {
          child.kill('SIGKILL');
          break;
        }
      }
      expect(await exited, `child failed: ${stderr}`).toBe('SIGKILL');
      expect(acknowledged).toBeGreaterThanOrEqual(600);

      // Opening the folder after the crash writes what the journal holds to the database.
      const after = open();
      const stored = (await after.loadDocument('crash'))!;
      // Every acknowledged update is there. The child may be further on than the count read
      // (the pipe holds lines not yet read), so more may be: the text below shows they are
      // exactly the next characters typed, a prefix of the script with nothing torn or doubled.
      expect(stored.updates.length).toBeGreaterThanOrEqual(acknowledged);
      expect(await after.pendingUpdateCount('crash')).toBe(stored.updates.length);
      const doc = applyStored(stored);
      const typed = Array.from({ length: stored.updates.length }, (_, i) => scriptedCharacter(i)).join('');
      const firstParagraph = readNarrative(narrativeFragment(doc, 'overview')).split('\n')[0];
      expect(firstParagraph).toBe(typed + seedReportData().parts.overview.split('\n')[0]);
      expect(doc.store.pendingStructs).toBeNull();
    });
  });
});
