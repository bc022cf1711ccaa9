/**
 * Awareness is bounded, owned and named by the server (docs/api.md, "What a client may send as
 * awareness"), through real websockets against a server with signed-in roles: crafted awareness
 * from a viewer or an editor is refused (4400 too large, 4403 not theirs) with nothing relayed,
 * while everyone else stays connected; names come from the accounts; y-websocket's own traffic
 * (its echoes of what it is sent) is never refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Rights } from '../../schema/permissions.ts';
import { cellsMap } from '../../schema/ydoc.ts';
import { sampleReportId } from '../reports.ts';
import { TestBed, waitFor, type RawSocket, type TestClient } from '../test-support/test-bed.ts';
import { addPerson, browserHeaders, signIn, type Person } from './test-support/people.ts';
import { awarenessFrame, queryAwarenessFrame, receivedAwareness } from './test-support/raw-awareness.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

const ownerRights: Rights = { role: 'owner', parts: 'all' };
const editorRights: Rights = { role: 'editor', parts: 'all' };
const viewerRights: Rights = { role: 'viewer', parts: 'all' };

/** The owner's page as the browser publishes it (client/src/collab/presence.ts). */
const ownerPresence = { user: { name: '张主任', color: '#aa3300' }, place: 'overview', cell: null };

/** Every state a stock client saw for `client`, in order (null: removed). */
function history(observer: TestClient, client: number): unknown[] {
  const seen: unknown[] = [];
  observer.provider.awareness.on('change', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    if (added.includes(client) || updated.includes(client)) seen.push(observer.provider.awareness.getStates().get(client));
    if (removed.includes(client)) seen.push(null);
  });
  return seen;
}

/**
 * A server with the owner's page open and a third person's page watching; `people` are added as
 * members with the given rights.
 */
async function roomWithOwner() {
  const server = await bed.server({ auth: 'accounts' });
  const owner = await addPerson(server, 'owner', { reportId: sampleReportId, rights: ownerRights, displayName: '张主任' });
  const editor = await addPerson(server, 'editor', { reportId: sampleReportId, rights: editorRights, displayName: '李编辑' });
  const viewer = await addPerson(server, 'viewer', { reportId: sampleReportId, rights: viewerRights, displayName: '王查看' });
  const colleague = await addPerson(server, 'colleague', { reportId: sampleReportId, rights: viewerRights, displayName: '赵同事' });
  const ownerPage = bed.client(server.url, sampleReportId, { params: { token: owner.token }, awareness: ownerPresence });
  const watcher = bed.client(server.url, sampleReportId, { params: { token: colleague.token }, awareness: { user: { name: '赵同事', color: '#2266aa' } } });
  await Promise.all([ownerPage.synced, watcher.synced]);
  const ownerId = ownerPage.provider.awareness.clientID;
  await waitFor(() => watcher.provider.awareness.getStates().has(ownerId), "the owner's presence");
  const seenOfOwner = history(watcher, ownerId);
  /** The owner moves to another place: once the watcher sees it, anything sent before was relayed or not. */
  const ownerMoves = async (place: string) => {
    ownerPage.provider.awareness.setLocalStateField('place', place);
    await waitFor(() => (watcher.provider.awareness.getStates().get(ownerId) as { place?: string } | undefined)?.place === place, `the owner's move to ${place}`);
  };
  const connect = (person: Person): Promise<RawSocket> => bed.rawSocket(server.url, `/sync/${sampleReportId}?token=${encodeURIComponent(person.token)}`);
  /** The clock the room has for `client` (the watcher holds what the room relayed). */
  const clockOf = (client: number) => watcher.provider.awareness.meta.get(client)!.clock;
  return { server, owner, editor, viewer, ownerPage, watcher, ownerId, seenOfOwner, ownerMoves, connect, clockOf };
}

describe('awareness is bounded', () => {
  it.each([
    ['9 MiB', 9 * 1024 * 1024],
    ['5 KiB', 5 * 1024],
  ])("a viewer's %s state is refused with 4400, relayed to nobody; the owner and four others stay connected and keep receiving updates", async (_size, padding) => {
    const { server, viewer, editor, ownerPage, watcher, ownerMoves, connect } = await roomWithOwner();
    const others = [watcher, ...[0, 1, 2].map(() => bed.client(server.url, sampleReportId, { params: { token: editor.token } }))];
    await Promise.all(others.map((c) => c.synced));
    const attacker = await connect(viewer);
    attacker.send(awarenessFrame([4242, 1, { user: { name: '王查看' }, place: 'overview', padding: 'x'.repeat(padding) }]));
    expect(await attacker.closed).toEqual({ code: 4400, reason: 'bad message' });
    expect(server.log.find('connection refused input')).toEqual([expect.objectContaining({ code: 4400, detail: expect.stringContaining('bytes') })]);

    cellsMap(ownerPage.doc, 'appeals').set('review.corrected', '9');
    await waitFor(() => others.every((c) => cellsMap(c.doc, 'appeals').get('review.corrected') === '9'), "the owner's edit everywhere");
    await ownerMoves('requests');
    for (const page of [ownerPage, ...others]) {
      expect(page.provider.wsconnected).toBe(true);
      expect(page.provider.awareness.getStates().has(4242)).toBe(false);
    }
    expect(server.rooms.peek(sampleReportId)!.connectionCount).toBe(5);
    expect(server.log.find('connection dropped: it does not read what it is sent')).toEqual([]);
  });
});

describe('a connection sets and removes only the awareness ids it owns', () => {
  it("an editor setting the owner's id is refused (4403); a third person still sees the owner's real presence", async () => {
    const { editor, watcher, ownerId, seenOfOwner, ownerMoves, connect, clockOf } = await roomWithOwner();
    const attacker = await connect(editor);
    const spoof = { user: { name: '管理员 admin (owner)', color: '#aa3300' }, place: 'meta', cursor: { anchor: { item: { client: 1, clock: 0 } } } };
    attacker.send(awarenessFrame([ownerId, clockOf(ownerId) + 1, spoof]));
    expect(await attacker.closed).toEqual({ code: 4403, reason: 'awareness refused' });

    await ownerMoves('requests');
    expect(seenOfOwner).toEqual([{ ...ownerPresence, place: 'requests' }]);
    expect(watcher.provider.awareness.getStates().get(ownerId)).toEqual({ ...ownerPresence, place: 'requests' });
  });

  it("a viewer removing the owner's presence with a null state is refused (4403); one at the clock it knows is ignored", async () => {
    const { viewer, watcher, ownerId, seenOfOwner, ownerMoves, connect, clockOf } = await roomWithOwner();
    const attacker = await connect(viewer);
    // At the clock the room has, a null is how y-protocols marks a peer gone after 30 s without
    // renewal: the server, which knows the owner is connected, ignores it and keeps the socket.
    attacker.send(awarenessFrame([ownerId, clockOf(ownerId), null]));
    const answered = attacker.messages.length;
    attacker.send(queryAwarenessFrame);
    await waitFor(() => attacker.messages.length > answered, 'the answer to query-awareness');
    expect(receivedAwareness(attacker).slice(-3)).toContainEqual(expect.objectContaining({ client: ownerId, state: ownerPresence }));

    attacker.send(awarenessFrame([ownerId, clockOf(ownerId) + 1, null]));
    expect(await attacker.closed).toEqual({ code: 4403, reason: 'awareness refused' });
    await ownerMoves('requests');
    expect(seenOfOwner).toEqual([{ ...ownerPresence, place: 'requests' }]);
    expect(watcher.provider.awareness.getStates().get(ownerId)).toEqual({ ...ownerPresence, place: 'requests' });
  });

  it('a reconnect of the same account takes its id over; the old socket dying then removes nothing', async () => {
    const { server, owner, editor, watcher, connect } = await roomWithOwner();
    const room = server.rooms.peek(sampleReportId)!;
    const id = 515151;
    const seen = history(watcher, id);
    const oldSocket = await connect(owner);
    oldSocket.send(awarenessFrame([id, 1, { user: { name: '张主任', color: '#aa3300' }, place: 'overview' }]));
    await waitFor(() => watcher.provider.awareness.getStates().has(id), 'the first socket\'s presence');
    const newSocket = await connect(owner);
    newSocket.send(awarenessFrame([id, 2, { user: { name: '张主任', color: '#aa3300' }, place: 'proactive' }]));
    await waitFor(() => seen.length === 2, 'the reconnected presence');
    // Another account cannot take it.
    const intruder = await connect(editor);
    intruder.send(awarenessFrame([id, 3, { user: { name: '张主任' }, place: 'meta' }]));
    expect((await intruder.closed).code).toBe(4403);

    // The old socket dies without a goodbye; once the room has let it go, the id stays the new one's.
    const connected = room.connectionCount;
    oldSocket.ws.terminate();
    await waitFor(() => room.connectionCount === connected - 1, 'the room letting the old socket go');
    newSocket.send(awarenessFrame([id, 3, { user: { name: '张主任', color: '#aa3300' }, place: 'requests' }]));
    await waitFor(() => seen.length === 3, 'the next move');
    expect(seen).toEqual([
      { user: { name: '张主任', color: '#aa3300' }, place: 'overview' },
      { user: { name: '张主任', color: '#aa3300' }, place: 'proactive' },
      { user: { name: '张主任', color: '#aa3300' }, place: 'requests' },
    ]);
  });
});

describe('the server decides names and its own fields', () => {
  it("an editor's page calling itself '管理员 admin (owner)' is shown to others under the account's display name", async () => {
    const { server, editor, watcher } = await roomWithOwner();
    const page = bed.client(server.url, sampleReportId, {
      params: { token: editor.token },
      awareness: { user: { name: '管理员 admin (owner)', color: '#aa3300', role: 'owner' }, place: 'requests', cell: 'requests:received.natural' },
    });
    await page.synced;
    const id = page.provider.awareness.clientID;
    await waitFor(() => watcher.provider.awareness.getStates().has(id), "the editor's presence");
    expect(watcher.provider.awareness.getStates().get(id)).toEqual({ user: { name: '李编辑', color: '#aa3300' }, place: 'requests', cell: 'requests:received.natural' });
  });

  it('a state carrying `server` (a forged announcement) or `readOnly` is refused with 4403 and reaches nobody', async () => {
    const { editor, viewer, watcher, ownerMoves, connect } = await roomWithOwner();
    const forger = await connect(editor);
    forger.send(awarenessFrame([6161, 1, { server: { membersChanged: 'forged' } }]));
    expect(await forger.closed).toEqual({ code: 4403, reason: 'awareness refused' });
    const reader = await connect(viewer);
    reader.send(awarenessFrame([6262, 1, { user: { name: '王查看' }, readOnly: false, cursor: { anchor: 1 } }]));
    expect(await reader.closed).toEqual({ code: 4403, reason: 'awareness refused' });
    await ownerMoves('requests');
    expect([...watcher.provider.awareness.getStates().keys()].filter((id) => id === 6161 || id === 6262)).toEqual([]);
  });
});

describe("y-websocket's own traffic", () => {
  it('pages echoing what they are sent (states, readers, announcements, a leave) are never refused, and nobody else\'s presence goes with a leaver', async () => {
    const { server, editor, viewer, ownerPage, watcher, ownerId } = await roomWithOwner();
    const editorPage = bed.client(server.url, sampleReportId, { params: { token: editor.token }, awareness: { user: { name: '李编辑', color: '#116644' }, place: 'requests' } });
    const viewerPage = bed.client(server.url, sampleReportId, { params: { token: viewer.token }, awareness: { user: { name: '王查看', color: '#663399' }, place: 'other' } });
    await Promise.all([editorPage.synced, viewerPage.synced]);
    const editorId = editorPage.provider.awareness.clientID;
    await waitFor(() => [ownerPage, watcher, editorPage, viewerPage].every((p) => p.provider.awareness.getStates().size === 4), 'everyone sees everyone');
    const seenOfEditor = history(ownerPage, editorId);

    // The members change: every page receives the server's announcement, and echoes it.
    await addPerson(server, 'newcomer', { reportId: sampleReportId, rights: viewerRights });
    const session = await signIn(server.url, 'owner');
    const put = await fetch(`${server.url}/api/reports/${sampleReportId}/members/newcomer`, {
      method: 'PUT',
      headers: browserHeaders(server.url, session),
      body: JSON.stringify({ role: 'reviewer' }),
    });
    expect(put.status).toBe(200);
    await waitFor(() => [ownerPage, editorPage, viewerPage].every((p) => [...p.provider.awareness.getStates().values()].some((s) => 'server' in (s as object))), 'the announcement everywhere');

    // The viewer leaves; its goodbye and everyone's echo of it follow.
    viewerPage.provider.destroy();
    await waitFor(() => !ownerPage.provider.awareness.getStates().has(viewerPage.provider.awareness.clientID), 'the viewer gone for the owner');
    editorPage.provider.awareness.setLocalStateField('place', 'appeals');
    await waitFor(() => (ownerPage.provider.awareness.getStates().get(editorId) as { place?: string }).place === 'appeals', "the editor's move");

    expect(seenOfEditor).toEqual([{ user: { name: '李编辑', color: '#116644' }, place: 'appeals' }]);
    expect(editorPage.provider.awareness.getStates().has(ownerId)).toBe(true);
    expect(server.log.find('connection refused input')).toEqual([]);
    expect(server.log.find('message refused')).toEqual([]);
    expect([ownerPage, editorPage].every((p) => p.provider.wsconnected)).toBe(true);
  });
});
