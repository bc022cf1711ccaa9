/**
 * Creating and describing reports. A new report's content is written here, once, by the server
 * (`createReportDoc`) and stored as the report's first snapshot; clients never seed a template.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as Y from 'yjs';
import type { ReportSummary } from '../schema/api.ts';
import type { Diagnostic } from '../schema/diagnostics.ts';
import { agencyKinds, type AgencyKind } from '../schema/format.ts';
import { importReportText } from '../schema/import/text.ts';
import { agencyNameRule, checkName } from '../schema/names.ts';
import { emptyReport, reportTitle, type ReportData } from '../schema/report.ts';
import { createReportDoc } from '../schema/ydoc.ts';
import type { RoomChecks } from './room/checks.ts';
import type { DiagnosticCounts, ReportRecord, ReportStatus, ReportStorage } from './storage/storage.ts';


export function summarizeReport(record: ReportRecord, live?: { readonly counts?: DiagnosticCounts; readonly status?: ReportStatus }): ReportSummary {
  return {
    id: record.id,
    agency: record.agency,
    kind: record.kind,
    year: record.year,
    title: reportTitle(record),
    status: live?.status ?? record.status,
    latestVersion: record.latestVersion,
    publishedVersion: record.publishedVersion,
    counts: live?.counts ?? record.counts,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export interface NewReportRequest {
  readonly agency: string;
  readonly kind: AgencyKind;
  readonly year: number;
}

/** A field of a creation request that is wrong, with a zh-CN message for the person. */
export class InvalidReportRequest extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidReportRequest';
  }
}

const earliestYear = 2008; // the 条例 took effect in 2008; no report is older.

/** Reads `{agency, kind, year}` from a parsed JSON body; throws InvalidReportRequest. */
export function parseNewReportRequest(body: unknown): NewReportRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidReportRequest('body', '请求内容应为 JSON 对象：{"agency", "kind", "year"}');
  }
  const { agency, kind, year } = body as Record<string, unknown>;
  const agencyName = checkName(agency, { ...agencyNameRule, label: '机关名称（agency）' });
  if (!agencyName.ok) throw new InvalidReportRequest('agency', agencyName.problem);
  if (typeof kind !== 'string' || !(agencyKinds as readonly string[]).includes(kind)) {
    throw new InvalidReportRequest('kind', '机关类型（kind）应为 department（政府部门）或 government（人民政府）');
  }
  const maxYear = new Date().getFullYear() + 1;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < earliestYear || year > maxYear) {
    throw new InvalidReportRequest('year', `年度（year）应为 ${earliestYear} 至 ${maxYear} 之间的整数`);
  }
  return { agency: agencyName.name, kind: kind as AgencyKind, year };
}

/** Random ids: 16 lower-case base-32 characters (80 bits), safe in URLs and file names. */
export function newReportId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let id = '';
  for (const byte of randomBytes(16)) id += alphabet[byte & 31];
  return id;
}

export interface ReportCreation {
  readonly storage: ReportStorage;
  readonly createChecks: (doc: Y.Doc) => RoomChecks;
}

/** Writes `data` as a new report's first snapshot, with its diagnostic counts. */
export async function createStoredReport(
  { storage, createChecks }: ReportCreation,
  id: string,
  data: ReportData,
): Promise<ReportRecord> {
  const doc = createReportDoc(data);
  const checks = createChecks(doc);
  const counts = checks.counts();
  checks.destroy();
  const initialState = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return storage.createReport({ id, agency: data.agency, kind: data.kind, year: data.year, initialState, counts });
}

export function createReportFromTemplate(creation: ReportCreation, request: NewReportRequest): Promise<ReportRecord> {
  return createStoredReport(creation, newReportId(), emptyReport(request));
}

/** The sample a newcomer finds on first start: a real published report (schema/sample/, also every test's seed). */
export const sampleReportId = 'yuhang-commerce-2024';
export const sampleReportFile = new URL('../schema/sample/yuhang-commerce-2024.txt', import.meta.url);

/**
 * On an empty data folder, creates the sample report from the text kept in the project.
 * Returns whether it did; does nothing when any report exists.
 */
export async function createSampleIfEmpty(creation: ReportCreation): Promise<{ created: boolean; diagnostics: Diagnostic[] }> {
  if ((await creation.storage.listReports()).length > 0) return { created: false, diagnostics: [] };
  const imported = importReportText(await readFile(sampleReportFile, 'utf8'));
  await createStoredReport(creation, sampleReportId, imported.data);
  return { created: true, diagnostics: imported.diagnostics };
}
