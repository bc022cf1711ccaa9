/**
 * `GET /api/reports/:id/export.(html|docx|pdf|json|csv)` against a real server with accounts: a
 * viewer may export the draft (as they may read it), a non-member may not and learns nothing;
 * each file has its content type and is named after the report's title; what an editor just typed
 * is in the export; without Chromium the PDF answers 503 saying how to install it, and the
 * other formats still work.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseReportJson } from '../../schema/json.ts';
import { cellsMap, readReportData } from '../../schema/ydoc.ts';
import { addPerson, bearer, browserHeaders, signIn } from '../accounts/test-support/people.ts';
import { sampleReportId } from '../reports.ts';
import { TestBed, waitFor } from '../test-support/test-bed.ts';
import { readDocx, wordTables } from './test-support/docx-read.ts';
import { elements, readHtml, textOf } from './test-support/html-read.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

const title = '余杭区商务局2024年政府信息公开工作年度报告';
const formats = {
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
} as const;

const exportUrl = (url: string, format: string, id = sampleReportId) => `${url}/api/reports/${id}/export.${format}`;

/** The file name a browser saves the answer under: RFC 5987's `filename*`, decoded. */
function savedName(res: Response): string {
  const header = res.headers.get('content-disposition') ?? '';
  expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/u);
  return decodeURIComponent(/filename\*=UTF-8''(.+)$/u.exec(header)![1]!);
}

describe('GET /api/reports/:id/export.*', () => {
  it('gives a viewer the draft in every format, typed and named after the report', async () => {
    const server = await bed.server({ auth: 'accounts' });
    const viewer = await addPerson(server, 'viewer', { reportId: sampleReportId, rights: { role: 'viewer', parts: 'all' } });
    const bodies: Record<string, Uint8Array> = {};
    for (const [format, type] of Object.entries(formats)) {
      const res = await fetch(exportUrl(server.url, format), { headers: bearer(viewer.token) });
      expect(res.status, format).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(savedName(res)).toBe(`${title}.${format}`);
      bodies[format] = new Uint8Array(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length'))).toBe(bodies[format]!.byteLength);
    }
    const html = readHtml(new TextDecoder().decode(bodies.html));
    expect(elements(html.document, 'h1').map(textOf)).toEqual([title]);
    const room = server.rooms.peek(sampleReportId)!;
    expect(parseReportJson(JSON.parse(new TextDecoder().decode(bodies.json)))).toEqual(readReportData(room.doc));
    expect(wordTables(readDocx(bodies.docx!).document)).toHaveLength(3);
    expect(new TextDecoder().decode(bodies.pdf!.slice(0, 5))).toBe('%PDF-');
    expect([...bodies.csv!.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('refuses a non-member (403, nothing of the report) and anyone not signed in (401)', async () => {
    const server = await bed.server({ auth: 'accounts' });
    const outsider = await addPerson(server, 'outsider');
    for (const format of Object.keys(formats)) {
      const res = await fetch(exportUrl(server.url, format), { headers: bearer(outsider.token) });
      expect(res.status, format).toBe(403);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'forbidden', message: '您没有此年报的访问权限' } });
      expect(res.headers.get('content-disposition')).toBeNull();
      // An id that does not exist answers the same.
      expect((await fetch(exportUrl(server.url, format, 'no-such-report'), { headers: bearer(outsider.token) })).status).toBe(403);
      expect((await fetch(exportUrl(server.url, format))).status).toBe(401);
    }
  });

  it('exports what an editor just typed, and the same bytes twice for the same draft', async () => {
    const server = await bed.server({ auth: 'accounts' });
    const editor = await addPerson(server, 'editor', { reportId: sampleReportId, rights: { role: 'editor', parts: ['requests'] } });
    const client = bed.client(server.url, sampleReportId, { params: { token: editor.token } });
    await client.synced;
    cellsMap(client.doc, 'requests').set('received.natural', '8765');
    await waitFor(() => cellsMap(server.rooms.peek(sampleReportId)!.doc, 'requests').get('received.natural') === '8765', 'the cell on the server');

    const session = await signIn(server.url, 'editor');
    const get = async (format: string) => new Uint8Array(await (await fetch(exportUrl(server.url, format), { headers: browserHeaders(server.url, session) })).arrayBuffer());
    const html = await get('html');
    expect(new TextDecoder().decode(html)).toContain('<td>8765</td>');
    expect(Buffer.from(await get('html')).equals(Buffer.from(html))).toBe(true);
    const csv = await get('csv');
    expect(new TextDecoder().decode(csv)).toContain('received,,,一、本年新收政府信息公开申请数量,8765,');
    expect(Buffer.from(await get('csv')).equals(Buffer.from(csv))).toBe(true);
  });

  it('answers 503 for PDF where Chromium is missing, saying how to install it; the other formats still work', async () => {
    const server = await bed.server({ auth: 'accounts', chromiumPath: '/nonexistent/chromium' });
    const viewer = await addPerson(server, 'viewer', { reportId: sampleReportId, rights: { role: 'viewer', parts: 'all' } });
    const res = await fetch(exportUrl(server.url, 'pdf'), { headers: bearer(viewer.token) });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message).toContain('apt-get install chromium');
    for (const format of ['html', 'docx', 'json', 'csv']) {
      expect((await fetch(exportUrl(server.url, format), { headers: bearer(viewer.token) })).status, format).toBe(200);
    }
  });

  it('answers HEAD with the headers alone, 405 to other methods and 404 to a format it does not have', async () => {
    const server = await bed.server({ auth: 'accounts' });
    const viewer = await addPerson(server, 'viewer', { reportId: sampleReportId, rights: { role: 'viewer', parts: 'all' } });
    const head = await fetch(exportUrl(server.url, 'json'), { method: 'HEAD', headers: bearer(viewer.token) });
    expect(head.status).toBe(200);
    expect(savedName(head)).toBe(`${title}.json`);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const post = await fetch(exportUrl(server.url, 'html'), { method: 'POST', headers: bearer(viewer.token) });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET']);
    expect((await fetch(exportUrl(server.url, 'xlsx'), { headers: bearer(viewer.token) })).status).toBe(404);
  });
});
