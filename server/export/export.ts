/**
 * Exports of one report state, in five formats: what the REST API (`GET …/export.html`, for the
 * draft and for a version) and `nianbao export` call. A state is read once into an
 * `ExportSource` — its `ReportData` (JSON) and its publishable document (HTML, DOCX, PDF, CSV) —
 * synchronously, so that a live room is held only for that read; rendering comes after.
 *
 * Deterministic: the same state gives byte-identical HTML, JSON and CSV (no clock, no random).
 */
import * as Y from 'yjs';
import { publicationOfReportData } from '../../schema/publication/from-report-data.ts';
import { readPublication } from '../../schema/publication/from-ydoc.ts';
import type { Publication } from '../../schema/publication/model.ts';
import type { ReportData } from '../../schema/report.ts';
import { readReportData } from '../../schema/ydoc.ts';
import { renderCsv } from './csv.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { type PdfPrinter, PdfUnavailable } from './pdf.ts';

export const exportFormats = ['html', 'docx', 'pdf', 'json', 'csv'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export function isExportFormat(value: string): value is ExportFormat {
  return (exportFormats as readonly string[]).includes(value);
}

export const contentTypes: Readonly<Record<ExportFormat, string>> = {
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** One report state, read for export. */
export interface ExportSource {
  readonly data: ReportData;
  readonly publication: Publication;
}

export function exportSourceOfDoc(doc: Y.Doc): ExportSource {
  return { data: readReportData(doc), publication: readPublication(doc) };
}

/** A stored state (`Y.encodeStateAsUpdate`, e.g. a frozen version's). */
export function exportSourceOfState(state: Uint8Array): ExportSource {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return exportSourceOfDoc(doc);
}

/** A report file (JSON data or imported text), as the CLI reads it. */
export function exportSourceOfData(data: ReportData): ExportSource {
  return { data, publication: publicationOfReportData(data) };
}

export interface ExportedFile {
  readonly format: ExportFormat;
  readonly contentType: string;
  /** The report's title with the format's extension, for `Content-Disposition` and `-o`. */
  readonly fileName: string;
  /** An ASCII name for clients that cannot read `fileName` (`Content-Disposition`'s `filename`). */
  readonly asciiFileName: string;
  readonly body: Uint8Array;
}

export interface ExportServices {
  /** Needed for PDF only; without it the PDF export is unavailable. */
  readonly pdf?: PdfPrinter;
}

export async function renderExport(source: ExportSource, format: ExportFormat, services: ExportServices = {}): Promise<ExportedFile> {
  const body = await renderBody(source, format, services);
  const { title, year } = source.publication;
  return { format, contentType: contentTypes[format], fileName: exportFileName(title, format), asciiFileName: `annual-report-${year}.${format}`, body };
}

const utf8 = new TextEncoder();

async function renderBody(source: ExportSource, format: ExportFormat, services: ExportServices): Promise<Uint8Array> {
  switch (format) {
    case 'html':
      return utf8.encode(renderHtml(source.publication));
    case 'json':
      return utf8.encode(renderJson(source.data));
    case 'csv':
      return utf8.encode(renderCsv(source.publication));
    case 'docx':
      // The docx package takes ~50 ms to load: paid by the first DOCX export, not by every start.
      return (await import('./docx.ts')).renderDocx(source.publication);
    case 'pdf': {
      if (services.pdf === undefined) throw new PdfUnavailable('此处没有启用 PDF 导出');
      return services.pdf.print(renderHtml(source.publication));
    }
  }
}

/** 「余杭区商务局2024年政府信息公开工作年度报告.docx」; characters no file system takes become 「_」. */
export function exportFileName(title: string, format: ExportFormat): string {
  const safe = title.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/gu, '_').trim() || 'report';
  return `${safe}.${format}`;
}
