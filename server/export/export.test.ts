/**
 * One report state exported: the JSON export reads back equal to the report it came from; the
 * same state exported twice (from two documents that applied it) gives the same bytes in HTML,
 * JSON and CSV; files are named after the report's title.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseReportJson } from '../../schema/json.ts';
import { metaMap, readReportData } from '../../schema/ydoc.ts';
import { type ExportFormat, exportFileName, exportSourceOfData, exportSourceOfDoc, exportSourceOfState, renderExport } from './export.ts';
import { contentDisposition } from './respond.ts';
import { exportedSeed } from './test-support/reports.ts';
import { richReportDoc } from './test-support/rich-doc.ts';

const utf8 = new TextDecoder();

describe('the JSON export', () => {
  it('reads back equal to the report file it came from, notes and date included, in a stable key order', async () => {
    const data = exportedSeed();
    const file = await renderExport(exportSourceOfData(data), 'json');
    const text = utf8.decode(file.body);
    expect(parseReportJson(JSON.parse(text))).toEqual(data);
    expect(Object.keys(JSON.parse(text))).toEqual(['formatVersion', 'agency', 'kind', 'year', 'publishedOn', 'preamble', 'parts', 'tables', 'notes']);
    expect(JSON.parse(text).formatVersion).toBe(2021);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('reads back equal to the document it came from', async () => {
    const doc = richReportDoc();
    const file = await renderExport(exportSourceOfDoc(doc), 'json');
    expect(parseReportJson(JSON.parse(utf8.decode(file.body)))).toEqual(readReportData(doc));
  });
});

describe('exports of one state', () => {
  const deterministic: ExportFormat[] = ['html', 'json', 'csv'];

  it.each(deterministic)('are byte-identical in %s, exported twice from two documents holding the state', async (format) => {
    const state = Y.encodeStateAsUpdate(richReportDoc());
    const first = await renderExport(exportSourceOfState(state), format);
    const second = await renderExport(exportSourceOfState(state), format);
    expect(Buffer.from(second.body).equals(Buffer.from(first.body))).toBe(true);
    expect(first.body.byteLength).toBeGreaterThan(1000);
  });

  it('change when the state does, and carry its date, never the clock', async () => {
    const doc = richReportDoc();
    const before = await renderExport(exportSourceOfDoc(doc), 'html');
    metaMap(doc).set('publishedOn', '2025-01-31');
    const after = await renderExport(exportSourceOfDoc(doc), 'html');
    expect(utf8.decode(before.body)).toContain('2025年1月20日');
    expect(utf8.decode(after.body)).toContain('2025年1月31日');
    expect(utf8.decode(after.body)).not.toContain('2025年1月20日');
  });

  it('are named after the report title, with the content type of the format', async () => {
    const source = exportSourceOfData(exportedSeed());
    const expected: Record<ExportFormat, string> = {
      html: 'text/html; charset=utf-8',
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      pdf: 'application/pdf',
      json: 'application/json; charset=utf-8',
      csv: 'text/csv; charset=utf-8',
    };
    for (const format of ['html', 'json', 'csv', 'docx'] as const) {
      const file = await renderExport(source, format);
      expect([file.fileName, file.asciiFileName, file.contentType]).toEqual([`余杭区商务局2024年政府信息公开工作年度报告.${format}`, `annual-report-2024.${format}`, expected[format]]);
    }
    expect(exportFileName('某局/科室:2024"年报"', 'pdf')).toBe('某局_科室_2024_年报_.pdf');
  });
});

describe('contentDisposition', () => {
  it('names the file in UTF-8 (RFC 5987) with an ASCII fallback', () => {
    const header = contentDisposition("余杭区（试点）'报告'*.pdf", 'annual-report-2024.pdf');
    const match = /^attachment; filename="annual-report-2024\.pdf"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+)$/u.exec(header);
    expect(match).not.toBeNull();
    expect(decodeURIComponent(match![1]!)).toBe("余杭区（试点）'报告'*.pdf");
    expect(contentDisposition('x.pdf', 'a"b\\c\u00e9.pdf')).toMatch(/^attachment; filename="a_b_c_\.pdf";/u);
  });
});
