import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { sampleReportId } from '../../../server/reports.ts';
import { TestBed, wsUrl } from '../../../server/test-support/test-bed.ts';
import { OutgoingUpdates, type RawSend, carriesContent, contentPolicyFor, filteredWebSocket, pageWritesWith } from './outgoing-updates.ts';

const step1 = new Uint8Array([0, 0, 1, 0]);
const step2 = new Uint8Array([0, 1, 2, 0, 0]);
const update = new Uint8Array([0, 2, 2, 0, 0]);
const awareness = new Uint8Array([1, 1, 0]);

class FakeSocket implements RawSend {
  readonly sent: Uint8Array[] = [];
  constructor(public readyState = 1) {}
  sendRaw(frame: Uint8Array<ArrayBuffer>): void {
    this.sent.push(frame);
  }
}

describe('carriesContent', () => {
  it('is true for sync step 2 and update messages only', () => {
    expect([step1, step2, update, awareness, new Uint8Array([3]), new Uint8Array([0]), new Uint8Array([])].map(carriesContent)).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('OutgoingUpdates', () => {
  it('sends everything under send; under drop, everything but content', () => {
    const socket = new FakeSocket();
    const outgoing = new OutgoingUpdates('send');
    expect([step1, step2, update, awareness].map((f) => outgoing.admit(socket, f))).toEqual([true, true, true, true]);
    expect(outgoing.setPolicy('drop')).toBe(false);
    expect([step1, step2, update, awareness].map((f) => outgoing.admit(socket, f))).toEqual([true, false, false, true]);
    // Sending again after dropping takes a resync: the next changes build on the dropped ones.
    expect(outgoing.setPolicy('send')).toBe(true);
    expect(outgoing.setPolicy('drop')).toBe(false);
    expect(outgoing.setPolicy('send')).toBe(false);
    expect(socket.sent).toEqual([]);
  });

  it('holds content until the rights are known: sent in order on sockets still open, or dropped', () => {
    const closed = new FakeSocket(3);
    const open = new FakeSocket();
    const outgoing = new OutgoingUpdates('hold');
    expect(outgoing.admit(closed, step2)).toBe(false);
    expect(outgoing.admit(open, step2)).toBe(false);
    expect(outgoing.admit(open, awareness)).toBe(true);
    expect(outgoing.admit(open, update)).toBe(false);
    expect(outgoing.setPolicy('send')).toBe(false);
    expect(open.sent).toEqual([step2, update]);
    expect(closed.sent).toEqual([]);

    outgoing.setPolicy('hold');
    outgoing.admit(open, update);
    expect(outgoing.setPolicy('drop')).toBe(false);
    expect(outgoing.setPolicy('send')).toBe(true);
    expect(open.sent).toEqual([step2, update]);
  });
});

describe('the policy for rights', () => {
  it('sends for anyone who may write a part, the basic information, a comment or a sign-off; viewers send nothing', () => {
    expect(pageWritesWith({ role: 'owner', parts: 'all' })).toBe(true);
    expect(pageWritesWith({ role: 'editor', parts: ['requests'] })).toBe(true);
    expect(pageWritesWith({ role: 'reviewer', parts: 'all' })).toBe(true);
    expect(pageWritesWith({ role: 'viewer', parts: 'all' })).toBe(false);
  });

  it('holds while the rights are unknown or reloading, drops once removed', () => {
    const editor = { role: 'editor', parts: ['requests'] } as const;
    expect(contentPolicyFor({ rights: null, refreshing: false, removed: false })).toBe('hold');
    expect(contentPolicyFor({ rights: editor, refreshing: true, removed: false })).toBe('hold');
    expect(contentPolicyFor({ rights: editor, refreshing: false, removed: false })).toBe('send');
    expect(contentPolicyFor({ rights: { role: 'viewer', parts: 'all' }, refreshing: false, removed: false })).toBe('drop');
    expect(contentPolicyFor({ rights: editor, refreshing: false, removed: true })).toBe('drop');
  });
});

describe('filteredWebSocket with y-websocket', () => {
  const bed = new TestBed();
  afterEach(() => bed.cleanup());

  /** Resolves once `predicate` holds, checked now and after each `event` of `emitter`. */
  function until(emitter: { on(e: string, l: () => void): void; off(e: string, l: () => void): void }, event: string, predicate: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!predicate()) return;
        emitter.off(event, check);
        resolve();
      };
      emitter.on(event, check);
      check();
    });
  }

  it("keeps a page's own changes local while it may write nothing, and sends them all once it may, on a new connection", async () => {
    const server = await bed.server();
    const outgoing = new OutgoingUpdates('hold');
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${wsUrl(server.url)}/sync`, sampleReportId, doc, {
      WebSocketPolyfill: filteredWebSocket(outgoing, WebSocket as unknown as typeof globalThis.WebSocket),
      disableBc: true,
      connect: false,
    });
    bed.defer(() => {
      provider.destroy();
      doc.destroy();
    });
    const other = bed.client(server.url, sampleReportId);
    await other.synced;
    // The report's document in memory: the server sends its step 1 at the join, and the page's
    // answer (sync step 2) goes through the filter before the page counts as synced.
    expect(server.rooms.peek(sampleReportId)!.doc).toBeDefined();
    provider.connect();
    await until(provider, 'sync', () => provider.synced);
    const cells = () => other.doc.getMap('cells.requests');
    const stored = { natural: cells().get('received.natural'), legal: cells().get('received.legal') };

    // Held, then dropped: a viewer's change never leaves the page.
    doc.getMap('cells.requests').set('received.natural', '71');
    expect(outgoing.setPolicy('drop')).toBe(false);
    doc.getMap('cells.requests').set('received.legal', '72');
    // A marker on the same socket, after the changes: when it reaches the other client, any
    // change sent before it would have reached it first.
    provider.awareness.setLocalStateField('marker', 1);
    await until(other.provider.awareness, 'change', () => [...other.provider.awareness.getStates().values()].some((s) => s?.marker === 1));
    expect(cells().get('received.natural')).toBe(stored.natural);
    expect(cells().get('received.legal')).toBe(stored.legal);
    expect(provider.wsconnected).toBe(true);

    // Allowed to send again (rights read after a reload), the page resyncs: a new connection's
    // step 2 carries everything the server lacks.
    doc.getMap('cells.requests').set('received.otherOrg', '73');
    expect(outgoing.setPolicy('send')).toBe(true);
    provider.disconnect();
    provider.connect();
    await until(other.doc, 'update', () => cells().get('received.natural') === '71' && cells().get('received.legal') === '72' && cells().get('received.otherOrg') === '73');
  });
});
