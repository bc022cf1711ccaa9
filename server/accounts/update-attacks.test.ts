/**
 * Crafted updates from signed-in members that the room must hold or refuse (issue 13, defects 1,
 * 3 and 7): structs and deletions that depend on what the server does not have, writes by a
 * viewer, updates past the bounds, and updates Yjs cannot integrate. Each goes through a real
 * websocket to a real server on a SQLite data folder; the stored report, the server's document
 * and the other clients must not change, and the others stay connected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Rights } from '../../schema/permissions.ts';
import { cellsMap, metaMap, narrativeFragment } from '../../schema/ydoc.ts';
import { blockText, captureUpdate, craftUpdate, paragraph, stringItem } from '../permissions/test-support/report-peers.ts';
import { maxHeldUpdates } from '../room/held-updates.ts';
import { sampleReportId } from '../reports.ts';
import { storedDocument } from '../storage/test-support/stored-document.ts';
import { maxClientsPerUpdate } from '../sync/update-check.ts';
import { contentOf, TestBed, waitFor, type LogCapture } from '../test-support/test-bed.ts';
import type { RunningServer } from '../app.ts';
import { addPerson } from './test-support/people.ts';
import { RawSyncClient } from './test-support/raw-sync.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

const owner: Rights = { role: 'owner', parts: 'all' };
const fullEditor: Rights = { role: 'editor', parts: 'all' };
const viewer: Rights = { role: 'viewer', parts: 'all' };

type Server = RunningServer & { log: LogCapture; dataDir: string };

/** A server with accounts, and a member per role asked for, each with a raw sync client. */
async function reportWith(people: Record<string, { rights: Rights; clientID: number }>) {
  const server = await bed.server({ auth: 'accounts' });
  const clients: Record<string, RawSyncClient> = {};
  for (const [name, { rights, clientID }] of Object.entries(people)) {
    const person = await addPerson(server, name, { reportId: sampleReportId, rights });
    clients[name] = await RawSyncClient.connect(bed, server.url, sampleReportId, person.token, clientID);
  }
  const watcher = await addPerson(server, 'watcher', { reportId: sampleReportId, rights: viewer });
  const observer = bed.client(server.url, sampleReportId, { params: { token: watcher.token } });
  await observer.synced;
  const room = server.rooms.peek(sampleReportId)!;
  return { server, clients, observer, room };
}

/** The report as stored: the server is closed and its SQLite file read back. */
async function storedDoc(server: Server): Promise<Y.Doc> {
  await server.close();
  const doc = await storedDocument(server.dataDir, sampleReportId);
  expect(doc.store.pendingStructs).toBeNull();
  expect(doc.store.pendingDs).toBeNull();
  return doc;
}

/** A cell edit by `writer`, seen by the observer: everything relayed before it has arrived. */
async function marker(writer: RawSyncClient, observer: { doc: Y.Doc }, value: string): Promise<void> {
  writer.sendEdit((doc) => cellsMap(doc, 'appeals').set('review.corrected', value));
  await waitFor(() => cellsMap(observer.doc, 'appeals').get('review.corrected') === value, `the marker edit ${value}`);
}

describe('updates that depend on what the server does not have', () => {
  it('an editor\'s item beside the owner\'s future meta item, and deletions of her future clocks, never land in meta', async () => {
    const { server, clients, observer, room } = await reportWith({
      boss: { rights: owner, clientID: 7007 },
      mallory: { rights: fullEditor, clientID: 5005 },
    });
    const { boss, mallory } = clients as { boss: RawSyncClient; mallory: RawSyncClient };
    const setBasics = (doc: Y.Doc) => {
      metaMap(doc).set('agency', '杭州市余杭区商务局');
      metaMap(doc).set('year', 2025);
    };
    // The owner's next edit is predictable: her client id is in awareness, her next clock in the
    // state vector. Mallory writes her own agency after it and deletes the year it sets.
    const predicted = new Y.Doc();
    predicted.clientID = 7007;
    Y.applyUpdate(predicted, Y.encodeStateAsUpdate(boss.doc));
    Y.applyUpdate(mallory.doc, captureUpdate(predicted, () => setBasics(predicted))!);
    const crafted = captureUpdate(mallory.doc, () => {
      metaMap(mallory.doc).set('agency', '伪造的机关');
      metaMap(mallory.doc).delete('year');
    })!;
    expect(Y.decodeUpdate(crafted).ds.clients.has(7007)).toBe(true);
    mallory.sendUpdate(crafted);
    await mallory.roundTrip();
    // Held: not applied, stored or relayed, and the sender is still connected.
    expect(Y.getState(room.doc.store, 5005)).toBe(0);
    expect(room.doc.store.pendingStructs).toBeNull();
    expect(room.doc.store.pendingDs).toBeNull();

    // The owner's edit brings the clocks the held update waits for: judged again, it writes meta.
    boss.sendEdit(setBasics);
    expect(await mallory.socket.closed).toEqual({ code: 4403, reason: 'update refused' });
    await waitFor(() => metaMap(observer.doc).get('year') === 2025, 'the owner\'s year at the observer');

    await marker(boss, observer, '7');
    for (const doc of [room.doc, observer.doc]) {
      expect(metaMap(doc).get('agency')).toBe('杭州市余杭区商务局');
      expect(metaMap(doc).get('year')).toBe(2025);
      expect(doc.store.pendingStructs).toBeNull();
    }
    expect(contentOf(observer.doc)).toBe(contentOf(room.doc));
    await room.flushed();
    const stored = await storedDoc(server);
    expect(metaMap(stored).get('agency')).toBe('杭州市余杭区商务局');
    expect(metaMap(stored).get('year')).toBe(2025);
  });

  it('holds an edit that arrives before the paragraph it types into, and takes both once the paragraph arrives', async () => {
    const { server, clients, observer, room } = await reportWith({ clerk: { rights: { role: 'editor', parts: ['other'] }, clientID: 6006 } });
    const { clerk } = clients as { clerk: RawSyncClient };
    const newParagraph = captureUpdate(clerk.doc, () => narrativeFragment(clerk.doc, 'other').insert(0, [paragraph('离线写的段落')]))!;
    const typing = captureUpdate(clerk.doc, () => blockText(narrativeFragment(clerk.doc, 'other'), 0).insert(0, '接着'))!;
    // Typed right after reconnecting: the typing goes out before the sync step 2 with the paragraph.
    clerk.sendUpdate(typing);
    await clerk.roundTrip();
    expect(narrativeFragment(room.doc, 'other').toString()).not.toContain('离线写的段落');
    clerk.sendUpdate(newParagraph, 'sync-step2');
    await waitFor(() => narrativeFragment(observer.doc, 'other').toString().includes('接着离线写的段落'), 'both edits at the observer');
    expect(narrativeFragment(room.doc, 'other').toString()).toBe(narrativeFragment(clerk.doc, 'other').toString());
    await room.flushed();
    expect(narrativeFragment(await storedDoc(server), 'other').toString()).toContain('接着离线写的段落');
  });

  it(`closes a connection holding more than ${maxHeldUpdates} updates it cannot resolve, having stored none`, async () => {
    const { server, clients, observer, room } = await reportWith({ mallory: { rights: fullEditor, clientID: 5005 } });
    const before = contentOf(room.doc);
    for (let i = 0; i <= maxHeldUpdates; i++) {
      // Each a paragraph past a gap in its client's clock: Yjs would keep it pending.
      const clock = 1000 + i;
      const item = new Y.Item(Y.createID(5005, clock), null, null, null, null, 'text.other' as unknown as Y.ID, null, new Y.ContentType(new Y.XmlElement('paragraph')));
      clients.mallory!.sendUpdate(craftUpdate([{ client: 5005, clock, structs: [item] }]));
    }
    expect(await clients.mallory!.socket.closed).toEqual({ code: 4400, reason: 'unresolvable updates' });
    expect(observer.provider.wsconnected).toBe(true);
    expect(Y.getState(room.doc.store, 5005)).toBe(0);
    expect(contentOf(room.doc)).toBe(before);
    expect(Y.getState((await storedDoc(server)).store, 5005)).toBe(0);
  });
});

describe('a viewer may not write, not even structs without content', () => {
  it('an update a viewer sends that waits for what the server lacks is refused at once, not held', async () => {
    const { server, clients, observer, room } = await reportWith({ peeker: { rights: viewer, clientID: 8008 } });
    const item = new Y.Item(Y.createID(8008, 50), null, null, null, null, 'text.other' as unknown as Y.ID, null, new Y.ContentType(new Y.XmlElement('paragraph')));
    clients.peeker!.sendUpdate(craftUpdate([{ client: 8008, clock: 50, structs: [item] }]));
    expect(await clients.peeker!.socket.closed).toEqual({ code: 4403, reason: 'update refused' });
    expect(observer.provider.wsconnected).toBe(true);
    expect(Y.getState(room.doc.store, 8008)).toBe(0);
    expect(Y.getState((await storedDoc(server)).store, 8008)).toBe(0);
  });

  it.each(['update', 'sync-step2'] as const)('a GC-only %s from a viewer is refused and claims no client id', async (as) => {
    const { server, clients, observer, room } = await reportWith({
      boss: { rights: owner, clientID: 7007 },
      peeker: { rights: viewer, clientID: 8008 },
    });
    const before = Y.encodeStateVector(room.doc);
    clients.peeker!.sendUpdate(craftUpdate([{ client: 8008, clock: 0, structs: [new Y.GC(Y.createID(8008, 0), 3)] }]), as);
    expect(await clients.peeker!.socket.closed).toEqual({ code: 4403, reason: 'update refused' });
    await marker(clients.boss!, observer, '3');
    expect(Y.getState(room.doc.store, 8008)).toBe(0);
    expect(Y.getState(observer.doc.store, 8008)).toBe(0);
    expect(Y.encodeStateVector(room.doc)).not.toEqual(before); // the marker only
    const stored = await storedDoc(server);
    expect(Y.getState(stored.store, 8008)).toBe(0);
  });

  // 200 000: the attack review's 1.4 MB frame, refused from its first byte (it took 1.27 s).
  it.each([maxClientsPerUpdate + 1, 200_000])('refuses an update with structs of %i clients from anyone', async (count) => {
    const { server, clients, observer, room } = await reportWith({ boss: { rights: owner, clientID: 7007 } });
    const groups = Array.from({ length: count }, (_, i) => ({ client: 90_000 + i, clock: 0, structs: [new Y.GC(Y.createID(90_000 + i, 0), 1)] }));
    clients.boss!.sendUpdate(craftUpdate(groups));
    expect(await clients.boss!.socket.closed).toMatchObject({ code: 4400 });
    expect(observer.provider.wsconnected).toBe(true);
    expect(Y.getState(room.doc.store, 90_000)).toBe(0);
    expect(Y.getState((await storedDoc(server)).store, 90_000)).toBe(0);
  });
});

describe('an update Yjs cannot integrate is refused before it is stored or relayed', () => {
  const cases = {
    // Left of a cell, by its own next clock: Yjs throws half-way through integrating it.
    'an item whose left neighbour is its own clock': () =>
      craftUpdate([
        { client: 5005, clock: 0, structs: [stringItem(Y.createID(5005, 0), '9', { origin: Y.createID(5005, 0) })] },
      ]),
    // Yjs keeps only the last block of a client listed twice, and that one waits for clock 0.
    'a GC, then the same client again with an item inside the GC\'s clocks': () =>
      craftUpdate([
        { client: 5005, clock: 0, structs: [new Y.GC(Y.createID(5005, 0), 5)] },
        { client: 5005, clock: 2, structs: [stringItem(Y.createID(5005, 2), '9', { parent: 'cells.requests', parentSub: 'received.natural' })] },
      ]),
  };
  it.each(Object.keys(cases))('%s', async (name) => {
    const { server, clients, observer, room } = await reportWith({
      boss: { rights: owner, clientID: 7007 },
      mallory: { rights: fullEditor, clientID: 5005 },
    });
    const before = contentOf(room.doc);
    clients.mallory!.sendUpdate(cases[name as keyof typeof cases]());
    expect(await clients.mallory!.socket.closed).toMatchObject({ code: 4400 });
    await marker(clients.boss!, observer, '5');
    for (const doc of [room.doc, observer.doc]) {
      expect(Y.getState(doc.store, 5005)).toBe(0);
      expect(doc.store.pendingStructs).toBeNull();
    }
    expect(server.log.find('update failed to apply')).toEqual([]);
    const stored = await storedDoc(server);
    expect(Y.getState(stored.store, 5005)).toBe(0);
    cellsMap(stored, 'appeals').set('review.corrected', cellsMap(observer.doc, 'appeals').get('review.corrected') as string);
    expect(contentOf(stored)).toBe(contentOf(observer.doc));
    expect(contentOf(observer.doc)).not.toBe(before);
  });
});
