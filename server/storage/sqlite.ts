/**
 * `SqliteStorage`: reports in one SQLite file (better-sqlite3, synchronous). Each method runs
 * its statements to completion before returning, so calls apply in the order they are made and
 * a resolved `appendUpdates` is committed — in WAL mode, durable against a process crash.
 *
 * The server opens it with the update journal (`journal: true`): appends are then durable once
 * journaled (a copy into the mapped journal file), and reach the database a moment later
 * (sqlite-write-behind.ts). The server holds the data folder's lock meanwhile (data-lock.ts).
 * Whoever opens the folder while no server holds it replays what a crashed server left in the
 * journal.
 *
 * The template written by `createReport` becomes the first snapshot; the log then holds the
 * updates with `seq > snapshot_seq`, numbered without gaps: each append takes the log's last seq
 * (or `snapshot_seq` when compaction emptied it) plus one, and compaction removes a prefix.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import { DataFolderLock } from './data-lock.ts';
import { databaseFile, openNianbaoDatabase, plainBytes, translateSqliteError } from './database.ts';
import { defaultWriteBehind, WriteBehind, type WriteBehindOptions } from './sqlite-write-behind.ts';
import { initialJournalBytes, journalFileName, readJournal, UpdateJournal, type JournalRecord } from './update-journal.ts';
import {
  checkCompactionCount,
  closedStorageError,
  reportExistsError,
  unknownReportError,
} from './errors.ts';
import type { AgencyKind } from '../../schema/format.ts';
import { SqliteVersions, versionNumbersColumns, type VersionNumbersRow } from './sqlite-versions.ts';
import type {
  DiagnosticCounts,
  ReportStatus,
  NewReport,
  NewVersion,
  ReportRecord,
  ReportStorage,
  StoredDocument,
  StoredVersion,
  VersionRecord,
} from './storage.ts';

interface ReportRow {
  id: string;
  agency: string;
  kind: AgencyKind;
  year: number;
  created_at: string;
  updated_at: string;
  count_error: number;
  count_warning: number;
  count_info: number;
}

interface StoredReportRow extends ReportRow {
  status: ReportStatus;
}

/** A report row as read: with its status and its latest version numbers. */
type ListedReportRow = StoredReportRow & VersionNumbersRow;

interface LogBounds {
  snapshot_seq: number;
  logged: number;
}

const reportColumns =
  'id, agency, kind, year, created_at, updated_at, count_error, count_warning, count_info';
/** What a report's row says: its columns as written at creation, and its status (`draft` then). */
const storedReportColumns = `${reportColumns}, status`;
const listedReportColumns = `${storedReportColumns}, ${versionNumbersColumns}`;

export interface SqliteStorageOptions {
  /**
   * Append through the update journal, holding the data folder's lock (the server does; it
   * fails with a `locked` StorageError if another server holds it). Without it, appends commit
   * to the database directly, as CLI commands beside a running server do.
   */
  readonly journal?: boolean;
  readonly writeBehind?: WriteBehindOptions;
}

/**
 * Opens `<dataDir>/nianbao.sqlite` (creating the folder and file if needed). Updates a crashed
 * server left in the journal are written to the database first, unless a server is running.
 */
export function openSqliteStorage(dataDir: string, options: SqliteStorageOptions = {}): SqliteStorage {
  const lock = options.journal ? DataFolderLock.acquire(dataDir) : undefined;
  let db: Database | undefined;
  try {
    db = openNianbaoDatabase(dataDir);
    const storage = new SqliteStorage(db, databaseFile(dataDir));
    const journalFile = path.join(dataDir, journalFileName);
    if (lock) {
      storage.useJournal(journalFile, lock, options.writeBehind ?? defaultWriteBehind);
    } else if (fileHasContent(journalFile)) {
      const passing = DataFolderLock.tryAcquire(dataDir);
      if (passing) {
        try {
          storage.replayJournal(journalFile);
          fs.truncateSync(journalFile, 0);
        } finally {
          passing.release();
        }
      }
    }
    return storage;
  } catch (error) {
    db?.close();
    lock?.release();
    throw error;
  }
}

/** The journal's mapped length for a write-behind: twice its emptying threshold, at least the default. */
function journalBytesFor(options: WriteBehindOptions): number {
  return Math.max(initialJournalBytes, 2 ** Math.ceil(Math.log2(Math.max(1, options.clearAboveBytes) * 2)));
}

function fileHasContent(file: string): boolean {
  try {
    return fs.statSync(file).size > 0;
  } catch {
    return false;
  }
}

export class SqliteStorage implements ReportStorage {
  private closed = false;
  private readonly statements;
  /** With the journal: appends go through it, and the folder's lock is held. */
  private journaled: { writeBehind: WriteBehind; lock: DataFolderLock } | null = null;
  /** Reports known to exist, so that a journaled append needs no query to check its id. */
  private readonly knownReports = new Set<string>();
  private readonly writeRecords: (records: readonly JournalRecord[]) => void;
  /** Built once: `db.transaction` wraps its function anew on every call. */
  private readonly appendBatch: (id: string, updates: readonly Uint8Array[]) => void;
  private readonly versions: SqliteVersions;

  /** Takes ownership of `db`, which must be open and migrated (`openNianbaoDatabase`). */
  constructor(
    private readonly db: Database,
    /** The file, for error messages. */
    private readonly file: string,
  ) {
    this.statements = {
      insertReport: db.prepare<[ReportRow]>(
        `INSERT INTO reports (${reportColumns})
         VALUES (@id, @agency, @kind, @year, @created_at, @updated_at, @count_error, @count_warning, @count_info)`,
      ),
      upsertSnapshot: db.prepare<[string, Uint8Array]>(
        `INSERT INTO report_snapshots (report_id, snapshot) VALUES (?, ?)
         ON CONFLICT (report_id) DO UPDATE SET snapshot = excluded.snapshot`,
      ),
      selectReports: db.prepare<[], ListedReportRow>(`SELECT ${listedReportColumns} FROM reports ORDER BY id`),
      selectReport: db.prepare<[string], ListedReportRow>(`SELECT ${listedReportColumns} FROM reports WHERE id = ?`),
      /** No row means an unknown report. */
      selectLogBounds: db.prepare<[string], LogBounds>(
        `SELECT snapshot_seq, (SELECT count(*) FROM report_updates WHERE report_id = reports.id) AS logged
         FROM reports WHERE id = ?`,
      ),
      selectSnapshot: db.prepare<[string], { snapshot: Buffer }>(
        'SELECT snapshot FROM report_snapshots WHERE report_id = ?',
      ),
      selectUpdates: db.prepare<[string], { update_data: Buffer }>(
        'SELECT update_data FROM report_updates WHERE report_id = ? ORDER BY seq',
      ),
      /** The log's last seq (or `snapshot_seq` when empty); no row means an unknown report. */
      lastSeq: db.prepare<[string], { seq: number }>(
        `SELECT coalesce((SELECT max(seq) FROM report_updates WHERE report_id = reports.id), snapshot_seq) AS seq
         FROM reports WHERE id = ?`,
      ),
      insertUpdateAt: db.prepare<[string, number, Uint8Array]>(
        'INSERT INTO report_updates (report_id, seq, update_data) VALUES (?, ?, ?)',
      ),
      /** Appends one update after the log's last; inserts nothing for an unknown report. */
      insertUpdate: db.prepare<[Uint8Array, string]>(
        `INSERT INTO report_updates (report_id, seq, update_data)
         SELECT id, coalesce((SELECT max(seq) FROM report_updates WHERE report_id = reports.id), snapshot_seq) + 1, ?
         FROM reports WHERE id = ?`,
      ),
      deleteUpdatesThrough: db.prepare<[string, number]>(
        'DELETE FROM report_updates WHERE report_id = ? AND seq <= ?',
      ),
      setSnapshotSeq: db.prepare<[number, string]>('UPDATE reports SET snapshot_seq = ? WHERE id = ?'),
      setCounts: db.prepare<[number, number, number, string, string]>(
        `UPDATE reports SET count_error = ?, count_warning = ?, count_info = ?, updated_at = ? WHERE id = ?`,
      ),
      setStatus: db.prepare<[ReportStatus, string]>('UPDATE reports SET status = ? WHERE id = ?'),
      appliedJournalSeq: db.prepare<[], { applied_seq: number }>('SELECT applied_seq FROM journal_state WHERE id = 1'),
      setAppliedJournalSeq: db.prepare<[number]>('UPDATE journal_state SET applied_seq = ? WHERE id = 1'),
    } satisfies Record<string, Statement<never[], unknown>>;
    this.versions = new SqliteVersions(db);
    this.appendBatch = db.transaction((id: string, updates: readonly Uint8Array[]) => {
      const last = this.statements.lastSeq.get(id);
      if (!last) throw unknownReportError(id);
      let seq = last.seq;
      for (const update of updates) this.statements.insertUpdateAt.run(id, ++seq, update);
    }).immediate;
    this.writeRecords = db.transaction((records: readonly JournalRecord[]) => {
      const lastSeqs = new Map<string, number>();
      for (const { reportId, updates } of records) {
        let seq = lastSeqs.get(reportId) ?? this.statements.lastSeq.get(reportId)?.seq;
        // Reports are never deleted; a record for an unknown id cannot have been journaled.
        if (seq === undefined) continue;
        for (const update of updates) this.statements.insertUpdateAt.run(reportId, ++seq, update);
        lastSeqs.set(reportId, seq);
      }
      this.statements.setAppliedJournalSeq.run(records.at(-1)!.seq);
    }).immediate;
  }

  /** Appends go through the journal at `file` from now on (after replaying what it holds). */
  useJournal(file: string, lock: DataFolderLock, options: WriteBehindOptions): void {
    const lastSeq = this.replayJournal(file);
    // Room for what the write-behind lets pile up before it empties the journal, and then some:
    // growing maps the file anew and writes its zeros on the path an update waits on.
    const journal = new UpdateJournal(file, lastSeq, journalBytesFor(options));
    this.journaled = { writeBehind: new WriteBehind(journal, this.writeRecords, options), lock };
  }

  /**
   * Writes the journal's records that the database lacks (those after its applied seq) to the
   * log. Returns the last seq used, from which the journal continues.
   */
  replayJournal(file: string): number {
    return this.replayRecords(readJournal(file).records).lastSeq;
  }

  /**
   * The same, for records read already (a backup reads the journal before copying the
   * database). Returns the last seq used and how many records were written.
   */
  replayRecords(records: readonly JournalRecord[]): { lastSeq: number; replayed: number } {
    return this.run(() => {
      const applied = this.statements.appliedJournalSeq.get()!.applied_seq;
      const missing = records.filter((record) => record.seq > applied);
      if (missing.length > 0) this.writeRecords(missing);
      return { lastSeq: Math.max(applied, records.at(-1)?.seq ?? 0), replayed: missing.length };
    });
  }

  async createReport(report: NewReport): Promise<ReportRecord> {
    return this.run(() => {
      const now = new Date().toISOString();
      const row: ReportRow = {
        id: report.id,
        agency: report.agency,
        kind: report.kind,
        year: report.year,
        created_at: now,
        updated_at: now,
        count_error: report.counts.error,
        count_warning: report.counts.warning,
        count_info: report.counts.info,
      };
      this.db.transaction(() => {
        try {
          this.statements.insertReport.run(row);
        } catch (error) {
          if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw reportExistsError(report.id);
          throw error;
        }
        this.statements.upsertSnapshot.run(report.id, report.initialState);
      }).immediate();
      this.knownReports.add(report.id);
      return recordOf({ ...row, status: 'draft' });
    });
  }

  async listReports(): Promise<ReportRecord[]> {
    return this.run(() => this.statements.selectReports.all().map(listedRecordOf));
  }

  async getReport(id: string): Promise<ReportRecord | undefined> {
    return this.run(() => {
      const row = this.statements.selectReport.get(id);
      return row && listedRecordOf(row);
    });
  }

  async loadDocument(id: string): Promise<StoredDocument | undefined> {
    this.flushJournaled();
    return this.run(() =>
      // One read transaction: another process's compaction cannot slip between the two reads.
      this.db.transaction((): StoredDocument | undefined => {
        if (!this.statements.selectLogBounds.get(id)) return undefined;
        const snapshot = this.statements.selectSnapshot.get(id)?.snapshot;
        const updates = this.statements.selectUpdates.all(id).map((row) => plainBytes(row.update_data));
        return { snapshot: snapshot ? plainBytes(snapshot) : null, updates };
      })(),
    );
  }

  async appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<void> {
    this.appendUpdatesNow(id, updates);
  }

  /** Durable when the call returns: journaled, or else committed (better-sqlite3 is synchronous). */
  readonly appendUpdatesNow = (id: string, updates: readonly Uint8Array[]): void => {
    if (this.journaled) {
      this.checkKnownReport(id);
      if (updates.length > 0) this.journaled.writeBehind.append(id, updates);
      return;
    }
    this.run(() => {
      if (updates.length === 0) {
        if (!this.statements.selectLogBounds.get(id)) throw unknownReportError(id);
        return;
      }
      // One update (the usual batch) is one autocommitted statement; more share a transaction.
      if (updates.length === 1) return this.insertUpdate(id, updates[0]!);
      this.appendBatch(id, updates);
    });
  };

  async pendingUpdateCount(id: string): Promise<number> {
    this.flushJournaled();
    return this.run(() => {
      const bounds = this.statements.selectLogBounds.get(id);
      if (!bounds) throw unknownReportError(id);
      return bounds.logged;
    });
  }

  async compact(id: string, snapshot: Uint8Array, updateCount: number): Promise<void> {
    this.flushJournaled();
    this.run(() =>
      this.db.transaction(() => {
        const bounds = this.statements.selectLogBounds.get(id);
        if (!bounds) throw unknownReportError(id);
        checkCompactionCount(id, updateCount, bounds.logged);
        const through = bounds.snapshot_seq + updateCount;
        this.statements.upsertSnapshot.run(id, snapshot);
        this.statements.deleteUpdatesThrough.run(id, through);
        this.statements.setSnapshotSeq.run(through, id);
      }).immediate(),
    );
  }

  async setCounts(id: string, counts: DiagnosticCounts): Promise<void> {
    this.run(() => {
      const { changes } = this.statements.setCounts.run(
        counts.error,
        counts.warning,
        counts.info,
        new Date().toISOString(),
        id,
      );
      if (changes === 0) throw unknownReportError(id);
    });
  }
  async setStatus(id: string, status: ReportStatus): Promise<void> {
    this.run(() => {
      if (this.statements.setStatus.run(status, id).changes === 0) throw unknownReportError(id);
    });
  }


  async createVersion(reportId: string, version: NewVersion): Promise<VersionRecord> {
    return this.run(() => this.versions.create(reportId, version));
  }

  async listVersions(reportId: string): Promise<VersionRecord[]> {
    return this.run(() => this.versions.list(reportId));
  }

  async getVersion(reportId: string, number: number): Promise<StoredVersion | undefined> {
    return this.run(() => this.versions.get(reportId, number));
  }

  private insertUpdate(id: string, update: Uint8Array): void {
    if (this.statements.insertUpdate.run(update, id).changes === 0) throw unknownReportError(id);
  }


  /** Closing twice is harmless; closing checkpoints the WAL into the main file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      // Whatever cannot be written now stays in the journal, replayed on the next open.
      this.journaled?.writeBehind.close();
    } finally {
      this.db.close();
      this.journaled?.lock.release();
    }
  }

  /** Writes journaled updates to the database, so that a read of the log sees them. */
  private flushJournaled(): void {
    if (this.journaled) this.run(() => this.journaled!.writeBehind.flush());
  }

  private checkKnownReport(id: string): void {
    if (this.closed) throw closedStorageError();
    if (this.knownReports.has(id)) return;
    if (!this.run(() => this.statements.selectLogBounds.get(id))) throw unknownReportError(id);
    this.knownReports.add(id);
  }

  /** Runs `body` on the open database, naming the file if SQLite finds it damaged. */
  private run<T>(body: () => T): T {
    if (this.closed) throw closedStorageError();
    try {
      return body();
    } catch (error) {
      throw translateSqliteError(error, this.file);
    }
  }
}

function recordOf(row: StoredReportRow, versions: VersionNumbersRow = { latest_version: null, published_version: null }): ReportRecord {
  return {
    id: row.id,
    agency: row.agency,
    kind: row.kind,
    year: row.year,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    counts: { error: row.count_error, warning: row.count_warning, info: row.count_info },
    status: row.status,
    latestVersion: versions.latest_version,
    publishedVersion: versions.published_version,
  };
}

function listedRecordOf(row: ListedReportRow): ReportRecord {
  return recordOf(row, row);
}

