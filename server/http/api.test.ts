import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cellsMap } from '../../schema/ydoc.ts';
import { sampleReportId } from '../reports.ts';
import { TestBed, waitFor } from '../test-support/test-bed.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

async function json(res: Response): Promise<any> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return res.json();
}

function post(url: string, body: unknown, contentType = 'application/json'): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('REST API', () => {
  it('lists the sample report with its title and diagnostic counts', async () => {
    const server = await bed.server();
    const res = await fetch(`${server.url}/api/reports`);
    expect(res.status).toBe(200);
    const { reports } = await json(res);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      id: sampleReportId,
      agency: '余杭区商务局',
      kind: 'department',
      year: 2024,
      title: '余杭区商务局2024年政府信息公开工作年度报告',
      status: 'draft',
    });
    expect(Object.keys(reports[0].counts).sort()).toEqual(['error', 'info', 'warning']);
    expect(typeof reports[0].createdAt).toBe('string');
  });

  it('creates a report from the template: 201, listed, loadable, empty tables', async () => {
    const server = await bed.server();
    const res = await post(`${server.url}/api/reports`, { agency: '临平区民政局', kind: 'department', year: 2025 });
    expect(res.status).toBe(201);
    const { report } = await json(res);
    expect(report).toMatchObject({ agency: '临平区民政局', kind: 'department', year: 2025, status: 'draft' });
    expect(res.headers.get('location')).toBe(`/api/reports/${report.id}`);
    expect((await json(await fetch(`${server.url}/api/reports`))).reports.map((r: { id: string }) => r.id)).toContain(report.id);
    expect((await json(await fetch(`${server.url}/api/reports/${report.id}`))).report.title).toBe('临平区民政局2025年政府信息公开工作年度报告');
    const data = await json(await fetch(`${server.url}/api/reports/${report.id}/data`));
    expect(data.agency).toBe('临平区民政局');
    expect(Object.values(data.tables.requests as Record<string, string>).every((v) => v === '')).toBe(true);
    const client = bed.client(server.url, report.id);
    await client.synced;
    expect(client.doc.getMap('meta').get('agency')).toBe('临平区民政局');
  });

  it('refuses an agency name with a control, bidi-override or lone-surrogate character, and stores names normalised', async () => {
    const server = await bed.server();
    for (const agency of ['临平区\u0000民政局', '\u202E局政民区平临', '临平区\n民政局', '临平区\uD800民政局', '临平区\u200B民政局']) {
      const res = await post(`${server.url}/api/reports`, { agency, kind: 'department', year: 2025 });
      expect(res.status).toBe(400);
      expect((await json(res)).error).toMatchObject({ code: 'invalid-field', message: expect.stringMatching(/^机关名称（agency）/) });
    }
    expect((await json(await fetch(`${server.url}/api/reports`))).reports).toHaveLength(1);
    const created = await post(`${server.url}/api/reports`, { agency: ' 临平区\u3000\u3000民政局 ', kind: 'department', year: 2025 });
    expect(created.status).toBe(201);
    const { report } = await json(created);
    expect(report.agency).toBe('临平区 民政局');
    const client = bed.client(server.url, report.id);
    await client.synced;
    expect(client.doc.getMap('meta').get('agency')).toBe('临平区 民政局');
  });

  it('serves the current diagnostics of a report, following live edits', async () => {
    const server = await bed.server();
    const first = await json(await fetch(`${server.url}/api/reports/${sampleReportId}/diagnostics`));
    expect(Array.isArray(first.diagnostics)).toBe(true);
    expect(first.counts.error).toBe(first.diagnostics.filter((d: { severity: string }) => d.severity === 'error').length);
    const client = bed.client(server.url, sampleReportId);
    await client.synced;
    cellsMap(client.doc, 'requests').set('received.natural', '不是数字');
    await waitFor(() => server.metrics.updates >= 1, 'applied');
    const after = await json(await fetch(`${server.url}/api/reports/${sampleReportId}/diagnostics`));
    expect(after.diagnostics.some((d: { rule: string; cells: string[] }) => d.rule === 'cell.value' && d.cells.includes('requests.received.natural'))).toBe(true);
    expect(after.counts.error).toBeGreaterThan(first.counts.error);
    const listed = (await json(await fetch(`${server.url}/api/reports`))).reports[0];
    expect(listed.counts).toEqual(after.counts);
  });

  it('exports the JSON data of a report', async () => {
    const server = await bed.server();
    const data = await json(await fetch(`${server.url}/api/reports/${sampleReportId}/data`));
    expect(data.agency).toBe('余杭区商务局');
    expect(data.year).toBe(2024);
    expect(data.tables.requests['received.natural']).not.toBe('');
  });

  it('answers health and Prometheus metrics', async () => {
    const server = await bed.server();
    expect(await json(await fetch(`${server.url}/healthz`))).toMatchObject({ status: 'ok' });
    const client = bed.client(server.url, sampleReportId);
    await client.synced;
    cellsMap(client.doc, 'proactive').set('fees.amount', '1.5');
    await waitFor(() => server.metrics.updates >= 1, 'applied');
    await server.rooms.peek(sampleReportId)!.flushed();
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    for (const name of [
      'nianbao_connections 1',
      'nianbao_open_reports 1',
      'nianbao_updates_total 1',
      'nianbao_received_bytes_total',
      'nianbao_sent_bytes_total',
      'nianbao_storage_append_seconds_bucket',
      'nianbao_validation_seconds_bucket',
    ]) {
      expect(text).toContain(name);
    }
  });

  it.each([
    ['an unknown report', 'GET', `/api/reports/nope`, undefined, 404, 'not-found'],
    ['an unknown report diagnostics', 'GET', `/api/reports/nope/diagnostics`, undefined, 404, 'not-found'],
    ['an unknown API route', 'GET', `/api/nothing`, undefined, 404, 'not-found'],
    ['a wrong method', 'DELETE', `/api/reports`, undefined, 405, 'method-not-allowed'],
    ['invalid JSON', 'POST', `/api/reports`, '{agency', 400, 'invalid-json'],
    ['a missing field', 'POST', `/api/reports`, JSON.stringify({ agency: '某局', kind: 'department' }), 400, 'invalid-field'],
    ['a wrong kind', 'POST', `/api/reports`, JSON.stringify({ agency: '某局', kind: 'x', year: 2024 }), 400, 'invalid-field'],
    ['an oversized body', 'POST', `/api/reports`, JSON.stringify({ agency: 'x'.repeat(70_000), kind: 'department', year: 2024 }), 413, 'payload-too-large'],
  ])('refuses %s with a zh-CN JSON error', async (_what, method, path, body, status, code) => {
    const server = await bed.server();
    const res = await fetch(`${server.url}${path}`, { method, headers: body ? { 'Content-Type': 'application/json' } : {}, body });
    expect(res.status).toBe(status);
    const error = (await json(res)).error;
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/[\u4e00-\u9fff]/u);
    if (status === 405) expect(res.headers.get('allow')).toBe('GET, POST');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const server = await bed.server();
    const res = await post(`${server.url}/api/reports`, 'agency=x', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
    expect((await json(res)).error.code).toBe('unsupported-media-type');
    expect((await json(await fetch(`${server.url}/api/reports`))).reports).toHaveLength(1);
  });

  it('serves the built client with an SPA fallback for report pages, and nothing outside it', async () => {
    const clientDir = await bed.tempDir();
    await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>年报</title>');
    await mkdir(join(clientDir, 'assets'));
    await writeFile(join(clientDir, 'assets', 'app-abc.js'), 'console.log(1)');
    const server = await bed.server({ clientDir });
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('年报');
    const page = await fetch(`${server.url}/reports/${sampleReportId}`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const asset = await fetch(`${server.url}/assets/app-abc.js`);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/..%2f..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('does not create the sample when told not to', async () => {
    const server = await bed.server({ sample: false });
    expect((await json(await fetch(`${server.url}/api/reports`))).reports).toEqual([]);
  });
});
