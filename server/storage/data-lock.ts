/**
 * One server per data folder. Two would each keep a report in memory, each compact the log it
 * shares with the other (dropping what only the other had), and each empty the update journal
 * under the other's feet. The lock is SQLite's: a database in exclusive locking mode keeps its
 * file lock from its first write until it closes, and the operating system releases it when the
 * process dies, so a `kill -9` leaves no stale lock behind. CLI commands beside a running server
 * do not take it: they open the database itself, which WAL shares.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StorageError } from './errors.ts';

export const lockFileName = 'nianbao.lock';

export class DataFolderLock {
  private constructor(private readonly db: Database.Database) {}

  /** Takes the folder's lock, or undefined if another process holds it. */
  static tryAcquire(dataDir: string): DataFolderLock | undefined {
    fs.mkdirSync(dataDir, { recursive: true });
    const db = new Database(path.join(dataDir, lockFileName), { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      // Nothing worth a rollback journal is kept here; without one, no second file is left.
      db.pragma('journal_mode = MEMORY');
      db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL) STRICT');
      db.transaction(() => {
        db.exec('DELETE FROM holder');
        db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
      }).exclusive();
      return new DataFolderLock(db);
    } catch (error) {
      db.close();
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return undefined;
      throw error;
    }
  }

  /** Takes the folder's lock or fails with a StorageError saying another server has it. */
  static acquire(dataDir: string): DataFolderLock {
    const lock = DataFolderLock.tryAcquire(dataDir);
    if (!lock) {
      throw new StorageError('locked', `数据目录 ${dataDir} 正由另一个 nianbao 服务使用；同一数据目录只能运行一个服务`);
    }
    return lock;
  }

  release(): void {
    if (this.db.open) this.db.close();
  }
}
