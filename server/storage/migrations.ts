/**
 * The SQLite schema as an ordered list of migrations. The schema version is `PRAGMA
 * user_version`: migration `i` (0-based) brings the database to version `i + 1`. Migrations are
 * persisted history: never edit or reorder one that has shipped; add a new one at the end, e.g.
 *
 *   migration('comment threads', `CREATE TABLE comment_threads (...) STRICT;`),
 *
 * (or a `Migration` value exported by the module that owns the tables, like `accountsMigration`).
 *
 * Column names avoid SQL keywords (`update`), so that the same schema reads unquoted in
 * PostgreSQL.
 */
import type { Database } from 'better-sqlite3';
import { accountsMigration, signersMigration } from '../accounts/schema.ts';
import { StorageError } from './errors.ts';

export interface Migration {
  /** What the migration adds, for error messages and the log. */
  readonly name: string;
  readonly sql: string;
}

export function migration(name: string, sql: string): Migration {
  return { name, sql };
}

export const migrations: readonly Migration[] = [
  migration(
    'reports and their update logs',
    `
    CREATE TABLE reports (
      id            TEXT    PRIMARY KEY NOT NULL,
      agency        TEXT    NOT NULL,
      kind          TEXT    NOT NULL CHECK (kind IN ('department', 'government')),
      year          INTEGER NOT NULL,
      created_at    TEXT    NOT NULL,
      updated_at    TEXT    NOT NULL,
      count_error   INTEGER NOT NULL,
      count_warning INTEGER NOT NULL,
      count_info    INTEGER NOT NULL,
      -- The log holds exactly the updates with snapshot_seq < seq <= last_seq: seqs are handed
      -- out contiguously and compaction removes a prefix, so both counters are enough.
      last_seq      INTEGER NOT NULL DEFAULT 0,
      snapshot_seq  INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    CREATE TABLE report_snapshots (
      report_id TEXT PRIMARY KEY NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
      snapshot  BLOB NOT NULL
    ) STRICT;

    -- A rowid table (not WITHOUT ROWID): updates can be large blobs, which SQLite advises
    -- against in clustered WITHOUT ROWID rows. The unique index serves the range reads.
    CREATE TABLE report_updates (
      report_id   TEXT    NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
      seq         INTEGER NOT NULL,
      update_data BLOB    NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX report_updates_by_report_seq ON report_updates (report_id, seq);
    `,
  ),
  accountsMigration,
  migration(
    'update log without a per-append counter',
    // An append is now one INSERT that takes the next seq from the log itself (the index's last
    // entry, or snapshot_seq for an empty log), instead of a transaction that also rewrote the
    // report's row: a third of the statements on the path every keystroke waits for. The
    // report's updated_at follows the diagnostic counts, stored within seconds of a change.
    `ALTER TABLE reports DROP COLUMN last_seq;`,
  ),
  migration(
    'update journal position',
    // The seq of the last update-journal record whose updates are in report_updates, written in
    // the same transaction as they are: replaying the journal after a crash skips what the
    // database has, so no update is logged twice (sqlite-write-behind.ts).
    `CREATE TABLE journal_state (
       id INTEGER PRIMARY KEY CHECK (id = 1),
       applied_seq INTEGER NOT NULL
     ) STRICT;
     INSERT INTO journal_state (id, applied_seq) VALUES (1, 0);`,
  ),
  migration(
    'Yjs client ids bound to users',
    // The first user to write under a Yjs client id owns it (authorize-updates.ts). Kept in the
    // database, not only in memory, so that a restart does not let someone else write under an
    // owner's id. A user deleted: the id stays taken by nobody.
    `CREATE TABLE report_client_owners (
       report_id  TEXT    NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
       client_id  INTEGER NOT NULL,
       user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
       bound_at   INTEGER NOT NULL,
       PRIMARY KEY (report_id, client_id)
     ) STRICT;`,
  ),
  signersMigration,
  migration(
    'report status',
    // 草稿 / 审核中 / 已审定, from the sign-offs in the document (schema/signoffs/state.ts), stored
    // with the diagnostic counts so that listing needs no document loaded. Every report stored
    // before holds no sign-off (the root refused every write): all are drafts.
    `ALTER TABLE reports ADD COLUMN status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'review', 'approved'));`,
  ),
  migration(
    'report versions',
    // Frozen versions (issue 17), immutable once written: numbered per report from 1, both
    // kinds in one sequence, the next number taken inside the inserting statement. The Yjs
    // state is a blob; the data, diagnostics, acknowledgements and override are JSON text,
    // read only when one version is opened; the counts are columns, for listing.
    `CREATE TABLE report_versions (
       report_id          TEXT    NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
       number             INTEGER NOT NULL CHECK (number > 0),
       kind               TEXT    NOT NULL CHECK (kind IN ('published', 'draft')),
       name               TEXT    NOT NULL,
       created_at         TEXT    NOT NULL,
       created_by         TEXT    NOT NULL,
       created_by_display TEXT    NOT NULL,
       content_hash       TEXT    NOT NULL,
       count_error        INTEGER NOT NULL,
       count_warning      INTEGER NOT NULL,
       count_info         INTEGER NOT NULL,
       acknowledgements   TEXT    NOT NULL,
       override           TEXT,
       state              BLOB    NOT NULL,
       data               TEXT    NOT NULL,
       diagnostics        TEXT    NOT NULL,
       PRIMARY KEY (report_id, number)
     ) STRICT;`,
  ),
];

/** The schema version this build writes and understands. */
export const latestSchemaVersion = migrations.length;

/** Marks the file as ours in its header (`PRAGMA application_id`): ASCII "nian". */
export const nianbaoApplicationId = 0x6e69616e;

/**
 * Brings `db` to the last version of `list` (the shipped `migrations`; tests pass their own).
 * Safe against a second process migrating at the same moment: the version is re-read inside an
 * IMMEDIATE transaction, which holds the write lock. All pending migrations apply in that one
 * transaction, so a failing migration leaves the file at its previous version.
 */
export function migrateDatabase(db: Database, file: string, list: readonly Migration[] = migrations): void {
  checkDatabaseIdentity(db, file, list.length);
  if (schemaVersion(db) === list.length) return;
  db.transaction(() => {
    const from = schemaVersion(db);
    checkSupportedVersion(from, list.length, file);
    for (let version = from + 1; version <= list.length; version++) db.exec(list[version - 1].sql);
    // PRAGMA values cannot be bound; both are integers we control.
    db.pragma(`user_version = ${list.length}`);
    db.pragma(`application_id = ${nianbaoApplicationId}`);
  }).immediate();
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Rejects files that SQLite can read but that some other program wrote, or a newer nianbao. */
function checkDatabaseIdentity(db: Database, file: string, latest: number): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === nianbaoApplicationId) {
    checkSupportedVersion(schemaVersion(db), latest, file);
    return;
  }
  const hasTables = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' LIMIT 1`).get() !== undefined;
  if (applicationId !== 0 || hasTables) {
    throw new StorageError('not-a-database', `${file} 不是 nianbao 数据库（文件中有其他程序的数据），请检查数据目录`);
  }
}

function checkSupportedVersion(version: number, latest: number, file: string): void {
  if (version > latest) {
    throw new StorageError(
      'unsupported-version',
      `${file} 的数据库版本为 ${version}，本程序只支持到版本 ${latest}，请升级 nianbao 后再打开`,
    );
  }
}
