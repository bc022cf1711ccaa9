/**
 * `MemoryStorage`: reports and their update logs in process memory. Used by tests and as the
 * reference implementation of the contract: it does exactly what `ReportStorage` documents and
 * nothing more. Bytes are copied in and out, so that no caller can alter what is stored by
 * reusing a buffer (the SQLite implementation behaves the same way by construction).
 */
import { checkCompactionCount, closedStorageError, reportExistsError, unknownReportError } from './errors.ts';
import { countsOf } from './version-values.ts';
import type {
  DiagnosticCounts,
  NewReport,
  NewVersion,
  ReportRecord,
  ReportStatus,
  ReportStorage,
  StoredDocument,
  StoredVersion,
  VersionRecord,
} from './storage.ts';

interface StoredReport {
  /** Without the version numbers, which are read from `versions`. */
  record: Omit<ReportRecord, 'latestVersion' | 'publishedVersion'>;
  snapshot: Uint8Array | null;
  /** Updates logged after `snapshot`, oldest first. */
  updates: Uint8Array[];
  /** Version n at index n - 1; frozen, and copied on the way in and out. */
  versions: StoredVersion[];
}

export interface MemoryStorageOptions {
  /**
   * Offer `appendUpdatesNow`, as embedded storage does (default). Without it the storage is
   * only ever awaited, as storage behind a network is: tests of that path turn this off.
   */
  readonly appendsNow?: boolean;
}

export class MemoryStorage implements ReportStorage {
  private readonly reports = new Map<string, StoredReport>();
  private closed = false;
  appendUpdatesNow?: (id: string, updates: readonly Uint8Array[]) => void;

  constructor(options: MemoryStorageOptions = {}) {
    if (options.appendsNow !== false) this.appendUpdatesNow = (id, updates) => this.append(id, updates);
  }

  async createReport(report: NewReport): Promise<ReportRecord> {
    this.checkOpen();
    if (this.reports.has(report.id)) throw reportExistsError(report.id);
    const now = new Date().toISOString();
    const stored: StoredReport = {
      record: {
        id: report.id,
        agency: report.agency,
        kind: report.kind,
        year: report.year,
        createdAt: now,
        updatedAt: now,
        counts: copyCounts(report.counts),
        status: 'draft',
      },
      // The template is the report's first snapshot: a merged update, never a logged one.
      snapshot: report.initialState.slice(),
      updates: [],
      versions: [],
    };
    this.reports.set(report.id, stored);
    return recordOf(stored);
  }

  async listReports(): Promise<ReportRecord[]> {
    this.checkOpen();
    return [...this.reports.values()].map(recordOf).sort((a, b) => compareIds(a.id, b.id));
  }

  async getReport(id: string): Promise<ReportRecord | undefined> {
    this.checkOpen();
    const report = this.reports.get(id);
    return report && recordOf(report);
  }

  async loadDocument(id: string): Promise<StoredDocument | undefined> {
    this.checkOpen();
    const report = this.reports.get(id);
    if (!report) return undefined;
    return { snapshot: report.snapshot?.slice() ?? null, updates: report.updates.map((u) => u.slice()) };
  }

  async appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<void> {
    this.append(id, updates);
  }

  private append(id: string, updates: readonly Uint8Array[]): void {
    this.checkOpen();
    const report = this.existing(id);
    if (updates.length === 0) return;
    report.updates.push(...updates.map((u) => u.slice()));
    report.record = { ...report.record, updatedAt: new Date().toISOString() };
  }

  async pendingUpdateCount(id: string): Promise<number> {
    this.checkOpen();
    return this.existing(id).updates.length;
  }

  async compact(id: string, snapshot: Uint8Array, updateCount: number): Promise<void> {
    this.checkOpen();
    const report = this.existing(id);
    checkCompactionCount(id, updateCount, report.updates.length);
    report.snapshot = snapshot.slice();
    report.updates.splice(0, updateCount);
  }

  async setCounts(id: string, counts: DiagnosticCounts): Promise<void> {
    this.checkOpen();
    const report = this.existing(id);
    report.record = { ...report.record, counts: copyCounts(counts), updatedAt: new Date().toISOString() };
  }

  async createVersion(reportId: string, version: NewVersion): Promise<VersionRecord> {
    this.checkOpen();
    const report = this.existing(reportId);
    const stored: StoredVersion = structuredClone({
      reportId,
      number: report.versions.length + 1,
      kind: version.kind,
      name: version.name,
      createdAt: new Date().toISOString(),
      createdBy: version.createdBy,
      contentHash: version.contentHash,
      counts: countsOf(version.diagnostics),
      acknowledgements: version.acknowledgements,
      override: version.override,
      state: version.state.slice(),
      data: version.data,
      diagnostics: version.diagnostics,
    });
    report.versions.push(stored);
    return versionRecordOf(stored);
  }

  async listVersions(reportId: string): Promise<VersionRecord[]> {
    this.checkOpen();
    return this.existing(reportId).versions.map(versionRecordOf);
  }

  async getVersion(reportId: string, number: number): Promise<StoredVersion | undefined> {
    this.checkOpen();
    const version = Number.isSafeInteger(number) && number > 0 ? this.reports.get(reportId)?.versions[number - 1] : undefined;
    return version && structuredClone(version);
  }

  async setStatus(id: string, status: ReportStatus): Promise<void> {
    this.checkOpen();
    const report = this.existing(id);
    report.record = { ...report.record, status };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private existing(id: string): StoredReport {
    const report = this.reports.get(id);
    if (!report) throw unknownReportError(id);
    return report;
  }

  private checkOpen(): void {
    if (this.closed) throw closedStorageError();
  }
}

function recordOf(report: StoredReport): ReportRecord {
  let published: number | null = null;
  for (const version of report.versions) if (version.kind === 'published') published = version.number;
  return { ...report.record, latestVersion: report.versions.at(-1)?.number ?? null, publishedVersion: published };
}

/** A version's metadata, as a copy: callers cannot alter what is stored. */
function versionRecordOf({ state: _state, data: _data, diagnostics: _diagnostics, ...record }: StoredVersion): VersionRecord {
  return structuredClone(record);
}

function copyCounts(counts: DiagnosticCounts): DiagnosticCounts {
  return { error: counts.error, warning: counts.warning, info: counts.info };
}

/** Byte order of the ids, as SQLite's default BINARY collation sorts them: listings agree. */
function compareIds(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
