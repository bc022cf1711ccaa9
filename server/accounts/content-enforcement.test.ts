/**
 * Content outside the report's schema is refused over a real websocket, to an editor of every
 * part and to the owner alike (issue 13, defect 2): the connection closes with 4403 `update
 * refused`, nothing of it reaches the stored report (reopened from SQLite) or another connected
 * client, which stays connected and keeps receiving.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { tablePartKeys } from '../../schema/format.ts';
import type { Rights } from '../../schema/permissions.ts';
import { cellsMap, metaMap, narrativeFragment, narrativeKeys } from '../../schema/ydoc.ts';
import { sampleReportId } from '../reports.ts';
import { storedDocument } from '../storage/test-support/stored-document.ts';
import { TestBed, waitFor } from '../test-support/test-bed.ts';
import { addPerson } from './test-support/people.ts';
import { RawSyncClient } from './test-support/raw-sync.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

/** Every root of the layout as data, markup and attributes included (unlike `contentOf`, which reads text). */
function everythingIn(doc: Y.Doc): string {
  return JSON.stringify({
    text: narrativeKeys.map((key) => narrativeFragment(doc, key).toString()),
    cells: tablePartKeys.map((table) => cellsMap(doc, table).toJSON()),
    meta: metaMap(doc).toJSON(),
    comments: doc.getMap('comments').toJSON(),
    signoffs: doc.getMap('signoffs').toJSON(),
  });
}

const block = (doc: Y.Doc, part: 'overview' | 'problems', index: number) => narrativeFragment(doc, part).get(index) as Y.XmlElement;

function element(name: string, children: Y.XmlElement[] = []): Y.XmlElement {
  const el = new Y.XmlElement(name);
  el.insert(0, children);
  return el;
}

type Attack = { what: string; edit: (doc: Y.Doc) => void };

const attacks: Attack[] = [
  { what: 'an img element after a paragraph of 一 (a keystroke\'s shape)', edit: (d) => narrativeFragment(d, 'overview').insert(1, [new Y.XmlElement('img')]) },
  { what: 'a table in 五', edit: (d) => narrativeFragment(d, 'problems').insert(0, [element('table', [element('tableRow', [element('tableCell')])])]) },
  { what: 'an unknown mark in 一', edit: (d) => (block(d, 'overview', 0).get(0) as Y.XmlText).format(0, 8, { color: { color: '#f00' } }) },
  { what: 'an unknown attribute on a paragraph of 五', edit: (d) => block(d, 'problems', 0).setAttribute('style', 'position:fixed') },
  { what: 'a heading level of 9 in 一', edit: (d) => block(d, 'overview', 1).setAttribute('level', 9 as unknown as string) },
  { what: 'a Y.Map in a cell of 三', edit: (d) => cellsMap(d, 'requests').set('received.natural', new Y.Map()) },
  { what: 'a Y.Text in a cell of 二', edit: (d) => cellsMap(d, 'proactive').set('licensing.decisions', new Y.Text('12')) },
  { what: 'a number as a cell value of 四', edit: (d) => cellsMap(d, 'appeals').set('review.upheld', 3) },
  { what: 'a comment', edit: (d) => d.getMap('comments').set('c1', '请核对数字') },
];

const allParts: Rights = { role: 'editor', parts: 'all' };
const owner: Rights = { role: 'owner', parts: 'all' };
const cases = [
  ...attacks.map((attack) => ({ who: 'editor of every part', rights: allParts, ...attack })),
  ...attacks.map((attack) => ({ who: 'owner', rights: owner, ...attack })),
  { who: 'owner', rights: owner, what: 'the year as a string', edit: (d: Y.Doc) => metaMap(d).set('year', '2025') },
  // Defect 9: the agency name a Yjs update sets obeys the same rule as the new-report request.
  { who: 'owner', rights: owner, what: 'an agency name with a right-to-left override', edit: (d: Y.Doc) => metaMap(d).set('agency', '余杭区\u202E局务商') },
  { who: 'owner', rights: owner, what: 'an agency name with a newline', edit: (d: Y.Doc) => metaMap(d).set('agency', '余杭区\n商务局') },
  { who: 'owner', rights: owner, what: 'an agency name with a zero-width space (reads as the real one)', edit: (d: Y.Doc) => metaMap(d).set('agency', '杭州市余杭区\u200B商务局') },
];

describe('content outside the report\'s schema over a websocket', () => {
  it.each(cases)('$who: $what is refused with 4403; storage and the other clients never see it', async ({ rights, edit }) => {
    const server = await bed.server({ auth: 'accounts' });
    const attacker = await addPerson(server, 'attacker', { reportId: sampleReportId, rights });
    const writer = await addPerson(server, 'writer', { reportId: sampleReportId, rights: owner });
    const reader = await addPerson(server, 'reader', { reportId: sampleReportId, rights: { role: 'viewer', parts: 'all' } });
    const observer = bed.client(server.url, sampleReportId, { params: { token: reader.token } });
    await observer.synced;
    const before = everythingIn(observer.doc);

    const raw = await RawSyncClient.connect(bed, server.url, sampleReportId, attacker.token, 434343);
    raw.sendEdit(edit);
    expect(await raw.socket.closed).toEqual({ code: 4403, reason: 'update refused' });
    const refusals = server.log.find('update refused by the schema');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ reason: expect.stringContaining('schema does not allow') });

    // A later edit reaches the observer: had the refused update been relayed, it would have come first.
    const marker = await RawSyncClient.connect(bed, server.url, sampleReportId, writer.token, 535353);
    marker.sendEdit((d) => cellsMap(d, 'requests').set('carriedOver.natural', '8'));
    await waitFor(() => cellsMap(observer.doc, 'requests').get('carriedOver.natural') === '8', 'the marker edit at the observer');
    expect(Y.getState(observer.doc.store, 434343)).toBe(0);
    expect(observer.provider.wsconnected).toBe(true);
    const expected = JSON.parse(before) as { cells: Record<string, string>[] };
    expected.cells[tablePartKeys.indexOf('requests')]['carriedOver.natural'] = '8';
    expect(JSON.parse(everythingIn(observer.doc))).toEqual(expected);

    // The stored report: as it was, plus the marker; nothing under the attacker's client id.
    const room = server.rooms.peek(sampleReportId)!;
    await room.flushed();
    await server.close();
    const doc = await storedDocument(server.dataDir, sampleReportId);
    expect(Y.getState(doc.store, 434343)).toBe(0);
    expect(JSON.parse(everythingIn(doc))).toEqual(expected);
  });
});
