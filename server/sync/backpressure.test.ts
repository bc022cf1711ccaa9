/**
 * A connection that stops reading: what the server relays to it piles up in the kernel, then in
 * `ws`. Past `maxBufferedBytes` the server drops it instead of holding the backlog; the others
 * carry on and nothing is lost.
 */
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { narrativeFragment } from '../../schema/ydoc.ts';
import { sampleReportId } from '../reports.ts';
import { TestBed, contentOf, waitFor } from '../test-support/test-bed.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

/** Pastes a paragraph of `chars` characters into part 六 (one update of about 3 × `chars` bytes). */
function paste(doc: Y.Doc, chars: number, n: number): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(`第${n}段`.padEnd(chars, '粘贴的长文本'))]);
  const fragment = narrativeFragment(doc, 'other');
  fragment.insert(fragment.length, [paragraph]);
}

describe('slow readers', () => {
  it('a connection that stops reading is dropped once its backlog passes the limit; the others carry on', async () => {
    const limit = 512 * 1024;
    const server = await bed.server({ limits: { maxBufferedBytes: limit } });
    const writer = bed.client(server.url, sampleReportId);
    const reader = bed.client(server.url, sampleReportId);
    await Promise.all([writer.synced, reader.synced]);
    const stalled = await bed.rawSocket(server.url, `/sync/${sampleReportId}`);
    // The peer's TCP socket stops reading (`ws` keeps it as `_socket`).
    (stalled.ws as unknown as { _socket: Socket })._socket.pause();
    const room = server.rooms.peek(sampleReportId)!;
    await waitFor(() => room.connectionCount === 3, 'three connections');

    // About 300 KB per paste: the kernel's buffers fill first, then the server's backlog.
    // One paste at a time: the next once the reader has this one (the server relayed it to all).
    const pasted = () => narrativeFragment(reader.doc, 'other').length;
    for (let n = 0; n < 120 && room.connectionCount === 3; n++) {
      const before = pasted();
      paste(writer.doc, 100_000, n);
      await waitFor(() => pasted() === before + 1, `paste ${n} relayed`);
    }
    await waitFor(() => room.connectionCount === 2, 'the stalled connection dropped');
    const dropped = server.log.find('connection dropped: it does not read what it is sent');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]!.bufferedBytes).toBeGreaterThan(limit);

    await waitFor(() => contentOf(reader.doc) === contentOf(writer.doc), 'the reader has every paste', 20_000);
    expect(writer.provider.wsconnected && reader.provider.wsconnected).toBe(true);
    await room.flushed();
    expect(narrativeFragment(room.doc, 'other').toString()).toBe(narrativeFragment(writer.doc, 'other').toString());
  }, 60_000);
});
