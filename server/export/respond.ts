/**
 * An export as an HTTP answer: its content type, `Content-Disposition: attachment` naming the
 * file after the report's title — RFC 6266 with RFC 5987's `filename*=UTF-8''…` for the Chinese
 * name and an ASCII `filename` for clients that read only that — and no caching (a draft changes).
 */
import type { ServerResponse } from 'node:http';
import { HttpError } from '../http/respond.ts';
import type { ExportedFile } from './export.ts';
import { PdfUnavailable } from './pdf.ts';

export function sendExport(res: ServerResponse, file: ExportedFile, method: string): void {
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': file.body.byteLength,
    'Content-Disposition': contentDisposition(file.fileName, file.asciiFileName),
    'Cache-Control': 'no-store',
  });
  res.end(method === 'HEAD' ? undefined : file.body);
}

/** `attachment; filename="annual-report-2024.pdf"; filename*=UTF-8''%E4%BD%99…pdf` */
export function contentDisposition(fileName: string, asciiFileName: string): string {
  const ascii = asciiFileName.replace(/[^\x20-\x7e]|["\\]/gu, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(fileName)}`;
}

/** Percent-encodes all but RFC 5987's attr-char (encodeURIComponent leaves `'()*` as they are). */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/gu, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A PDF export without Chromium is the server's missing part, not the request's fault: 503. */
export function exportError(err: unknown): unknown {
  return err instanceof PdfUnavailable ? new HttpError(503, 'unavailable', err.message) : err;
}
