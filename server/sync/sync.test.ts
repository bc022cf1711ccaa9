import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { narrativeFragment, cellsMap } from '../../schema/ydoc.ts';
import { sampleReportId } from '../reports.ts';
import { MemoryStorage } from '../storage/memory.ts';
import { TestBed, contentOf, waitFor } from '../test-support/test-bed.ts';
import { encodeSyncStep1, messageAwareness, messageQueryAwareness } from './protocol.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

/** What a server message is: a sync step or update, or awareness. */
function kindOf(message: Uint8Array): 'step1' | 'step2' | 'update' | 'awareness' {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) === messageAwareness) return 'awareness';
  return (['step1', 'step2', 'update'] as const)[decoding.readVarUint(decoder)]!;
}

/** The payload of a sync message. */
function payloadOf(message: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(message);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

function appendParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = narrativeFragment(doc, 'other');
  fragment.insert(fragment.length, [paragraph]);
}

/**
 * An awaited storage (as PostgreSQL would be) whose appends wait for `open()`: shows what is
 * relayed before it is stored.
 */
class GatedStorage extends MemoryStorage {
  appendCalls: number[] = [];
  constructor() {
    super({ appendsNow: false });
  }
  private gate: Promise<void> | null = null;
  private openGate: () => void = () => {};
  close_() {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }
  open() {
    this.openGate();
    this.gate = null;
  }
  override async appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<void> {
    this.appendCalls.push(updates.length);
    if (this.gate) await this.gate;
    return super.appendUpdates(id, updates);
  }
}

describe('live sync with stock y-websocket providers', () => {
  it('several writers converge on one document, every edit kept', async () => {
    const server = await bed.server();
    const clients = [0, 1, 2, 3].map(() => bed.client(server.url, sampleReportId));
    await Promise.all(clients.map((c) => c.synced));
    clients.forEach((c, i) => {
      for (let n = 0; n < 10; n++) {
        appendParagraph(c.doc, `客户端${i}第${n}段`);
        cellsMap(c.doc, 'proactive').set('licensing.decisions', String(i * 100 + n));
      }
    });
    await waitFor(() => clients.every((c) => narrativeFragment(c.doc, 'other').length === narrativeFragment(clients[0]!.doc, 'other').length && narrativeFragment(c.doc, 'other').toString().split('客户端').length - 1 >= 40), 'all 40 paragraphs everywhere');
    await waitFor(() => new Set(clients.map((c) => contentOf(c.doc))).size === 1, 'identical replicas');
    const text = narrativeFragment(clients[0]!.doc, 'other').toString();
    for (let i = 0; i < 4; i++) for (let n = 0; n < 10; n++) expect(text).toContain(`客户端${i}第${n}段`);
  });

  it('a late joiner receives the full state, sample content and edits', async () => {
    const server = await bed.server();
    const writer = bed.client(server.url, sampleReportId);
    await writer.synced;
    expect(cellsMap(writer.doc, 'requests').get('received.natural')).toBeDefined();
    appendParagraph(writer.doc, '后来者应看到这一段');
    await waitFor(() => server.rooms.peek(sampleReportId) !== undefined, 'room loaded');
    await server.rooms.peek(sampleReportId)!.flushed();
    const late = bed.client(server.url, sampleReportId);
    await late.synced;
    expect(contentOf(late.doc)).toBe(contentOf(writer.doc));
    expect(narrativeFragment(late.doc, 'other').toString()).toContain('后来者应看到这一段');
  });

  it('the awareness of a closed connection disappears for the others at once', async () => {
    const server = await bed.server();
    const a = bed.client(server.url, sampleReportId, { awareness: { user: { name: '甲' } } });
    const b = bed.client(server.url, sampleReportId, { awareness: { user: { name: '乙' } } });
    await Promise.all([a.synced, b.synced]);
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), 'b sees a');
    const closedAt = Date.now();
    a.provider.destroy();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'a gone for b', 2000);
    // Far sooner than the 30 s awareness timeout.
    expect(Date.now() - closedAt).toBeLessThan(1000);
    expect(b.provider.awareness.getStates().has(b.doc.clientID)).toBe(true);
  });

  it('an update is stored before any other client receives it', async () => {
    const storage = new GatedStorage();
    const server = await bed.server({ storage });
    const writer = bed.client(server.url, sampleReportId, { awareness: { user: { name: '甲' } } });
    const reader = bed.client(server.url, sampleReportId);
    await Promise.all([writer.synced, reader.synced]);
    storage.close_();
    // Should an expectation fail, the server's close must not wait for the held append.
    bed.defer(() => storage.open());
    cellsMap(writer.doc, 'proactive').set('penalties.decisions', '42');
    await waitFor(() => storage.appendCalls.length > 0, 'append started');
    // A marker behind the update on the same path: awareness, which waits for no storage. Had the
    // update been relayed when it arrived, the reader would have had it before the marker.
    writer.provider.awareness.setLocalStateField('marker', 1);
    const writerId = writer.provider.awareness.clientID;
    await waitFor(() => reader.provider.awareness.getStates().get(writerId)?.marker === 1, "the writer's marker");
    expect(cellsMap(reader.doc, 'proactive').get('penalties.decisions')).not.toBe('42');
    // A client joining meanwhile is not answered with the unstored state either: its step 1
    // waits, while a question it asks after it (query-awareness) is answered at once.
    const joiner = await bed.rawSocket(server.url, `/sync/${sampleReportId}`);
    joiner.send(encodeSyncStep1(new Y.Doc()));
    joiner.send(Uint8Array.of(messageQueryAwareness));
    // Everyone's awareness once on joining, once as the answer.
    await waitFor(() => joiner.messages.filter((m) => kindOf(m) === 'awareness').length === 2, 'the answer to query-awareness');
    expect(joiner.messages.filter((m) => kindOf(m) === 'step2')).toEqual([]);
    storage.open();
    await waitFor(() => cellsMap(reader.doc, 'proactive').get('penalties.decisions') === '42', 'relayed after storing');
    await waitFor(() => joiner.messages.some((m) => kindOf(m) === 'step2'), "the joiner's step 2");
    const joined = new Y.Doc();
    Y.applyUpdate(joined, payloadOf(joiner.messages.find((m) => kindOf(m) === 'step2')!));
    expect(cellsMap(joined, 'proactive').get('penalties.decisions')).toBe('42');
    const stored = await storage.loadDocument(sampleReportId);
    const check = new Y.Doc();
    if (stored!.snapshot) Y.applyUpdate(check, stored!.snapshot);
    for (const u of stored!.updates) Y.applyUpdate(check, u);
    expect(cellsMap(check, 'proactive').get('penalties.decisions')).toBe('42');
  });

  it('updates arriving in one event-loop turn are stored in one append', async () => {
    const storage = new GatedStorage();
    const server = await bed.server({ storage });
    const writers = [0, 1, 2, 3, 4].map(() => bed.client(server.url, sampleReportId));
    await Promise.all(writers.map((w) => w.synced));
    storage.close_();
    // While the first append is held, everyone's edits pile up and go out as one batch.
    cellsMap(writers[0]!.doc, 'proactive').set('fees.amount', '1');
    await waitFor(() => storage.appendCalls.length === 1, 'first append');
    writers.forEach((w, i) => cellsMap(w.doc, 'appeals').set('review.upheld', String(i)));
    await waitFor(() => server.metrics.updates >= 6, 'all applied');
    storage.open();
    await waitFor(() => storage.appendCalls.length === 2, 'second append');
    expect(storage.appendCalls).toEqual([1, 5]);
    await waitFor(() => new Set(writers.map((w) => contentOf(w.doc))).size === 1, 'converged');
  });
});

