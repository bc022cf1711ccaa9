/**
 * Opens nianbao's SQLite file, shared by the server and by CLI commands that run beside it
 * (`nianbao user add` while the server is up). Every connection gets the same settings:
 *
 * - WAL journal: readers never block the writer, and a transaction is durable against a crash of
 *   the process (`kill -9`) as soon as it commits — it is in the WAL file, which the OS holds.
 * - `synchronous = NORMAL`: in WAL mode this fsyncs at checkpoints, not at every commit. A power
 *   loss may roll back the last commits; a process crash loses nothing. That is the guarantee
 *   the product makes ("appended before relayed"), at a fraction of FULL's cost per keystroke.
 * - busy timeout: a second process waits for the write lock instead of failing at once.
 * - foreign keys on: a logged update can never outlive its report.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StorageError } from './errors.ts';
import { migrateDatabase } from './migrations.ts';

export const databaseFileName = 'nianbao.sqlite';

/** How long a connection waits for another process's write lock before failing with SQLITE_BUSY. */
export const busyTimeoutMs = 5_000;

/** The database file inside a data directory. */
export function databaseFile(dataDir: string): string {
  return path.join(dataDir, databaseFileName);
}

/** Opens (creating if needed) `<dataDir>/nianbao.sqlite`, configured and migrated. */
export function openNianbaoDatabase(dataDir: string): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  return openNianbaoDatabaseFile(databaseFile(dataDir));
}

/** Opens (creating if needed) a nianbao database file anywhere (a backup), configured and migrated. */
export function openNianbaoDatabaseFile(file: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: busyTimeoutMs });
  } catch (error) {
    throw new StorageError('not-a-database', `无法打开数据库 ${file}：${(error as Error).message}`, { cause: error });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrateDatabase(db, file);
    return db;
  } catch (error) {
    db.close();
    throw translateSqliteError(error, file);
  }
}

/** Turns "file is not a database" and corruption into a StorageError naming the file. */
export function translateSqliteError(error: unknown, file: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))) {
    return new StorageError('not-a-database', `${file} 不是 nianbao 数据库或已损坏（${code}），请从备份恢复`, {
      cause: error,
    });
  }
  return error;
}

/**
 * better-sqlite3 returns each blob as a fresh Buffer; callers get a plain Uint8Array over the
 * same memory (no copy), which is what Yjs and structured cloning expect.
 */
export function plainBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
