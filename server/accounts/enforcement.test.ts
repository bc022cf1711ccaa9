/**
 * The server holds the line: crafted raw Yjs updates from a viewer, a reviewer and an editor of
 * another part are refused (4403), never applied, stored or relayed; the websocket upgrade needs
 * a session or token and a role; read-only awareness carries no caret (more on awareness:
 * awareness-enforcement.test.ts); the audit trail records who changed what.
 */
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Rights } from '../../schema/permissions.ts';
import { cellsMap, narrativeFragment } from '../../schema/ydoc.ts';
import { sampleReportId } from '../reports.ts';
import { storedDocument } from '../storage/test-support/stored-document.ts';
import { contentOf, TestBed, UpgradeRefused, waitFor, wsUrl } from '../test-support/test-bed.ts';
import { addPerson, bearer, signIn } from './test-support/people.ts';
import { RawSyncClient } from './test-support/raw-sync.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

const firstText = (doc: Y.Doc, part: 'overview' | 'problems') => {
  const paragraph = narrativeFragment(doc, part).get(0) as Y.XmlElement;
  return paragraph.get(0) as Y.XmlText;
};

type Attack = { who: string; rights: Rights; what: string; edit: (doc: Y.Doc) => void; as?: 'update' | 'sync-step2' };

const attacks: Attack[] = [
  { who: 'viewer', rights: { role: 'viewer', parts: 'all' }, what: 'insert in 一', edit: (d) => firstText(d, 'overview').insert(0, '篡改') },
  { who: 'viewer', rights: { role: 'viewer', parts: 'all' }, what: 'a cell of 三, sent as sync step 2', edit: (d) => cellsMap(d, 'requests').set('received.natural', '999'), as: 'sync-step2' },
  { who: 'reviewer', rights: { role: 'reviewer', parts: 'all' }, what: 'bold over 一', edit: (d) => firstText(d, 'overview').format(0, 10, { bold: {} }) },
  { who: 'reviewer', rights: { role: 'reviewer', parts: 'all' }, what: 'delete in 五', edit: (d) => firstText(d, 'problems').delete(0, 8) },
  { who: 'editor of 三', rights: { role: 'editor', parts: ['requests'] }, what: 'insert in 一', edit: (d) => firstText(d, 'overview').insert(3, '篡改') },
  { who: 'editor of 三', rights: { role: 'editor', parts: ['requests'] }, what: 'format in 一', edit: (d) => firstText(d, 'overview').format(0, 6, { italic: {} }) },
  { who: 'editor of 三', rights: { role: 'editor', parts: ['requests'] }, what: 'delete in 一', edit: (d) => firstText(d, 'overview').delete(0, 12) },
  { who: 'editor of 三', rights: { role: 'editor', parts: ['requests'] }, what: 'delete a cell of 二', edit: (d) => cellsMap(d, 'proactive').delete('licensing.decisions') },
];

describe('updates outside the connection\'s rights', () => {
  it.each(attacks)('$who: $what is refused with 4403; stored report and other clients unchanged', async ({ rights, edit, as }) => {
    const server = await bed.server({ auth: 'accounts' });
    const owner = await addPerson(server, 'owner', { reportId: sampleReportId, rights: { role: 'owner', parts: 'all' } });
    const attacker = await addPerson(server, 'attacker', { reportId: sampleReportId, rights });
    const observer = bed.client(server.url, sampleReportId, { params: { token: owner.token } });
    await observer.synced;
    const before = contentOf(observer.doc);

    const raw = await RawSyncClient.connect(bed, server.url, sampleReportId, attacker.token, 424242);
    expect(contentOf(raw.doc)).toBe(before);
    raw.sendEdit(edit, as);
    expect(await raw.socket.closed).toEqual({ code: 4403, reason: 'update refused' });
    expect(server.log.find('update refused by permissions')).toHaveLength(1);

    // The observer keeps working and never saw the refused change.
    const original = cellsMap(observer.doc, 'appeals').get('review.corrected') as string;
    cellsMap(observer.doc, 'appeals').set('review.corrected', '1');
    const room = server.rooms.peek(sampleReportId)!;
    await waitFor(() => cellsMap(room.doc, 'appeals').get('review.corrected') === '1', 'the observer\'s own edit');
    await room.flushed();
    expect(contentOf(room.doc)).toBe(contentOf(observer.doc));
    expect(Y.getState(room.doc.store, 424242)).toBe(0);

    // Reopen the storage: the stored report is the report as it was, plus the observer's edit.
    await server.close();
    const doc = await storedDocument(server.dataDir, sampleReportId);
    expect(contentOf(doc)).toBe(contentOf(observer.doc));
    cellsMap(doc, 'appeals').set('review.corrected', original);
    expect(contentOf(doc)).toBe(before);
  });

  it('lets an editor of 三 write table 三, relays it, and audits who changed which cells', async () => {
    const server = await bed.server({ auth: 'accounts' });
    const owner = await addPerson(server, 'owner', { reportId: sampleReportId, rights: { role: 'owner', parts: 'all' } });
    const clerk = await addPerson(server, 'clerk', { reportId: sampleReportId, rights: { role: 'editor', parts: ['requests'] } });
    const observer = bed.client(server.url, sampleReportId, { params: { token: owner.token } });
    await observer.synced;
    const raw = await RawSyncClient.connect(bed, server.url, sampleReportId, clerk.token, 515151);
    raw.sendEdit((d) => cellsMap(d, 'requests').set('received.natural', '7'));
    await waitFor(() => cellsMap(observer.doc, 'requests').get('received.natural') === '7', 'the clerk\'s edit relayed');
    const audit = (await (await fetch(`${server.url}/api/reports/${sampleReportId}/audit`, { headers: bearer(owner.token) })).json()) as {
      audit: { user: string; part: string; cells: string[] }[];
    };
    expect(audit.audit).toContainEqual(expect.objectContaining({ user: 'clerk', part: 'requests', cells: ['received.natural'] }));
  });

  it('keeps a Yjs client id with its first writer across a server restart', async () => {
    const server = await bed.server({ auth: 'accounts' });
    const rights: Rights = { role: 'editor', parts: 'all' };
    const first = await addPerson(server, 'writer-a', { reportId: sampleReportId, rights });
    const second = await addPerson(server, 'writer-b', { reportId: sampleReportId, rights });
    const writer = await RawSyncClient.connect(bed, server.url, sampleReportId, first.token, 616161);
    writer.sendEdit((d) => firstText(d, 'overview').insert(0, '甲'));
    await waitFor(() => firstText(server.rooms.peek(sampleReportId)!.doc, 'overview').toString().startsWith('甲'), 'the first writer\'s edit');
    await server.close();

    const restarted = await bed.server({ auth: 'accounts', dataDir: server.dataDir });
    const impostor = await RawSyncClient.connect(bed, restarted.url, sampleReportId, second.token, 616161);
    // Yjs takes a new client id when a synced update holds its own; an attacker's client keeps it.
    impostor.doc.clientID = 616161;
    impostor.sendEdit((d) => firstText(d, 'overview').insert(0, '乙'));
    expect(await impostor.socket.closed).toEqual({ code: 4403, reason: 'update refused' });
    expect(restarted.log.find('update refused by permissions')[0]).toMatchObject({ reason: expect.stringContaining('client id 616161') });

    const owner = await RawSyncClient.connect(bed, restarted.url, sampleReportId, first.token, 616161);
    owner.doc.clientID = 616161;
    owner.sendEdit((d) => firstText(d, 'overview').insert(1, '丙'));
    await waitFor(() => firstText(restarted.rooms.peek(sampleReportId)!.doc, 'overview').toString().startsWith('甲丙'), 'the owner\'s edit after the restart');
  });
});

describe('the websocket upgrade', () => {
  async function refusal(url: string, headers: Record<string, string> = {}): Promise<number> {
    try {
      const ws = new WebSocket(url, { headers });
      bed.defer(() => ws.terminate());
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('unexpected-response', (_req, res) => reject(new UpgradeRefused(res.statusCode ?? 0)));
        ws.once('error', reject);
      });
      return 101;
    } catch (err) {
      if (err instanceof UpgradeRefused) return err.status;
      throw err;
    }
  }

  it('answers 401 without a session or token, 403 without a role, and accepts a member\'s token or same-origin session', async () => {
    const server = await bed.server({ auth: 'accounts' });
    const outsider = await addPerson(server, 'outsider');
    await addPerson(server, 'viewer', { reportId: sampleReportId, rights: { role: 'viewer', parts: 'all' } });
    const viewer = await signIn(server.url, 'viewer');
    const path = `${wsUrl(server.url)}/sync/${sampleReportId}`;
    expect(await refusal(path)).toBe(401);
    expect(await refusal(`${path}?token=nbt_forged`)).toBe(401);
    expect(await refusal(`${path}?token=${outsider.token}`)).toBe(403);
    expect(await refusal(path, { Cookie: viewer.cookie, Origin: server.url })).toBe(101);
    expect(await refusal(path, { Cookie: viewer.cookie, Origin: 'http://evil.example' })).toBe(403);
  });
});

// Role changes and removals reaching open connections: live-rights.test.ts.
describe('read-only connections', () => {
  it('relays a viewer\'s awareness as read-only, under the account\'s name: no caret, no cell, flagged', async () => {
    const server = await bed.server({ auth: 'accounts' });
    const owner = await addPerson(server, 'owner', { reportId: sampleReportId, rights: { role: 'owner', parts: 'all' } });
    const viewer = await addPerson(server, 'viewer', { reportId: sampleReportId, rights: { role: 'viewer', parts: 'all' }, displayName: '王查看' });
    const editorSide = bed.client(server.url, sampleReportId, { params: { token: owner.token } });
    const viewerSide = bed.client(server.url, sampleReportId, {
      params: { token: viewer.token },
      awareness: { user: { name: '查看者', color: '#888888' }, place: 'requests', cell: 'requests:received.natural', cursor: { anchor: 1 } },
    });
    await Promise.all([editorSide.synced, viewerSide.synced]);
    const id = viewerSide.doc.clientID;
    await waitFor(() => editorSide.provider.awareness.getStates().has(id), 'the viewer\'s presence');
    expect(editorSide.provider.awareness.getStates().get(id)).toEqual({ user: { name: '王查看', color: '#888888' }, place: 'requests', readOnly: true });
  });
});
