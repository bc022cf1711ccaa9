/**
 * A backup of a data folder's reports and accounts, taken while the server runs: one SQLite file
 * holding everything the server had made durable when the backup began, including what was
 * still only in the update journal (a plain copy of `nianbao.sqlite` would miss up to 250 ms of
 * edits, and a copy of a database in WAL mode can be torn).
 *
 * The journal is read first, then the database copied with SQLite's online backup, then the
 * journal's records the copy lacks are written into it. Records the server moves into the
 * database in between are in the copy already; records appended after the journal was read
 * are after the backup's moment. Either way the copy's log is a prefix of the server's, whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openNianbaoDatabase, openNianbaoDatabaseFile } from './database.ts';
import { StorageError } from './errors.ts';
import { SqliteStorage } from './sqlite.ts';
import { journalFileName, readJournal } from './update-journal.ts';

export interface BackupSummary {
  readonly file: string;
  readonly reports: number;
  /** Journal records written into the copy (edits not yet in the database when it was copied). */
  readonly fromJournal: number;
  readonly bytes: number;
}

export async function backupDataFolder(dataDir: string, destination: string): Promise<BackupSummary> {
  if (fs.existsSync(destination)) throw new StorageError('backup-exists', `${destination} 已存在；备份不会覆盖已有文件`);
  const { records } = readJournal(path.join(dataDir, journalFileName));
  const source = openNianbaoDatabase(dataDir);
  try {
    await source.backup(destination);
  } finally {
    source.close();
  }
  const copy = new SqliteStorage(openNianbaoDatabaseFile(destination), destination);
  let reports: number;
  let fromJournal: number;
  try {
    fromJournal = copy.replayRecords(records).replayed;
    reports = (await copy.listReports()).length;
  } finally {
    // Closing checkpoints the copy's WAL: the backup is the one file.
    await copy.close();
  }
  return { file: destination, reports, fromJournal, bytes: fs.statSync(destination).size };
}
