/**
 * Crafted updates whose first struct is partly known to the server: it starts at a clock the
 * server has from its client and runs past it. Yjs cuts the known prefix off and links the rest
 * after the client's own item at the last known clock (`Item.integrate` with an offset), while
 * the rest keeps the parent its origin (or its written parent) gives. An encoder only sends that
 * for an item in one place; a crafted one whose known prefix is elsewhere would be judged where
 * its origin is and listed where its prefix is: text in another part, a bare string in a
 * fragment; and a prefix Yjs collected makes the integration throw after the relay. Each goes
 * through a real websocket; the stored report, the server's document and the watching viewer
 * must not change, and the viewer stays connected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Rights } from '../../schema/permissions.ts';
import { cellsMap, narrativeFragment } from '../../schema/ydoc.ts';
import { blockText, craftUpdate, stringItem } from '../permissions/test-support/report-peers.ts';
import { sampleReportId } from '../reports.ts';
import { storedDocument } from '../storage/test-support/stored-document.ts';
import { contentOf, TestBed, waitFor } from '../test-support/test-bed.ts';
import { addPerson } from './test-support/people.ts';
import { RawSyncClient } from './test-support/raw-sync.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

const owner: Rights = { role: 'owner', parts: 'all' };
const viewer: Rights = { role: 'viewer', parts: 'all' };
const malloryClient = 5005;

/** A report with the owner, Mallory (`rights`) and a watching viewer, each connected. */
async function reportWith(rights: Rights) {
  const server = await bed.server({ auth: 'accounts' });
  const boss = await addPerson(server, 'boss', { reportId: sampleReportId, rights: owner });
  const mallory = await addPerson(server, 'mallory', { reportId: sampleReportId, rights });
  const watcher = await addPerson(server, 'watcher', { reportId: sampleReportId, rights: viewer });
  const observer = bed.client(server.url, sampleReportId, { params: { token: watcher.token } });
  await observer.synced;
  return {
    server,
    mallory,
    boss: await RawSyncClient.connect(bed, server.url, sampleReportId, boss.token, 7007),
    malloryClient: await RawSyncClient.connect(bed, server.url, sampleReportId, mallory.token, malloryClient),
    observer,
    room: server.rooms.peek(sampleReportId)!,
  };
}

/** A cell edit by the owner, seen by the observer: everything relayed before it has arrived. */
async function marker(boss: RawSyncClient, observer: { doc: Y.Doc }, value: string): Promise<void> {
  boss.sendEdit((doc) => cellsMap(doc, 'appeals').set('review.corrected', value));
  await waitFor(() => cellsMap(observer.doc, 'appeals').get('review.corrected') === value, `the marker edit ${value}`);
}

/** Two characters by Mallory from `clock` (the first known to the server), typed after the first character of 三 (other). */
function partlyKnownText(doc: Y.Doc, clock: number): Uint8Array {
  const anchor = blockText(narrativeFragment(doc, 'other'), 0)._start!;
  return craftUpdate([{ client: malloryClient, clock, structs: [stringItem(Y.createID(malloryClient, clock), 'xY', { origin: anchor.lastId })] }]);
}

describe('a struct partly known to the server is judged where Yjs links it', () => {
  it('takes a browser\'s sync step 2 that sends again part of what it typed, and the rest goes where it was typed', async () => {
    const { boss, malloryClient: mallory, observer, room } = await reportWith({ role: 'editor', parts: ['other'] });
    const text = (doc: Y.Doc) => blockText(narrativeFragment(doc, 'other'), 0);
    mallory.sendEdit((doc) => text(doc).insert(0, '甲乙'));
    await waitFor(() => text(observer.doc).toString().startsWith('甲乙'), 'the first keystrokes at the observer');
    // Typed on: Yjs merges the four characters into one item, which a step 2 computed against an
    // older state vector sends from clock 0, two of its clocks known to the server.
    text(mallory.doc).insert(2, '丙丁');
    const step2 = Y.encodeStateAsUpdate(mallory.doc);
    const [struct] = Y.decodeUpdate(step2).structs.filter((s) => s.id.client === malloryClient);
    expect([struct!.id.clock, struct!.length]).toEqual([0, 4]);
    mallory.sendUpdate(step2, 'sync-step2');
    expect(await mallory.handled()).toBe('answered');
    await marker(boss, observer, '10');
    for (const doc of [room.doc, observer.doc]) expect(text(doc).toString().startsWith('甲乙丙丁')).toBe(true);
  });

  it('refuses one whose known prefix the server collected, before storing or relaying it', async () => {
    const { server, boss, malloryClient: mallory, observer, room } = await reportWith({ role: 'editor', parts: ['other'] });
    // A GC is content typed and deleted offline: an editor may send one.
    mallory.sendUpdate(craftUpdate([{ client: malloryClient, clock: 0, structs: [new Y.GC(Y.createID(malloryClient, 0), 1)] }]));
    await waitFor(() => Y.getState(observer.doc.store, malloryClient) === 1, 'the GC at the observer');
    const before = contentOf(room.doc);
    // Clock 0 is known (the GC): Yjs would link clock 1 after the GC and throw.
    mallory.sendUpdate(partlyKnownText(mallory.doc, 0));
    expect(await mallory.handled()).toBe('closed');
    expect(await mallory.socket.closed).toEqual({ code: 4403, reason: 'update refused' });
    await marker(boss, observer, '11');
    for (const doc of [room.doc, observer.doc]) expect(Y.getState(doc.store, malloryClient)).toBe(1);
    expect(observer.provider.wsconnected).toBe(true);
    expect(server.log.find('update failed to apply')).toEqual([]);
    expect(contentOf(observer.doc)).toBe(contentOf(room.doc));
    expect(contentOf(room.doc)).not.toBe(before); // the marker only
    await server.close();
    const stored = await storedDocument(server.dataDir, sampleReportId);
    expect(Y.getState(stored.store, malloryClient)).toBe(1);
    expect(contentOf(stored)).toBe(contentOf(room.doc));
  });

  it('refuses one typed in 三 whose known prefix is a paragraph: its text would be a bare child of the fragment', async () => {
    const { server, boss, malloryClient: mallory, observer, room } = await reportWith({ role: 'editor', parts: ['other'] });
    mallory.sendEdit((doc) => narrativeFragment(doc, 'other').insert(1, [new Y.XmlElement('paragraph')]));
    await waitFor(() => narrativeFragment(observer.doc, 'other').length === 2, 'the empty paragraph at the observer');
    const known = Y.getState(room.doc.store, malloryClient);
    mallory.sendUpdate(partlyKnownText(mallory.doc, known - 1));
    expect(await mallory.handled()).toBe('closed');
    expect(await mallory.socket.closed).toEqual({ code: 4403, reason: 'update refused' });
    await marker(boss, observer, '12');
    for (const doc of [room.doc, observer.doc]) {
      expect(Y.getState(doc.store, malloryClient)).toBe(known);
      expect(narrativeFragment(doc, 'other').toArray().every((child) => child instanceof Y.XmlElement)).toBe(true);
    }
    await server.close();
    const stored = await storedDocument(server.dataDir, sampleReportId);
    expect(narrativeFragment(stored, 'other').toArray().every((child) => child instanceof Y.XmlElement)).toBe(true);
  });

  it('refuses one from an editor limited to 三 whose known prefix she typed in 一 before she was limited: 一 stays as it was', async () => {
    const { server, mallory, boss, malloryClient: before, observer, room } = await reportWith({ role: 'editor', parts: 'all' });
    before.sendEdit((doc) => blockText(narrativeFragment(doc, 'overview'), 0).insert(0, 'P'));
    await waitFor(() => narrativeFragment(observer.doc, 'overview').toString().includes('<paragraph>P'), 'her 一 edit at the observer');
    await server.accounts!.access.setMember(sampleReportId, mallory.user, { role: 'editor', parts: ['other'] });
    const overview = narrativeFragment(room.doc, 'overview').toString();
    // The same browser id again (a reload keeps none, a crafted client keeps any of its own).
    const limited = await RawSyncClient.connect(bed, server.url, sampleReportId, mallory.token, malloryClient);
    limited.sendUpdate(partlyKnownText(limited.doc, Y.getState(limited.doc.store, malloryClient) - 1));
    expect(await limited.handled()).toBe('closed');
    expect(await limited.socket.closed).toEqual({ code: 4403, reason: 'update refused' });
    await marker(boss, observer, '13');
    for (const doc of [room.doc, observer.doc]) expect(narrativeFragment(doc, 'overview').toString()).toBe(overview);
    await server.close();
    const stored = await storedDocument(server.dataDir, sampleReportId);
    expect(narrativeFragment(stored, 'overview').toString()).toBe(overview);
  });
});
