/**
 * Role changes reach open connections at once (docs/api.md, "Permissions on the live
 * connection"): a changed role or part list closes the member's connections with 4100, and the
 * reconnection works under the new rights; a removal closes them with 4403 and the reconnection
 * is refused at the upgrade.
 */
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import { rightsCloseCodes } from '../../schema/permissions.ts';
import { cellsMap } from '../../schema/ydoc.ts';
import { sampleReportId } from '../reports.ts';
import { TestBed, UpgradeRefused, waitFor } from '../test-support/test-bed.ts';
import { addPerson, browserHeaders, signIn } from './test-support/people.ts';
import { RawSyncClient } from './test-support/raw-sync.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

/** A server with an owner signed in like the browser, and `member` (PUT/DELETE as the owner). */
async function serverWithOwner() {
  const server = await bed.server({ auth: 'accounts' });
  await addPerson(server, 'owner', { reportId: sampleReportId, rights: { role: 'owner', parts: 'all' } });
  const session = await signIn(server.url, 'owner');
  const member = (method: 'PUT' | 'DELETE', name: string, body?: unknown) =>
    fetch(`${server.url}/api/reports/${sampleReportId}/members/${name}`, {
      method,
      headers: browserHeaders(server.url, session),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { server, member };
}

describe('role changes reach open connections at once', () => {
  it('an editor demoted to viewer is closed with 4100; the reconnection has viewer rights and a crafted edit is refused with 4403', async () => {
    const { server, member } = await serverWithOwner();
    const clerk = await addPerson(server, 'clerk', { reportId: sampleReportId, rights: { role: 'editor', parts: 'all' } });
    const first = await RawSyncClient.connect(bed, server.url, sampleReportId, clerk.token, 616161);
    first.sendEdit((d) => cellsMap(d, 'proactive').set('penalties.decisions', '5'));
    const room = server.rooms.peek(sampleReportId)!;
    await waitFor(() => cellsMap(room.doc, 'proactive').get('penalties.decisions') === '5', 'the editor\'s edit');

    expect((await member('PUT', 'clerk', { role: 'viewer' })).status).toBe(200);
    expect(await first.socket.closed).toEqual({ code: rightsCloseCodes.rightsChanged, reason: 'rights changed' });
    expect(server.log.find('rights changed: closed the member\'s connections')).toEqual([
      expect.objectContaining({ report: sampleReportId, code: 4100, closed: 1 }),
    ]);

    // The reconnection is accepted (a viewer may read), then judged as a viewer's.
    const again = await RawSyncClient.connect(bed, server.url, sampleReportId, clerk.token, 616162);
    again.sendEdit((d) => cellsMap(d, 'proactive').set('penalties.decisions', '6'));
    expect((await again.socket.closed).code).toBe(rightsCloseCodes.forbidden);
    expect(cellsMap(room.doc, 'proactive').get('penalties.decisions')).toBe('5');
  });

  it('a changed part list closes with 4100 and the reconnection edits the new part, not the old one', async () => {
    const { server, member } = await serverWithOwner();
    const clerk = await addPerson(server, 'clerk', { reportId: sampleReportId, rights: { role: 'editor', parts: ['requests'] } });
    const first = await RawSyncClient.connect(bed, server.url, sampleReportId, clerk.token, 626262);
    expect((await member('PUT', 'clerk', { role: 'editor', parts: ['proactive'] })).status).toBe(200);
    expect((await first.socket.closed).code).toBe(rightsCloseCodes.rightsChanged);

    const room = server.rooms.peek(sampleReportId)!;
    const again = await RawSyncClient.connect(bed, server.url, sampleReportId, clerk.token, 626262);
    again.sendEdit((d) => cellsMap(d, 'proactive').set('licensing.decisions', '12'));
    await waitFor(() => cellsMap(room.doc, 'proactive').get('licensing.decisions') === '12', 'the edit in the newly assigned part');
    again.sendEdit((d) => cellsMap(d, 'requests').set('received.natural', '9'));
    expect((await again.socket.closed).code).toBe(rightsCloseCodes.forbidden);
    expect(cellsMap(room.doc, 'requests').get('received.natural')).not.toBe('9');
  });

  it('closes only that member\'s connections, and a stock y-websocket provider reconnects and syncs by itself', async () => {
    const { server, member } = await serverWithOwner();
    const clerk = await addPerson(server, 'clerk', { reportId: sampleReportId, rights: { role: 'editor', parts: 'all' } });
    const other = await addPerson(server, 'other', { reportId: sampleReportId, rights: { role: 'editor', parts: 'all' } });
    const clerkSide = bed.client(server.url, sampleReportId, { params: { token: clerk.token } });
    const otherSide = await RawSyncClient.connect(bed, server.url, sampleReportId, other.token, 636363);
    await clerkSide.synced;
    const closes: number[] = [];
    clerkSide.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    let reconnected = false;
    clerkSide.provider.on('sync', (synced: boolean) => {
      if (synced && closes.length > 0) reconnected = true;
    });

    expect((await member('PUT', 'clerk', { role: 'reviewer' })).status).toBe(200);
    await waitFor(() => reconnected, 'the provider to reconnect and sync');
    expect(closes).toEqual([rightsCloseCodes.rightsChanged]);
    expect(clerkSide.provider.shouldConnect).toBe(true);
    // The other editor's connection was left alone and still edits.
    otherSide.sendEdit((d) => cellsMap(d, 'appeals').set('review.corrected', '2'));
    await waitFor(() => cellsMap(clerkSide.doc, 'appeals').get('review.corrected') === '2', 'the other editor\'s edit relayed to the reviewer');
  });

  it('does not disconnect anyone when a PUT repeats the member\'s current rights', async () => {
    const { server, member } = await serverWithOwner();
    const clerk = await addPerson(server, 'clerk', { reportId: sampleReportId, rights: { role: 'editor', parts: ['requests'] } });
    const raw = await RawSyncClient.connect(bed, server.url, sampleReportId, clerk.token, 646464);
    let closed: { code: number } | null = null;
    void raw.socket.closed.then((event) => (closed = event));
    expect((await member('PUT', 'clerk', { role: 'editor', parts: ['requests'] })).status).toBe(200);
    // A rights change closes the connections before the PUT is answered: a round trip on the
    // socket after the answer comes back only if it is still open.
    await Promise.race([raw.roundTrip(), raw.socket.closed]);
    expect(closed).toBeNull();
    expect(server.log.find('rights changed: closed the member\'s connections')).toEqual([]);
    raw.sendEdit((d) => cellsMap(d, 'requests').set('received.natural', '4'));
    const room = server.rooms.peek(sampleReportId)!;
    await waitFor(() => cellsMap(room.doc, 'requests').get('received.natural') === '4', 'the edit on the unchanged connection');
  });

  it('a removed member is closed with 4403 and the reconnection is refused at the upgrade (403)', async () => {
    const { server, member } = await serverWithOwner();
    const reader = await addPerson(server, 'reader', { reportId: sampleReportId, rights: { role: 'viewer', parts: 'all' } });
    const raw = await RawSyncClient.connect(bed, server.url, sampleReportId, reader.token, 717171);
    expect((await member('DELETE', 'reader')).status).toBe(204);
    expect(await raw.socket.closed).toEqual({ code: rightsCloseCodes.forbidden, reason: 'removed from report' });
    const refused = await RawSyncClient.connect(bed, server.url, sampleReportId, reader.token, 717171).then(
      () => 101,
      (err: unknown) => (err instanceof UpgradeRefused ? err.status : Promise.reject(err)),
    );
    expect(refused).toBe(403);
  });

  it("every other connection to the report hears that the members changed, in the server's awareness state", async () => {
    const { server, member } = await serverWithOwner();
    await addPerson(server, 'clerk', { reportId: sampleReportId, rights: { role: 'editor', parts: ['requests'] } });
    const colleague = await addPerson(server, 'colleague', { reportId: sampleReportId, rights: { role: 'viewer', parts: 'all' } });
    const watching = await RawSyncClient.connect(bed, server.url, sampleReportId, colleague.token, 636363);
    const announcements = () =>
      watching.socket.messages.flatMap((message) => {
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
    expect(announcements()).toEqual([]);
    expect((await member('PUT', 'clerk', { role: 'editor', parts: ['proactive'] })).status).toBe(200);
    await waitFor(() => announcements().length === 1, 'the announcement');
    expect((await member('DELETE', 'clerk')).status).toBe(204);
    await waitFor(() => new Set(announcements()).size === 2, 'a second, different announcement');
    expect(watching.socket.ws.readyState).toBe(watching.socket.ws.OPEN);
  });
});
