/**
 * Who may take each sign-off step (issue 16, item 4): the owner names members per step over
 * REST, stored in SQLite beside the memberships; every member reads it in the members payload;
 * it takes effect on the next update of open connections, and every page hears that it changed.
 */
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import { signoffKey, signoffsMap } from '../../schema/signoffs/records.ts';
import { signStep } from '../../schema/signoffs/state.ts';
import { sampleReportId } from '../reports.ts';
import { TestBed, waitFor } from '../test-support/test-bed.ts';
import { addPerson, bearer, browserHeaders, signIn, type Person } from './test-support/people.ts';
import { RawSyncClient } from './test-support/raw-sync.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

async function reportWithPeople() {
  const server = await bed.server({ auth: 'accounts' });
  const owner = await addPerson(server, 'owner', { reportId: sampleReportId, rights: { role: 'owner', parts: 'all' } });
  const drafter = await addPerson(server, 'drafter', { reportId: sampleReportId, rights: { role: 'editor', parts: ['requests'] }, displayName: '张三' });
  const head = await addPerson(server, 'head', { reportId: sampleReportId, rights: { role: 'reviewer', parts: 'all' }, displayName: '李四' });
  const reader = await addPerson(server, 'reader', { reportId: sampleReportId, rights: { role: 'viewer', parts: 'all' } });
  await addPerson(server, 'outsider');
  const signers = (body: unknown, as: Person = owner) =>
    fetch(`${server.url}/api/reports/${sampleReportId}/signers`, { method: 'PUT', headers: { ...bearer(as.token), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const members = async (as: Person = reader) =>
    ((await (await fetch(`${server.url}/api/reports/${sampleReportId}/members`, { headers: bearer(as.token) })).json()) as { members: { id: string; name: string; signs: string[] }[] }).members;
  return { server, owner, drafter, head, reader, signers, members };
}

/** The server's announcements that the members changed, as a connection received them. */
function announcementsAt(client: RawSyncClient): string[] {
  return client.socket.messages.flatMap((message) => {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== 1) return [];
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const entries: string[] = [];
    for (let n = decoding.readVarUint(update); n > 0; n--) {
      decoding.readVarUint(update);
      decoding.readVarUint(update);
      const state = JSON.parse(decoding.readVarString(update)) as { server?: { membersChanged?: string } } | null;
      if (state?.server?.membersChanged) entries.push(state.server.membersChanged);
    }
    return entries;
  });
}

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('sign-off designations', () => {
  it('are set by the owner, one member for several steps and several for one, and read by every member', async () => {
    const { server, drafter, head, reader, signers, members } = await reportWithPeople();
    const set = await signers({ drafter: ['drafter', 'HEAD'], head: ['head'], leader: ['head'] });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ signers: { drafter: ['drafter', 'head'], head: ['head'], leader: ['head'] } });
    expect(await members()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: String(drafter.user.id), name: 'drafter', signs: ['drafter'] }),
        expect.objectContaining({ id: String(head.user.id), name: 'head', signs: ['drafter', 'head', 'leader'] }),
        expect.objectContaining({ name: 'reader', signs: [] }),
      ]),
    );
    const read = await fetch(`${server.url}/api/reports/${sampleReportId}/signers`, { headers: bearer(reader.token) });
    expect(await read.json()).toEqual({ signers: { drafter: ['drafter', 'head'], head: ['head'], leader: ['head'] } });
    // A PUT replaces: a step left out has nobody.
    expect(await (await signers({ leader: ['head'] })).json()).toEqual({ signers: { drafter: [], head: [], leader: ['head'] } });
  });

  it('refuses anyone but the owner, and steps, people and shapes it cannot take', async () => {
    const { server, head, signers } = await reportWithPeople();
    expect((await signers({ head: ['head'] }, head)).status).toBe(403);
    const session = await signIn(server.url, 'owner');
    const withoutCsrf = await fetch(`${server.url}/api/reports/${sampleReportId}/signers`, {
      method: 'PUT',
      headers: { ...browserHeaders(server.url, session), 'X-CSRF-Token': 'wrong' },
      body: JSON.stringify({ head: ['head'] }),
    });
    expect(withoutCsrf.status).toBe(403);
    for (const [body, message] of [
      [{ approver: ['head'] }, /未知的签署环节：approver/],
      [{ head: ['outsider'] }, /outsider 不是此年报的成员，不能担任科室负责人/],
      [{ head: ['reader'] }, /reader 是查看者，不能担任科室负责人/],
      [{ head: 'head' }, /科室负责人应为成员用户名的列表/],
      [['head'], /请求内容应为/],
    ] as const) {
      const res = await signers(body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toMatch(message);
    }
  });

  it('take effect on open connections at their next update, and every page hears of the change', async () => {
    const { server, head, reader, signers } = await reportWithPeople();
    const signer = await RawSyncClient.connect(bed, server.url, sampleReportId, head.token, 818181);
    const watching = await RawSyncClient.connect(bed, server.url, sampleReportId, reader.token, 828282);
    expect(announcementsAt(watching)).toEqual([]);
    expect((await signers({ head: ['head'] })).status).toBe(200);
    await waitFor(() => announcementsAt(watching).length === 1, 'the announcement that the members changed');
    signer.sendEdit((doc) => signStep(doc, 'requests', 'head', String(head.user.id)));
    expect(await signer.handled()).toBe('answered');
    await watching.catchUp();
    expect(signoffsMap(watching.doc).has(signoffKey('requests', 'head'))).toBe(true);

    expect((await signers({})).status).toBe(200);
    signer.sendEdit((doc) => signStep(doc, 'requests', 'head', String(head.user.id)));
    expect(await signer.socket.closed).toEqual({ code: 4403, reason: 'update refused' });
  });

  it('go with the membership: a member made a viewer or removed signs nothing any more', async () => {
    const { server, owner, head, signers, members } = await reportWithPeople();
    expect((await signers({ head: ['head'], leader: ['head', 'drafter'] })).status).toBe(200);
    const member = (name: string, method: 'PUT' | 'DELETE', body?: unknown) =>
      fetch(`${server.url}/api/reports/${sampleReportId}/members/${name}`, { method, headers: { ...bearer(owner.token), 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await member('head', 'PUT', { role: 'viewer' })).status).toBe(200);
    expect((await member('head', 'PUT', { role: 'reviewer' })).status).toBe(200);
    expect((await members(owner)).find((m) => m.name === 'head')?.signs).toEqual([]);
    expect((await member('drafter', 'DELETE')).status).toBe(204);
    expect((await member('drafter', 'PUT', { role: 'editor' })).status).toBe(200);
    expect((await members(owner)).find((m) => m.name === 'drafter')?.signs).toEqual([]);

    // The live judge agrees: the reviewer, designated before, may not sign now.
    const signer = await RawSyncClient.connect(bed, server.url, sampleReportId, head.token, 838383);
    signer.sendEdit((doc) => signStep(doc, 'requests', 'head', String(head.user.id)));
    expect(await signer.socket.closed).toEqual({ code: 4403, reason: 'update refused' });
    await waitFor(() => server.log.find('update refused by permissions').length === 1, 'the refusal in the log');
    expect(server.log.find('update refused by permissions')[0]).toMatchObject({ reason: expect.stringMatching(/step head/) });
  });
});
