import * as awarenessProtocol from 'y-protocols/awareness';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cellsMap, narrativeFragment } from '../../schema/ydoc.ts';
import type { AuthorizationSubject, Identity } from '../hooks.ts';
import { blockText, seedPeers, syncedClient, updateOf } from '../permissions/test-support/report-peers.ts';
import { ReportAccess } from './access.ts';
import { AuditRecorder } from './audit.ts';
import { UpdateAuthorizer } from './authorize-updates.ts';
import { SqliteAccountStore } from './sqlite-store.ts';
import type { User } from './store.ts';
import { insertReportRow, openTestAccountsDatabase } from './test-support/database.ts';

const reportId = 'yuhang-commerce-2024';

describe('UpdateAuthorizer', () => {
  let env: ReturnType<typeof openTestAccountsDatabase>;
  let store: SqliteAccountStore;
  let access: ReportAccess;
  let audit: AuditRecorder;
  let authorizer: UpdateAuthorizer;
  let peers: ReturnType<typeof seedPeers>;
  const refusals: string[] = [];

  const clock = () => Date.UTC(2025, 0, 6, 9);
  const newAuthorizer = () => new UpdateAuthorizer({ access, audit, owners: store, clock, onRefusal: (_s, reason) => refusals.push(reason) });

  beforeEach(async () => {
    env = openTestAccountsDatabase();
    insertReportRow(env.db, reportId);
    store = new SqliteAccountStore(env.db);
    access = new ReportAccess(store);
    audit = new AuditRecorder(store, clock, (err) => {
      throw err;
    });
    refusals.length = 0;
    authorizer = newAuthorizer();
    await authorizer.prepare(reportId);
    peers = seedPeers();
  });
  afterEach(async () => {
    await audit.flushed();
    env.cleanup();
  });

  async function member(name: string, rights: Parameters<ReportAccess['setMember']>[2] | null, role: 'admin' | 'staff' = 'staff') {
    const user = await store.createUser({ name, displayName: name, passwordHash: 'scrypt$x', role }, 0);
    if (rights) await access.setMember(reportId, user, rights);
    await access.rightsOf(user, reportId);
    return user;
  }
  const identity = (user: User): Identity => ({ kind: 'user', userId: String(user.id), name: user.name, displayName: user.displayName });
  const subject = (user: User): AuthorizationSubject => ({ identity: identity(user), reportId, doc: peers.server });
  const typeInOverview = (doc: Y.Doc) => updateOf(doc, () => blockText(narrativeFragment(doc, 'overview'), 0).insert(0, '新'));
  const setLicensing = (doc: Y.Doc) => updateOf(doc, () => cellsMap(doc, 'proactive').set('licensing.decisions', '12'));

  it('refuses anonymous connections (4401) and users without a role (4403)', async () => {
    const outsider = await member('outsider', null);
    const update = typeInOverview(peers.client);
    expect(authorizer.authorize({ identity: { kind: 'anonymous' }, reportId, doc: peers.server }, { type: 'update', update })).toMatchObject({
      ok: false,
      rejection: { closeCode: 4401 },
    });
    expect(authorizer.authorize(subject(outsider), { type: 'sync-step1', stateVector: Y.encodeStateVector(peers.client) })).toMatchObject({
      ok: false,
      rejection: { closeCode: 4403 },
    });
  });

  it('lets a viewer sync and query awareness but refuses its content updates in step 2 and update messages', async () => {
    const viewer = await member('viewer', { role: 'viewer', parts: 'all' });
    expect(authorizer.authorize(subject(viewer), { type: 'sync-step1', stateVector: Y.encodeStateVector(peers.client) }).ok).toBe(true);
    expect(authorizer.authorize(subject(viewer), { type: 'query-awareness' }).ok).toBe(true);
    const update = typeInOverview(peers.client);
    for (const type of ['sync-step2', 'update'] as const) {
      expect(authorizer.authorize(subject(viewer), { type, update })).toMatchObject({ ok: false, rejection: { closeCode: 4403 } });
    }
    expect(refusals[0]).toContain('viewer may not change text.overview');
  });

  it('applies a role change to the next message at once', async () => {
    const clerk = await member('clerk', { role: 'editor', parts: ['proactive'] });
    expect(authorizer.authorize(subject(clerk), { type: 'update', update: setLicensing(syncedClient(peers.server, 501)) }).ok).toBe(true);
    await access.setMember(reportId, clerk, { role: 'viewer', parts: 'all' });
    expect(authorizer.authorize(subject(clerk), { type: 'update', update: setLicensing(syncedClient(peers.server, 502)) }).ok).toBe(false);
    await access.setMember(reportId, clerk, { role: 'editor', parts: ['proactive'] });
    await access.removeMember(reportId, clerk);
    expect(authorizer.authorize(subject(clerk), { type: 'query-awareness' })).toMatchObject({ ok: false, rejection: { closeCode: 4403 } });
  });

  /** Two editors; the first types under Yjs client id `clientID` (accepted, applied). Returns that client. */
  async function firstWriterOf(clientID: number) {
    const a = await member('editor-a', { role: 'editor', parts: 'all' });
    const b = await member('editor-b', { role: 'editor', parts: 'all' });
    const client = syncedClient(peers.server, clientID);
    const first = typeInOverview(client);
    expect(authorizer.authorize(subject(a), { type: 'update', update: first }).ok).toBe(true);
    Y.applyUpdate(peers.server, first);
    return { a, b, client };
  }

  it('binds a Yjs client id to the first user writing under it', async () => {
    const { a, b, client } = await firstWriterOf(777);
    const second = typeInOverview(client);
    expect(authorizer.authorize(subject(b), { type: 'update', update: second }).ok).toBe(false);
    expect(refusals.at(-1)).toContain('client id 777');
    // The owner of the id, reconnecting, may go on writing under it.
    expect(authorizer.authorize(subject(a), { type: 'sync-step2', update: second }).ok).toBe(true);
  });

  it('keeps client-id owners across a restart: stored when bound, loaded by prepare', async () => {
    const { a, b, client } = await firstWriterOf(778);
    expect(await store.clientOwners(reportId)).toEqual(new Map([[778, a.id]]));

    const restarted = newAuthorizer();
    await Promise.all([restarted.prepare(reportId), restarted.prepare(reportId)]);
    const second = typeInOverview(client);
    expect(restarted.authorize(subject(b), { type: 'update', update: second })).toMatchObject({ ok: false, rejection: { closeCode: 4403 } });
    expect(refusals.at(-1)).toContain('client id 778');
    expect(restarted.authorize(subject(a), { type: 'update', update: second }).ok).toBe(true);
  });

  it('closes for a retry (1011, not a refusal) on content updates for a report whose owners are not loaded', async () => {
    const a = await member('editor-a', { role: 'editor', parts: 'all' });
    const unprepared = newAuthorizer();
    const update = typeInOverview(syncedClient(peers.server, 779));
    expect(unprepared.authorize(subject(a), { type: 'update', update })).toMatchObject({ ok: false, rejection: { closeCode: 1011, reason: 'server not ready' } });
    expect(refusals.at(-1)).toContain('not loaded');
    expect(unprepared.authorize(subject(a), { type: 'sync-step1', stateVector: Y.encodeStateVector(peers.server) }).ok).toBe(true);
    expect(await store.clientOwners(reportId)).toEqual(new Map());
  });

  it('audits accepted updates: user, part, cells, merged per second', async () => {
    const clerk = await member('clerk', { role: 'editor', parts: ['proactive', 'overview'] });
    const client = syncedClient(peers.server, 900);
    const edits = [setLicensing, (doc: Y.Doc) => updateOf(doc, () => cellsMap(doc, 'proactive').set('penalties.decisions', '3')), typeInOverview];
    for (const edit of edits) {
      const update = edit(client);
      expect(authorizer.authorize(subject(clerk), { type: 'update', update }).ok).toBe(true);
      Y.applyUpdate(peers.server, update);
    }
    await audit.flushed();
    const lines = await store.listAudit(reportId, 10);
    expect(lines.map((l) => [l.userName, l.part, l.cells]).sort()).toEqual([
      ['clerk', 'overview', null],
      ['clerk', 'proactive', ['licensing.decisions', 'penalties.decisions']],
    ]);
  });

  it('marks the awareness of a connection that may edit no content readOnly, and leaves an editor\'s as it is', async () => {
    const reviewer = await member('reviewer', { role: 'reviewer', parts: 'all' });
    const viewer = await member('viewer', { role: 'viewer', parts: 'all' });
    const editor = await member('editor', { role: 'editor', parts: ['requests'] });
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: '王审核', color: '#cc0000' }, place: 'overview', cursor: { anchor: 1, head: 2 } });
    const message = { type: 'awareness' as const, update: awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]) };
    expect(authorizer.authorize(subject(reviewer), message)).toEqual({ ok: true, message: { ...message, readOnly: true } });
    expect(authorizer.authorize(subject(viewer), message)).toEqual({ ok: true, message: { ...message, readOnly: true } });
    expect(authorizer.authorize(subject(editor), message)).toEqual({ ok: true });
    awareness.destroy();
  });
});
