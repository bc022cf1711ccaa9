/**
 * Where reports live. One interface, several implementations (in-memory for tests, SQLite
 * embedded by default, PostgreSQL for a province-wide platform), all held to one contract suite
 * (`test-support/storage-contract.ts`). The sync code only ever talks to this interface.
 *
 * A report's document is an append-only log of Yjs updates on top of an optional snapshot (a
 * merged update). `appendUpdates` is durable when its promise resolves (`appendUpdatesNow` when it
 * returns): the server relays an update to other clients only after that, so a crash never loses
 * what anyone has seen.
 */
import type { SignOffOverride, VersionAuthor, VersionKind, VersionSummary, WarningAcknowledgement } from '../../schema/api.ts';
import type { Diagnostic, DiagnosticCounts } from '../../schema/diagnostics.ts';
import type { AgencyKind } from '../../schema/format.ts';
import type { ReportData } from '../../schema/report.ts';
import type { ReportStatus } from '../../schema/signoffs/steps.ts';

export interface ReportRecord {
  readonly id: string;
  readonly agency: string;
  readonly kind: AgencyKind;
  readonly year: number;
  /** ISO timestamps. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Diagnostic counts as of the last check, kept so that listing needs no document loaded. */
  readonly counts: DiagnosticCounts;
  /** 草稿 / 审核中 / 已审定 from the document's sign-offs, stored with the counts; `draft` when created. */
  readonly status: ReportStatus;
  /** The number of the latest version of either kind; null before the first. */
  readonly latestVersion: number | null;
  /** The number of the latest published version; null before the first publication. */
  readonly publishedVersion: number | null;
}

export type { DiagnosticCounts, ReportStatus };

export interface NewReport {
  readonly id: string;
  readonly agency: string;
  readonly kind: AgencyKind;
  readonly year: number;
  /** The template as one Yjs update, written by the server once (never by clients). */
  readonly initialState: Uint8Array;
  readonly counts: DiagnosticCounts;
}

/** A report's stored document: apply `snapshot` (if any), then `updates` in order. */
export interface StoredDocument {
  readonly snapshot: Uint8Array | null;
  readonly updates: readonly Uint8Array[];
}

/**
 * A frozen version of a report, as the server hands it to storage. Versions are immutable:
 * storage numbers them (1, 2, … per report, both kinds in one sequence) and never changes or
 * deletes one.
 */
export interface NewVersion {
  readonly kind: VersionKind;
  readonly name: string;
  readonly createdBy: VersionAuthor;
  /** SHA-256 (hex) of the content (server/versions/content-hash.ts). */
  readonly contentHash: string;
  /** `Y.encodeStateAsUpdate` of the report's document at that moment. */
  readonly state: Uint8Array;
  readonly data: ReportData;
  /** The diagnostics at that moment (publication stage), in their sorted order. */
  readonly diagnostics: readonly Diagnostic[];
  readonly acknowledgements: readonly WarningAcknowledgement[];
  readonly override: SignOffOverride | null;
}

/** What listing versions returns: everything but the state, the data and the diagnostics (the REST summary, with its report). */
export interface VersionRecord extends VersionSummary {
  readonly reportId: string;
}

export interface StoredVersion extends VersionRecord {
  readonly state: Uint8Array;
  readonly data: ReportData;
  readonly diagnostics: readonly Diagnostic[];
}

export interface ReportStorage {
  /** Creates a report with its template; rejects if the id exists. */
  createReport(report: NewReport): Promise<ReportRecord>;
  listReports(): Promise<ReportRecord[]>;
  getReport(id: string): Promise<ReportRecord | undefined>;
  /** The stored document, or undefined for an unknown report. */
  loadDocument(id: string): Promise<StoredDocument | undefined>;
  /** Appends updates in order, atomically; durable once resolved. */
  appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<void>;
  /**
   * The same append, durable when it returns, from storage that needs no I/O wait for it (an
   * embedded database). The server then relays an update in the very turn it arrived in, without
   * a trip through the event loop; storage behind a network leaves this out and is awaited.
   * Ordered with `appendUpdates` calls made before it.
   */
  readonly appendUpdatesNow?: (id: string, updates: readonly Uint8Array[]) => void;
  /** How many updates are logged after the snapshot; compaction is due past a threshold. */
  pendingUpdateCount(id: string): Promise<number>;
  /**
   * Replaces the snapshot and the first `updateCount` logged updates by `snapshot` (which must
   * contain them all), atomically; updates appended meanwhile are kept.
   */
  compact(id: string, snapshot: Uint8Array, updateCount: number): Promise<void>;
  /** Records the latest diagnostic counts (and touches `updatedAt`). */
  setCounts(id: string, counts: DiagnosticCounts): Promise<void>;
  /**
   * Stores a version under the report's next number (its latest plus one), atomically: two
   * concurrent calls get two numbers. Rejects for an unknown report.
   */
  createVersion(reportId: string, version: NewVersion): Promise<VersionRecord>;
  /** The report's versions, oldest (number 1) first; rejects for an unknown report. */
  listVersions(reportId: string): Promise<VersionRecord[]>;
  /** One version in full, or undefined if the report has no such number (or does not exist). */
  getVersion(reportId: string, number: number): Promise<StoredVersion | undefined>;
  /** Records the report's status as its sign-offs now give it. */
  setStatus(id: string, status: ReportStatus): Promise<void>;
  /** Flushes and releases resources; further calls reject. */
  close(): Promise<void>;
}
