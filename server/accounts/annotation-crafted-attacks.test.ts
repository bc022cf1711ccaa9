/**
 * Security review (attack branch): comments and sign-offs changed by hand-built Yjs updates over
 * a real websocket — a range deletion over another user's items, items whose place comes from an
 * origin in another user's comment, deleted content written over a value, a record as a nested
 * type. Each must be refused with 4403, and nothing of it applied, stored or relayed. These held
 * at review time: kept as regression tests.
 */
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { partAnchor } from '../../schema/comments/anchor.ts';
import { commentsMap, createThread, readThreads } from '../../schema/comments/threads.ts';
import type { Rights } from '../../schema/permissions.ts';
import { signoffsMap } from '../../schema/signoffs/records.ts';
import { cellsMap } from '../../schema/ydoc.ts';
import { sampleReportId } from '../reports.ts';
import { storedDocument } from '../storage/test-support/stored-document.ts';
import { TestBed, waitFor } from '../test-support/test-bed.ts';
import { addPerson, bearer } from './test-support/people.ts';
import { RawSyncClient } from './test-support/raw-sync.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

const owner: Rights = { role: 'owner', parts: 'all' };
const reviewer: Rights = { role: 'reviewer', parts: 'all' };
const bobClient = 7102;

const annotationsOf = (doc: Y.Doc) => JSON.stringify({ comments: commentsMap(doc).toJSON(), signoffs: signoffsMap(doc).toJSON() });

/** An update of `items` (all of `client`, in clock order from its state) and a delete set of `deletions`. */
function craft(doc: Y.Doc, client: number, contents: ((id: Y.ID) => Y.Item)[], deletions: [number, number, number][] = []): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  let clock = Y.getState(doc.store, client);
  const items = contents.map((make) => {
    const item = make(Y.createID(client, clock));
    clock += item.length;
    return item;
  });
  encoding.writeVarUint(encoder.restEncoder, items.length > 0 ? 1 : 0);
  if (items.length > 0) {
    encoding.writeVarUint(encoder.restEncoder, items.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, items[0].id.clock);
    for (const item of items) item.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, deletions.length);
  for (const [who, from, len] of deletions) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, who);
    encoding.writeVarUint(encoder.restEncoder, 1);
    encoder.writeDsClock(from);
    encoder.writeDsLen(len);
  }
  return encoder.toUint8Array();
}

/** A stored comment's value item at `key`. */
function valueItem(doc: Y.Doc, threadId: string, key: string): Y.Item {
  const list = (commentsMap(doc).get(threadId) as Y.Map<unknown>).get('comments') as Y.Array<Y.Map<unknown>>;
  return list.get(0)._map.get(key)!;
}

type Attack = { what: string; send: (carol: RawSyncClient, threadId: string) => void; says: RegExp };

const attacks: Attack[] = [
  {
    what: 'a reviewer deletes another user\'s thread by a range over all of their client\'s clocks',
    send: (carol) => carol.sendUpdate(craft(carol.doc, carol.doc.clientID, [], [[bobClient, 0, Y.getState(carol.doc.store, bobClient)]])),
    says: /acts as user \d+/,
  },
  {
    what: 'a reviewer writes another user\'s comment text with an item placed by its origin',
    send: (carol, threadId) => {
      const text = valueItem(carol.doc, threadId, 'text');
      carol.sendUpdate(craft(carol.doc, carol.doc.clientID, [(id) => new Y.Item(id, null, text.lastId, null, null, null, null, new Y.ContentAny(['改成我的意思']))]));
    },
    says: /acts as user \d+/,
  },
  {
    what: 'a reviewer deletes another user\'s comment text with deleted content placed by its origin',
    send: (carol, threadId) => {
      const text = valueItem(carol.doc, threadId, 'text');
      carol.sendUpdate(craft(carol.doc, carol.doc.clientID, [(id) => new Y.Item(id, null, text.lastId, null, null, null, null, new Y.ContentDeleted(1))]));
    },
    says: /acts as user \d+/,
  },
  {
    what: 'a reviewer replaces another user\'s comment author placed by its origin',
    send: (carol, threadId) => {
      const author = valueItem(carol.doc, threadId, 'author');
      carol.sendUpdate(craft(carol.doc, carol.doc.clientID, [(id) => new Y.Item(id, null, author.lastId, null, null, null, null, new Y.ContentAny(['7103']))]));
    },
    says: /a comment's author written again/,
  },
  {
    what: 'a reviewer not designated writes a sign-off record as a Y.Map',
    send: (carol) => carol.sendEdit((d) => {
      const record = new Y.Map<unknown>();
      signoffsMap(d).set('requests/head', record);
      record.set('by', '1');
    }),
    says: /is not a sign-off record/,
  },
];

describe('crafted updates against comments and sign-offs', () => {
  it.each(attacks)('$what: refused with 4403; storage and the other clients never see it', async ({ send, says }) => {
    const server = await bed.server({ auth: 'accounts' });
    const bob = await addPerson(server, 'bob', { reportId: sampleReportId, rights: reviewer });
    const carol = await addPerson(server, 'carol', { reportId: sampleReportId, rights: reviewer });
    const writer = await addPerson(server, 'writer', { reportId: sampleReportId, rights: owner });
    const designated = await fetch(`${server.url}/api/reports/${sampleReportId}/signers`, {
      method: 'PUT',
      headers: { ...bearer(writer.token), 'Content-Type': 'application/json' },
      body: JSON.stringify({ head: ['bob'] }),
    });
    expect(designated.status).toBe(200);
    const reader = await addPerson(server, 'reader', { reportId: sampleReportId, rights: { role: 'viewer', parts: 'all' } });
    const observer = bed.client(server.url, sampleReportId, { params: { token: reader.token } });
    await observer.synced;
    const bobRaw = await RawSyncClient.connect(bed, server.url, sampleReportId, bob.token, bobClient);
    let threadId = '';
    bobRaw.sendEdit((d) => (threadId = createThread(d, partAnchor('requests'), { author: String(bob.user.id), text: '请核对本部分数字' })));
    await waitFor(() => readThreads(observer.doc).length === 1, 'the thread at the observer');
    const before = annotationsOf(observer.doc);

    const attacker = await RawSyncClient.connect(bed, server.url, sampleReportId, carol.token, 7103);
    send(attacker, threadId);
    const outcome = await Promise.race([attacker.socket.closed, attacker.handled().then(() => 'still connected' as const)]);
    const reasons = [...server.log.find('update refused by permissions'), ...server.log.find('update refused by the schema')].map((r) => String(r.reason));
    const marker = await RawSyncClient.connect(bed, server.url, sampleReportId, writer.token, 535353);
    marker.sendEdit((d) => cellsMap(d, 'requests').set('carriedOver.natural', '8'));
    await waitFor(() => cellsMap(observer.doc, 'requests').get('carriedOver.natural') === '8', 'the marker edit at the observer');
    const seen = annotationsOf(observer.doc);
    await server.rooms.peek(sampleReportId)!.flushed();
    await server.close();
    const stored = annotationsOf(await storedDocument(server.dataDir, sampleReportId));

    expect({ seen, stored }).toEqual({ seen: before, stored: before });
    expect(outcome).toEqual({ code: 4403, reason: 'update refused' });
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(says);
  });
});
