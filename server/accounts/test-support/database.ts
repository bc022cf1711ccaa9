/**
 * A migrated nianbao database with the accounts tables in a temp folder, and a report row for
 * memberships and audit lines to point at.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { databaseFile } from '../../storage/database.ts';
import { migrateDatabase } from '../../storage/migrations.ts';


export function openTestAccountsDatabase(): { db: Database.Database; dataDir: string; cleanup: () => void } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-accounts-'));
  const file = databaseFile(dataDir);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrateDatabase(db, file);
  return {
    db,
    dataDir,
    cleanup: () => {
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function insertReportRow(db: Database.Database, id: string): void {
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO reports (id, agency, kind, year, created_at, updated_at, count_error, count_warning, count_info)
     VALUES (?, '余杭区商务局', 'department', 2024, ?, ?, 0, 0, 0)`,
  ).run(id, now, now);
}
