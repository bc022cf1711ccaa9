/**
 * `SqliteStorage`: reports in one SQLite file (better-sqlite3, synchronous). Each method runs
 * its statements to completion before returning, so calls apply in the order they are made and
 * a resolved `appendUpdates` is committed — in WAL mode, durable against a process crash.
 *
 * The template written by `createReport` becomes the first snapshot; the log then holds the
 * updates with `seq > snapshot_seq`, numbered without gaps: each append takes the log's last seq
 * (or `snapshot_seq` when compaction emptied it) plus one, and compaction removes a prefix.
 */
import type { Database, Statement } from 'better-sqlite3';
import { databaseFile, openNianbaoDatabase, translateSqliteError } from './database.ts';
import {
  checkCompactionCount,
  closedStorageError,
  reportExistsError,
  unknownReportError,
} from './errors.ts';
import type { AgencyKind } from '../../schema/format.ts';
import type {
  DiagnosticCounts,
  NewReport,
  ReportRecord,
  ReportStorage,
  StoredDocument,
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

interface LogBounds {
  snapshot_seq: number;
  logged: number;
}

const reportColumns =
  'id, agency, kind, year, created_at, updated_at, count_error, count_warning, count_info';

/** Opens `<dataDir>/nianbao.sqlite` (creating the folder and file if needed). */
export function openSqliteStorage(dataDir: string): SqliteStorage {
  return new SqliteStorage(openNianbaoDatabase(dataDir), databaseFile(dataDir));
}

export class SqliteStorage implements ReportStorage {
  private closed = false;
  private readonly statements;
  /** Built once: `db.transaction` wraps its function anew on every call. */
  private readonly appendBatch: (id: string, updates: readonly Uint8Array[]) => void;

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
      selectReports: db.prepare<[], ReportRow>(`SELECT ${reportColumns} FROM reports ORDER BY id`),
      selectReport: db.prepare<[string], ReportRow>(`SELECT ${reportColumns} FROM reports WHERE id = ?`),
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
    } satisfies Record<string, Statement<never[], unknown>>;
    this.appendBatch = db.transaction((id: string, updates: readonly Uint8Array[]) => {
      const last = this.statements.lastSeq.get(id);
      if (!last) throw unknownReportError(id);
      let seq = last.seq;
      for (const update of updates) this.statements.insertUpdateAt.run(id, ++seq, update);
    }).immediate;
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
      return recordOf(row);
    });
  }

  async listReports(): Promise<ReportRecord[]> {
    return this.run(() => this.statements.selectReports.all().map(recordOf));
  }

  async getReport(id: string): Promise<ReportRecord | undefined> {
    return this.run(() => {
      const row = this.statements.selectReport.get(id);
      return row && recordOf(row);
    });
  }

  async loadDocument(id: string): Promise<StoredDocument | undefined> {
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

  /** better-sqlite3 is synchronous: an append is committed when the call returns. */
  readonly appendUpdatesNow = (id: string, updates: readonly Uint8Array[]): void => {
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
    return this.run(() => {
      const bounds = this.statements.selectLogBounds.get(id);
      if (!bounds) throw unknownReportError(id);
      return bounds.logged;
    });
  }

  async compact(id: string, snapshot: Uint8Array, updateCount: number): Promise<void> {
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

  private insertUpdate(id: string, update: Uint8Array): void {
    if (this.statements.insertUpdate.run(update, id).changes === 0) throw unknownReportError(id);
  }


  /** Closing twice is harmless; closing checkpoints the WAL into the main file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
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

function recordOf(row: ReportRow): ReportRecord {
  return {
    id: row.id,
    agency: row.agency,
    kind: row.kind,
    year: row.year,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    counts: { error: row.count_error, warning: row.count_warning, info: row.count_info },
  };
}

/**
 * better-sqlite3 returns each blob as a fresh Buffer; callers get a plain Uint8Array over the
 * same memory (no copy), which is what Yjs and structured cloning expect.
 */
function plainBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
