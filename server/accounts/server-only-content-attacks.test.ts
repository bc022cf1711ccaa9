/**
 * Security review (attack branch): content only the server writes — a layout-2 table node and
 * `meta.layoutVersion` — changed by a client over a real websocket without inserting, deleting
 * or writing a value "inside" in the ways the guard looks for. Each case must be refused with
 * 4403 and leave the stored report and the other clients as they were; these fail today.
 */
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Rights } from '../../schema/permissions.ts';
import { cellsMap, isTableElement, metaMap, partFragment, tableNodeAttribute } from '../../schema/ydoc.ts';
import { sampleReportId } from '../reports.ts';
import { storedDocument } from '../storage/test-support/stored-document.ts';
import { TestBed, waitFor } from '../test-support/test-bed.ts';
import { addPerson } from './test-support/people.ts';
import { RawSyncClient } from './test-support/raw-sync.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

const owner: Rights = { role: 'owner', parts: 'all' };
const clerk: Rights = { role: 'editor', parts: ['requests'] };

function tableNode(doc: Y.Doc): Y.XmlElement {
  const fragment = partFragment(doc, 'requests');
  for (let child = fragment.firstChild; child !== null; child = child.nextSibling) {
    if (child instanceof Y.XmlElement && isTableElement(child)) return child;
  }
  throw new Error('no table node in 三');
}

/** What a client must never change: the table node as markup, and the layout version. */
const serverOnly = (doc: Y.Doc) => JSON.stringify({ table: tableNode(doc).toString(), attrs: tableNode(doc).getAttributes(), layout: metaMap(doc).get('layoutVersion') });

/**
 * An update of one `ContentDeleted` item whose origin is `current`, a map key's value: Yjs puts
 * it at the same key (parent and key copied from the origin) and deletes `current`. The content
 * check lets deleted content through anywhere, before looking at where it lands.
 */
function deletedValueOver(doc: Y.Doc, current: Y.Item, clientID: number): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const clock = Y.getState(doc.store, clientID);
  const item = new Y.Item(Y.createID(clientID, clock), null, current.lastId, null, null, null, null, new Y.ContentDeleted(1));
  encoding.writeVarUint(encoder.restEncoder, 1); // one client
  encoding.writeVarUint(encoder.restEncoder, 1); // one struct of it
  encoder.writeClient(clientID);
  encoding.writeVarUint(encoder.restEncoder, clock);
  item.write(encoder, 0);
  encoding.writeVarUint(encoder.restEncoder, 0); // an empty delete set
  return encoder.toUint8Array();
}

type Attack = { what: string; rights: Rights; craft: (raw: RawSyncClient) => void };

const attacks: Attack[] = [
  {
    what: 'an editor of 三 removes the table node\'s `table` attribute (a deletion inside the node)',
    rights: clerk,
    craft: (raw) => raw.sendEdit((d) => tableNode(d).removeAttribute(tableNodeAttribute)),
  },
  {
    what: 'an editor of 三 replaces the table node\'s `table` attribute with deleted content',
    rights: clerk,
    craft: (raw) => {
      const current = tableNode(raw.doc)._map.get(tableNodeAttribute)!;
      raw.sendUpdate(deletedValueOver(raw.doc, current, raw.doc.clientID));
    },
  },
  {
    what: 'the owner deletes meta.layoutVersion (server-only)',
    rights: owner,
    craft: (raw) => raw.sendEdit((d) => metaMap(d).delete('layoutVersion')),
  },
  {
    what: 'the owner replaces meta.layoutVersion with deleted content (server-only)',
    rights: owner,
    craft: (raw) => {
      const current = metaMap(raw.doc)._map.get('layoutVersion')!;
      raw.sendUpdate(deletedValueOver(raw.doc, current, raw.doc.clientID));
    },
  },
];

describe('server-only content changed by a client over a websocket', () => {
  it.each(attacks)('$what: refused with 4403; storage and the other clients never see it', async ({ rights, craft }) => {
    const server = await bed.server({ auth: 'accounts' });
    const attacker = await addPerson(server, 'attacker', { reportId: sampleReportId, rights });
    const writer = await addPerson(server, 'writer', { reportId: sampleReportId, rights: owner });
    const reader = await addPerson(server, 'reader', { reportId: sampleReportId, rights: { role: 'viewer', parts: 'all' } });
    const observer = bed.client(server.url, sampleReportId, { params: { token: reader.token } });
    await observer.synced;
    const before = serverOnly(observer.doc);
    expect(tableNode(observer.doc).getAttribute(tableNodeAttribute)).toBe('requests');
    expect(metaMap(observer.doc).get('layoutVersion')).toBe(2);

    const raw = await RawSyncClient.connect(bed, server.url, sampleReportId, attacker.token, 434343);
    craft(raw);
    const outcome = await Promise.race([raw.socket.closed, raw.handled().then(() => 'still connected' as const)]);
    // A later edit reaches the observer: had the update been relayed, it would have come first.
    const marker = await RawSyncClient.connect(bed, server.url, sampleReportId, writer.token, 535353);
    marker.sendEdit((d) => cellsMap(d, 'requests').set('carriedOver.natural', '8'));
    await waitFor(() => cellsMap(observer.doc, 'requests').get('carriedOver.natural') === '8', 'the marker edit at the observer');
    const seen = serverOnly(observer.doc);
    const room = server.rooms.peek(sampleReportId)!;
    await room.flushed();
    await server.close();
    const stored = serverOnly(await storedDocument(server.dataDir, sampleReportId));

    expect({ seen, stored }).toEqual({ seen: before, stored: before });
    expect(outcome).toEqual({ code: 4403, reason: 'update refused' });
  });
});
