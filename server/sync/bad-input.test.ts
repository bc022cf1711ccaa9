import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cellsMap, narrativeFragment } from '../../schema/ydoc.ts';
import type { ServerLimits } from '../config.ts';
import { sampleReportId } from '../reports.ts';
import { TestBed, UpgradeRefused, contentOf, waitFor } from '../test-support/test-bed.ts';
import { messageSync, syncUpdate } from './protocol.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, syncUpdate);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An update that inserts a paragraph with 「坏更新」 and deletes part of it: structs and a delete set. */
function insertAndDeleteUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText('坏更新的内容');
    paragraph.insert(0, [text]);
    narrativeFragment(doc, 'other').insert(0, [paragraph]);
  });
  doc.transact(() => (narrativeFragment(doc, 'other').get(0) as Y.XmlElement).get(0).delete(3, 3));
  return Y.encodeStateAsUpdate(doc);
}

/**
 * Runs one kind of bad input against a report that an observer is editing with, and checks the
 * promises of the server: the offender is closed with `expectedCode`, the refusal is logged
 * once, the observer stays connected and keeps syncing, and the stored report is unchanged
 * apart from the observer's own edit.
 */
async function expectRefused(badFrames: (Uint8Array | string)[], expectedCode: number, limits: Partial<ServerLimits> = {}) {
  const server = await bed.server({ limits });
  const observer = bed.client(server.url, sampleReportId);
  const other = bed.client(server.url, sampleReportId);
  await Promise.all([observer.synced, other.synced]);
  const before = contentOf(observer.doc);

  const raw = await bed.rawSocket(server.url, `/sync/${sampleReportId}`);
  for (const frame of badFrames) raw.send(frame);
  const closed = await raw.closed;
  expect(closed.code).toBe(expectedCode);

  const refusals = server.log.find('connection refused input');
  expect(refusals).toHaveLength(1);
  expect(refusals[0]!.code).toBe(expectedCode);

  // Nothing of the bad input reached the document.
  const room = server.rooms.peek(sampleReportId)!;
  expect(contentOf(room.doc)).toBe(before);
  expect(narrativeFragment(room.doc, 'other').toString()).not.toContain('坏更新');

  // The others carry on: an edit still goes through both ways.
  expect(observer.provider.wsconnected).toBe(true);
  cellsMap(other.doc, 'proactive').set('licensing.decisions', '99');
  await waitFor(() => cellsMap(observer.doc, 'proactive').get('licensing.decisions') === '99', 'edit relayed after bad input');

  // Stored: the report as it was, plus that edit.
  await room.flushed();
  const data = (await (await fetch(`${server.url}/api/reports/${sampleReportId}/data`)).json()) as {
    tables: { proactive: Record<string, string> };
  };
  expect(data.tables.proactive['licensing.decisions']).toBe('99');
  expect(contentOf(observer.doc)).toBe(contentOf(other.doc));
  return server;
}

describe('bad input changes nothing and closes only the offender', () => {
  it('a malformed frame (not a lib0 encoding) closes with 4400', async () => {
    await expectRefused([new Uint8Array([0xff, 0xff, 0xff])], 4400);
  });

  it('an update that is not a Yjs update closes with 4400', async () => {
    await expectRefused([syncUpdateFrame(new Uint8Array([5, 200, 17, 3, 99, 1, 250]))], 4400);
  });

  it('a truncated Yjs update (delete set cut off) closes with 4400 and applies none of its structs', async () => {
    const update = insertAndDeleteUpdate();
    expect(() => Y.decodeUpdate(update.subarray(0, update.length - 1))).toThrow();
    await expectRefused([syncUpdateFrame(update.subarray(0, update.length - 1))], 4400);
  });

  it('an update creating a root type the layout does not know closes with 4400', async () => {
    const doc = new Y.Doc();
    doc.getMap('坏更新').set('x', 1);
    await expectRefused([syncUpdateFrame(Y.encodeStateAsUpdate(doc))], 4400);
  });

  it('an unknown message type closes with 4400', async () => {
    await expectRefused([new Uint8Array([7, 0])], 4400);
  });

  it('an unknown sync message type closes with 4400', async () => {
    await expectRefused([new Uint8Array([0, 9, 0])], 4400);
  });

  it('a text frame closes with 4400', async () => {
    await expectRefused(['hello'], 4400);
  });

  it('a frame over the size limit closes with 1009', async () => {
    const update = insertAndDeleteUpdate();
    const big = new Uint8Array(5000);
    big.set(syncUpdateFrame(update));
    await expectRefused([big], 1009, { maxMessageBytes: 4096 });
  });

  it('a flood past the rate limit closes with 4429', async () => {
    const query = new Uint8Array([3]);
    await expectRefused(Array.from({ length: 100 }, () => query), 4429, { rateLimit: { perSecond: 10, burst: 20 } });
  });
});

describe('refused upgrades', () => {
  it('an unknown report id is refused (403, as a forbidden one) and a path naming no report is a 404, before the websocket is accepted', async () => {
    const server = await bed.server();
    await expect(bed.rawSocket(server.url, '/sync/no-such-report')).rejects.toEqual(new UpgradeRefused(403));
    await expect(bed.rawSocket(server.url, '/elsewhere')).rejects.toEqual(new UpgradeRefused(404));
    expect(server.rooms.openCount).toBe(0);
  });

  it('a refusing authenticate hook answers its status and accepts no socket', async () => {
    const seen: string[] = [];
    const server = await bed.server({
      authenticate: (_req, reportId) => {
        seen.push(reportId);
        return { ok: false, rejection: { status: 401, message: '请先登录' } };
      },
    });
    await expect(bed.rawSocket(server.url, `/sync/${sampleReportId}`)).rejects.toEqual(new UpgradeRefused(401));
    expect(seen).toEqual([sampleReportId]);
  });

  it('the identity from authenticate is on the connection and authorize sees every message', async () => {
    const seen: string[] = [];
    const server = await bed.server({
      authenticate: () => ({ ok: true, identity: { kind: 'user', userId: 'u1', name: 'zhangsan', displayName: '张三' } }),
      authorize: (subject, message) => {
        seen.push(`${subject.identity.kind === 'user' ? subject.identity.displayName : '?'}:${message.type}`);
        if (message.type === 'update') return { ok: false, rejection: { closeCode: 4403, reason: 'forbidden' } };
        return { ok: true };
      },
    });
    const client = bed.client(server.url, sampleReportId);
    await client.synced;
    expect(seen).toContain('张三:sync-step1');
    const closed = new Promise<number>((resolve) => client.provider.on('connection-close', (e) => resolve(e?.code ?? 0)));
    cellsMap(client.doc, 'proactive').set('fees.amount', '1');
    expect(await closed).toBe(4403);
    expect(seen).toContain('张三:update');
    expect(cellsMap(server.rooms.peek(sampleReportId)!.doc, 'proactive').get('fees.amount')).not.toBe('1');
  });
});
