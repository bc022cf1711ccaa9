/**
 * The versions of `SqliteStorage` (table `report_versions`, migrations.ts): immutable rows,
 * numbered per report inside the inserting statement. Called inside `SqliteStorage.run`, which
 * names the file on corruption and refuses calls once closed.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { VersionKind } from '../../schema/api.ts';
import { plainBytes } from './database.ts';
import { unknownReportError } from './errors.ts';
import type { NewVersion, StoredVersion, VersionRecord } from './storage.ts';
import { countsOf } from './version-values.ts';

/** A report's latest version numbers, as `versionNumbersColumns` select them beside its row. */
export interface VersionNumbersRow {
  latest_version: number | null;
  published_version: number | null;
}

/** Selected with a report's row (served by the versions' primary key, report then number). */
export const versionNumbersColumns = `
  (SELECT max(number) FROM report_versions WHERE report_id = reports.id) AS latest_version,
  (SELECT max(number) FROM report_versions WHERE report_id = reports.id AND kind = 'published') AS published_version`;

interface VersionRow {
  report_id: string;
  number: number;
  kind: VersionKind;
  name: string;
  created_at: string;
  created_by: string;
  created_by_display: string;
  content_hash: string;
  count_error: number;
  count_warning: number;
  count_info: number;
  acknowledgements: string;
  override: string | null;
}

interface FullVersionRow extends VersionRow {
  state: Buffer;
  data: string;
  diagnostics: string;
}

type NewVersionRow = Omit<VersionRow, 'number'> & { state: Uint8Array; data: string; diagnostics: string };

const versionColumns =
  'report_id, number, kind, name, created_at, created_by, created_by_display, content_hash, count_error, count_warning, count_info, acknowledgements, override';

export class SqliteVersions {
  private readonly statements;
  private readonly insert: (reportId: string, version: NewVersion) => VersionRecord;

  constructor(private readonly db: Database) {
    this.statements = {
      reportExists: db.prepare<[string], { id: string }>('SELECT id FROM reports WHERE id = ?'),
      /** Inserts under the report's next number (its latest plus one, or 1). */
      insert: db.prepare<[NewVersionRow], { number: number }>(
        `INSERT INTO report_versions (${versionColumns}, state, data, diagnostics)
         SELECT @report_id, coalesce(max(number), 0) + 1, @kind, @name, @created_at, @created_by, @created_by_display,
                @content_hash, @count_error, @count_warning, @count_info, @acknowledgements, @override, @state, @data, @diagnostics
         FROM report_versions WHERE report_id = @report_id
         RETURNING number`,
      ),
      selectAll: db.prepare<[string], VersionRow>(`SELECT ${versionColumns} FROM report_versions WHERE report_id = ? ORDER BY number`),
      selectOne: db.prepare<[string, number], FullVersionRow>(
        `SELECT ${versionColumns}, state, data, diagnostics FROM report_versions WHERE report_id = ? AND number = ?`,
      ),
    } satisfies Record<string, Statement<never[], unknown>>;
    this.insert = db.transaction((reportId: string, version: NewVersion): VersionRecord => {
      if (!this.statements.reportExists.get(reportId)) throw unknownReportError(reportId);
      const counts = countsOf(version.diagnostics);
      const row: NewVersionRow = {
        report_id: reportId,
        kind: version.kind,
        name: version.name,
        created_at: new Date().toISOString(),
        created_by: version.createdBy.name,
        created_by_display: version.createdBy.displayName,
        content_hash: version.contentHash,
        count_error: counts.error,
        count_warning: counts.warning,
        count_info: counts.info,
        acknowledgements: JSON.stringify(version.acknowledgements),
        override: version.override === null ? null : JSON.stringify(version.override),
        state: version.state,
        data: JSON.stringify(version.data),
        diagnostics: JSON.stringify(version.diagnostics),
      };
      const { number } = this.statements.insert.get(row)!;
      return recordOf({ ...row, number });
    }).immediate;
  }

  create(reportId: string, version: NewVersion): VersionRecord {
    return this.insert(reportId, version);
  }

  list(reportId: string): VersionRecord[] {
    return this.db.transaction((): VersionRecord[] => {
      if (!this.statements.reportExists.get(reportId)) throw unknownReportError(reportId);
      return this.statements.selectAll.all(reportId).map(recordOf);
    })();
  }

  get(reportId: string, number: number): StoredVersion | undefined {
    if (!Number.isSafeInteger(number) || number < 1) return undefined;
    const row = this.statements.selectOne.get(reportId, number);
    if (!row) return undefined;
    return {
      ...recordOf(row),
      state: plainBytes(row.state),
      data: JSON.parse(row.data) as StoredVersion['data'],
      diagnostics: JSON.parse(row.diagnostics) as StoredVersion['diagnostics'],
    };
  }
}

function recordOf(row: VersionRow): VersionRecord {
  return {
    reportId: row.report_id,
    number: row.number,
    kind: row.kind,
    name: row.name,
    createdAt: row.created_at,
    createdBy: { name: row.created_by, displayName: row.created_by_display },
    contentHash: row.content_hash,
    counts: { error: row.count_error, warning: row.count_warning, info: row.count_info },
    acknowledgements: JSON.parse(row.acknowledgements) as VersionRecord['acknowledgements'],
    override: row.override === null ? null : (JSON.parse(row.override) as VersionRecord['override']),
  };
}
