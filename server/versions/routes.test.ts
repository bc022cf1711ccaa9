/**
 * The versions REST API over a real server with accounts (real members with tokens, real
 * websocket peers editing the report): the publication gate's 409, a publication with
 * acknowledged warnings, drafts without the gate, who may do what, reading versions back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { VersionDetail, VersionSummary } from '../../schema/api.ts';
import type { Diagnostic } from '../../schema/diagnostics.ts';
import { partKeys } from '../../schema/format.ts';
import { warningKey } from '../../schema/publication-gate.ts';
import { replaceInPart } from '../../schema/test-support/text-edits.ts';
import { cellsMap, partFragment, readReportData } from '../../schema/ydoc.ts';
import { TestBed } from '../test-support/test-bed.ts';
import { startVersionsServer } from './test-support/versions-server.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

const contradictedFigure = { find: '共受理依申请公开1件', replacement: '共受理依申请公开3件' };

describe('versions over REST', () => {
  it('refuses a publication while the report has errors: 409 with the blocking diagnostics, nothing stored', async () => {
    const server = await startVersionsServer(bed);
    const owner = await server.peer('owner');
    const viewer = await server.peer('viewer');
    await server.edit(owner, viewer, (doc) => cellsMap(doc, 'requests').set('received.natural', '99'), (data) => data.tables.requests['received.natural'] === '99');

    const refused = await server.call('owner', 'POST', '/versions', { kind: 'published', overrideReason: '领导已同意' });
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: { code: string; message: string }; blocking: { errors: Diagnostic[]; warnings: Diagnostic[]; unsignedParts: string[] }; diagnostics: Diagnostic[] };
    expect(body.error).toEqual({ code: 'publication-blocked', message: '不能发布：有 2 个错误需要先改正' });
    expect(body.blocking.errors.map((d) => d.rule)).toEqual(['T3.balance', 'T3.rowTotal']);
    expect(body.blocking.errors[0].cells).toContain('requests.received.natural');
    expect(body.blocking.warnings).toEqual([]);
    // Overridden, so not blocking; without the override every part would be listed too.
    expect(body.blocking.unsignedParts).toEqual([]);
    expect(body.diagnostics).toEqual(body.blocking.errors);

    const bare = (await (await server.call('owner', 'POST', '/versions', { kind: 'published' })).json()) as typeof body;
    expect(bare.blocking.unsignedParts).toEqual([...partKeys]);
    expect(bare.error.message).toBe('不能发布：有 2 个错误需要先改正；有 6 个部分尚未签批');

    expect(await (await server.call('owner', 'GET', '/versions')).json()).toEqual({ versions: [] });
    expect(await (await server.call('owner', 'GET', '')).json()).toMatchObject({ report: { status: 'draft', latestVersion: null, publishedVersion: null } });
  });

  it('publishes once every warning is acknowledged with a reason and the unsigned parts overridden; the version keeps them', async () => {
    const server = await startVersionsServer(bed);
    const owner = await server.peer('owner');
    const viewer = await server.peer('viewer');
    await server.edit(
      owner,
      viewer,
      (doc) => replaceInPart(doc, 'overview', contradictedFigure.find, contradictedFigure.replacement),
      (data) => data.parts.overview.includes(contradictedFigure.replacement),
    );

    const first = await server.call('owner', 'POST', '/versions', { kind: 'published', name: '2024年度报告（正式发布）' });
    expect(first.status).toBe(409);
    const { blocking } = (await first.json()) as { blocking: { errors: Diagnostic[]; warnings: Diagnostic[]; unsignedParts: string[] } };
    expect(blocking.errors).toEqual([]);
    expect(blocking.warnings.map((d) => d.rule)).toEqual(['text.figures']);
    const warning = blocking.warnings[0];
    const request = {
      kind: 'published',
      name: '2024年度报告（正式发布）',
      acknowledgements: [{ warning: warningKey(warning), reason: '正文所述含上年结转，以表格为准' }],
      overrideReason: '签批功能上线前由所长确认',
    };

    const dryRun = await server.call('owner', 'POST', '/versions', { ...request, dryRun: true });
    expect(dryRun.status).toBe(200);
    expect(await dryRun.json()).toMatchObject({ ready: true, unsignedParts: [...partKeys] });
    expect(await (await server.call('owner', 'GET', '/versions')).json()).toEqual({ versions: [] });

    const published = await server.call('owner', 'POST', '/versions', request);
    expect(published.status).toBe(201);
    expect(published.headers.get('location')).toBe('/api/reports/yuhang-commerce-2024/versions/1');
    const { version } = (await published.json()) as { version: VersionSummary };
    expect(version).toMatchObject({
      number: 1,
      kind: 'published',
      name: '2024年度报告（正式发布）',
      createdBy: { name: 'owner', displayName: 'owner的显示名' },
      counts: { error: 0, warning: 1, info: 0 },
      acknowledgements: [{ warning, reason: '正文所述含上年结转，以表格为准' }],
      override: { parts: [...partKeys], reason: '签批功能上线前由所长确认' },
    });
    expect(version.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await (await server.call('viewer', 'GET', '/versions')).json()).toEqual({ versions: [version] });

    const detail = (await (await server.call('viewer', 'GET', '/versions/1')).json()) as { version: VersionDetail };
    expect(detail.version).toMatchObject(version);
    expect(detail.version.data).toEqual(readReportData(viewer.doc));
    expect(detail.version.diagnostics).toEqual([warning]);

    const state = await server.call('viewer', 'GET', '/versions/1/state');
    expect(state.headers.get('content-type')).toBe('application/octet-stream');
    const frozen = new Y.Doc();
    Y.applyUpdate(frozen, new Uint8Array(await state.arrayBuffer()));
    expect(readReportData(frozen)).toEqual(detail.version.data);

    const listed = (await (await fetch(`${server.url}/api/reports`, { headers: { Authorization: `Bearer ${server.people.viewer.token}` } })).json()) as {
      reports: { status: string; latestVersion: number; publishedVersion: number }[];
    };
    // Published (a version), while the sign-off status is still a draft's: nothing was signed.
    expect(listed.reports[0]).toMatchObject({ status: 'draft', latestVersion: 1, publishedVersion: 1 });
  });

  it('publishes without an override once every part is signed off; an edit after the sign-off makes that part block again', async () => {
    const server = await startVersionsServer(bed);
    const owner = await server.peer('owner');
    const viewer = await server.peer('viewer');
    await server.signOff('owner', owner, viewer, partKeys);

    const signed = await server.call('owner', 'POST', '/versions', { kind: 'published', name: '签批后发布' });
    expect(signed.status).toBe(201);
    expect(((await signed.json()) as { version: VersionSummary }).version).toMatchObject({ number: 1, kind: 'published', override: null, acknowledgements: [] });

    // Part 三 changes after its sign-off (a note under its table): its chain no longer counts,
    // the others' still do.
    await server.edit(
      owner,
      viewer,
      (doc) => {
        const note = new Y.XmlElement('paragraph');
        note.insert(0, [new Y.XmlText('注：含上年结转申请。')]);
        partFragment(doc, 'requests').push([note]);
      },
      (data) => data.notes.requests.after.includes('上年结转'),
    );
    const blocked = await server.call('owner', 'POST', '/versions', { kind: 'published' });
    expect(blocked.status).toBe(409);
    const body = (await blocked.json()) as { error: { message: string }; blocking: { errors: Diagnostic[]; warnings: Diagnostic[]; unsignedParts: string[] } };
    expect(body.blocking).toEqual({ errors: [], warnings: [], unsignedParts: ['requests'] });
    expect(body.error.message).toBe('不能发布：有 1 个部分尚未签批');
    // The owner may still publish it, saying why.
    const overridden = await server.call('owner', 'POST', '/versions', { kind: 'published', overrideReason: '表三改正笔误，科室已口头确认' });
    expect(overridden.status).toBe(201);
    expect(((await overridden.json()) as { version: VersionSummary }).version.override).toEqual({ parts: ['requests'], reason: '表三改正笔误，科室已口头确认' });
  });

  it('saves a draft at any time without the gate, by owners and editors, numbered after the others', async () => {
    const server = await startVersionsServer(bed);
    const editor = await server.peer('editor');
    const viewer = await server.peer('viewer');
    await server.edit(editor, viewer, (doc) => cellsMap(doc, 'requests').set('received.natural', '99'), (data) => data.tables.requests['received.natural'] === '99');

    const byEditor = await server.call('editor', 'POST', '/versions', { kind: 'draft', name: '提交审核稿（表三修订）' });
    expect(byEditor.status).toBe(201);
    const { version } = (await byEditor.json()) as { version: VersionSummary };
    expect(version).toMatchObject({ number: 1, kind: 'draft', name: '提交审核稿（表三修订）', createdBy: { name: 'editor' }, acknowledgements: [], override: null });
    expect(version.counts.error).toBe(2);

    const byOwner = await server.call('owner', 'POST', '/versions', { kind: 'draft' });
    expect(byOwner.status).toBe(201);
    expect(((await byOwner.json()) as { version: VersionSummary }).version).toMatchObject({ number: 2, name: '提交审核稿' });
    expect(await (await server.call('owner', 'GET', '')).json()).toMatchObject({ report: { status: 'draft', latestVersion: 2, publishedVersion: null } });
  });

  it('lets members read, owners and editors save drafts, and only owners publish; outsiders get nothing', async () => {
    const server = await startVersionsServer(bed);
    await server.call('owner', 'POST', '/versions', { kind: 'draft', name: '一稿' });
    for (const who of ['reviewer', 'viewer'] as const) {
      const refused = await server.call(who, 'POST', '/versions', { kind: 'draft' });
      expect(refused.status, who).toBe(403);
      expect(await refused.json()).toEqual({ error: { code: 'forbidden', message: '只有年报的所有者和编辑可以保存审核稿' } });
      expect((await server.call(who, 'GET', '/versions')).status).toBe(200);
      expect((await server.call(who, 'GET', '/versions/1')).status).toBe(200);
    }
    for (const who of ['editor', 'reviewer', 'viewer'] as const) {
      const refused = await server.call(who, 'POST', '/versions', { kind: 'published', overrideReason: '越权' });
      expect(refused.status, who).toBe(403);
      expect(await refused.json()).toEqual({ error: { code: 'forbidden', message: '只有年报的所有者可以发布版本' } });
    }
    for (const [method, path] of [
      ['GET', '/versions'],
      ['GET', '/versions/1'],
      ['GET', '/versions/1/state'],
      ['GET', '/versions/1/compare/draft'],
      ['POST', '/versions'],
      ['POST', '/versions/1/restore'],
    ]) {
      const res = await server.call('outsider', method, path, method === 'POST' ? { kind: 'draft' } : undefined);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await res.text()).not.toContain('一稿');
    }
    expect(((await (await server.call('owner', 'GET', '/versions')).json()) as { versions: unknown[] }).versions).toHaveLength(1);
  });

  it('on a server without accounts (tests, benches) everyone acts as an owner, recorded as 匿名用户', async () => {
    const server = await bed.server();
    const res = await fetch(`${server.url}/api/reports/yuhang-commerce-2024/versions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'published', overrideReason: '测试' }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { version: VersionSummary }).version).toMatchObject({ kind: 'published', createdBy: { name: 'anonymous', displayName: '匿名用户' } });
  });

  it('refuses malformed requests and unknown numbers, storing nothing', async () => {
    const server = await startVersionsServer(bed);
    const cases: [unknown, string][] = [
      [[], '请求内容应为 JSON 对象'],
      [{ kind: 'final' }, '版本类型'],
      [{ kind: 'draft', name: '' }, '版本名称必填'],
      [{ kind: 'draft', name: '稿'.repeat(101) }, '不超过 100 个字'],
      [{ kind: 'draft', name: '稿\n二' }, '控制字符'],
      [{ kind: 'draft', dryRun: 'yes' }, 'dryRun'],
      [{ kind: 'published', acknowledgements: [{ warning: 'x', reason: ' ' }] }, '理由必填'],
      [{ kind: 'published', overrideReason: 12 }, '理由应为文字'],
    ];
    for (const [body, said] of cases) {
      const res = await server.call('owner', 'POST', '/versions', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(said);
    }
    for (const path of ['/versions/0', '/versions/01', '/versions/-1', '/versions/1.5', '/versions/abc', '/versions/1', '/versions/1/state', '/versions/1/compare/draft', '/versions/draft/compare/1']) {
      expect((await server.call('owner', 'GET', path)).status, path).toBe(404);
    }
    expect((await server.call('owner', 'POST', '/versions/1/restore')).status).toBe(404);
    expect((await server.call('owner', 'PUT', '/versions')).status).toBe(405);
    expect(await (await server.call('owner', 'GET', '/versions')).json()).toEqual({ versions: [] });
  });
});
