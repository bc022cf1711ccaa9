/**
 * `GET /api/reports/:id/versions/:n/export.*` over a real server with accounts: a version
 * exports as it was frozen, whatever the draft became since, byte-identical on every request
 * (HTML, JSON, CSV), in every format, named after the report; outsiders get nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { VersionDetail } from '../../schema/api.ts';
import { parseReportJson } from '../../schema/json.ts';
import { replaceInPart } from '../../schema/test-support/text-edits.ts';
import { cellsMap } from '../../schema/ydoc.ts';
import { readDocx, wordTables } from '../export/test-support/docx-read.ts';
import { TestBed } from '../test-support/test-bed.ts';
import { startVersionsServer } from './test-support/versions-server.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

const title = '余杭区商务局2024年政府信息公开工作年度报告';
const frozenSentence = '本单位2024年未收取信息处理费，无其他需要报告事项。';

describe('exporting a version', () => {
  it('gives the version as frozen, the same bytes every time, in every format, whatever the draft became', async () => {
    const server = await startVersionsServer(bed);
    const owner = await server.peer('owner');
    const viewer = await server.peer('viewer');
    expect((await server.call('owner', 'POST', '/versions', { kind: 'published', overrideReason: '签批上线前由所长确认' })).status).toBe(201);
    await server.edit(
      owner,
      viewer,
      (doc) => {
        replaceInPart(doc, 'other', '未收取信息处理费', '收取信息处理费20元');
        cellsMap(doc, 'proactive').set('licensing.decisions', '9');
      },
      (data) => data.parts.other.includes('20元') && data.tables.proactive['licensing.decisions'] === '9',
    );

    const bodies: Record<string, string> = {};
    for (const format of ['html', 'json', 'csv'] as const) {
      const first = await server.call('viewer', 'GET', `/versions/1/export.${format}`);
      expect(first.status, format).toBe(200);
      const header = first.headers.get('content-disposition') ?? '';
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/u.exec(header)![1]!)).toBe(`${title}.${format}`);
      bodies[format] = await first.text();
      const again = await (await server.call('viewer', 'GET', `/versions/1/export.${format}`)).text();
      expect(again, format).toBe(bodies[format]);
    }
    const { version } = (await (await server.call('viewer', 'GET', '/versions/1')).json()) as { version: VersionDetail };
    expect(parseReportJson(JSON.parse(bodies.json!))).toEqual(version.data);
    expect(bodies.html).toContain(frozenSentence);
    expect(bodies.html).not.toContain('收取信息处理费20元');
    // The draft's export has moved on; the version's has not.
    const draft = await (await server.call('viewer', 'GET', '/export.html')).text();
    expect(draft).toContain('收取信息处理费20元');
    expect(draft).not.toBe(bodies.html);

    const docx = await server.call('viewer', 'GET', '/versions/1/export.docx');
    expect(wordTables(readDocx(new Uint8Array(await docx.arrayBuffer())).document)).toHaveLength(3);
    const pdf = await server.call('viewer', 'GET', '/versions/1/export.pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode(new Uint8Array(await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');

    expect((await server.call('viewer', 'GET', '/versions/2/export.html')).status).toBe(404);
    expect((await server.call('viewer', 'GET', '/versions/1/export.txt')).status).toBe(404);
    const outsider = await server.call('outsider', 'GET', '/versions/1/export.html');
    expect(outsider.status).toBe(403);
    expect(await outsider.text()).not.toContain('余杭');
  });
});
