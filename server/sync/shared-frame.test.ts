/**
 * Frames written beside `ws` (shared-frame.ts) against the installed `ws` itself: the bytes it
 * would write for the same message, and the order of messages sent both ways while the peer does
 * not read. A `ws` upgrade that changes either fails here.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer, type PerMessageDeflateOptions } from 'ws';
import { FrameWriter, binaryFrame, sharedFrame } from './shared-frame.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/**
 * A server side connection as upgrade.ts makes one: `handleUpgrade` on the stream of an HTTP
 * `upgrade` event, and a `FrameWriter` over the websocket and that stream. `dial` opens the peer.
 */
async function upgradedConnection<Peer>(
  dial: (port: number) => Peer,
  perMessageDeflate: boolean | PerMessageDeflateOptions = false,
): Promise<{ ws: WebSocket; writer: FrameWriter; peer: Peer }> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate });
  const http: Server = createServer();
  const accepted = new Promise<{ ws: WebSocket; stream: Duplex }>((resolve) => {
    http.on('upgrade', (request, stream: Duplex, head: Buffer) => wss.handleUpgrade(request, stream, head, (ws) => resolve({ ws, stream })));
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const peer = dial((http.address() as AddressInfo).port);
  const { ws, stream } = await accepted;
  cleanups.push(() => {
    ws.terminate();
    http.close();
  });
  return { ws, writer: new FrameWriter(ws, stream), peer };
}

/** A peer speaking raw TCP: it sends the handshake and keeps every byte after the response. */
class RawPeer {
  private received = Buffer.alloc(0);
  private headerEnd = -1;
  private waiting: { bytes: number; resolve: () => void } | undefined;

  constructor(readonly socket: Socket) {
    socket.write(
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      if (this.headerEnd < 0) {
        const end = this.received.indexOf('\r\n\r\n');
        if (end >= 0) this.headerEnd = end + 4;
      }
      if (this.waiting && this.frameBytes().length >= this.waiting.bytes) this.waiting.resolve();
    });
  }

  private frameBytes(): Buffer {
    return this.headerEnd < 0 ? Buffer.alloc(0) : this.received.subarray(this.headerEnd);
  }

  /** The first `bytes` bytes after the handshake response, once they have arrived. */
  async frames(bytes: number): Promise<Buffer> {
    if (this.frameBytes().length < bytes) await new Promise<void>((resolve) => (this.waiting = { bytes, resolve }));
    return this.frameBytes().subarray(0, bytes);
  }
}

function rawPeer(port: number): RawPeer {
  const peer = new RawPeer(connect(port, '127.0.0.1'));
  cleanups.push(() => peer.socket.destroy());
  return peer;
}

/** A `ws` client that records every message; `received(n)` resolves once it has `n`. */
function wsPeer(port: number) {
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  const messages: Buffer[] = [];
  let waiting: { count: number; resolve: () => void } | undefined;
  client.on('message', (data: Buffer) => {
    messages.push(data);
    if (waiting && messages.length >= waiting.count) waiting.resolve();
  });
  cleanups.push(() => client.terminate());
  return {
    client,
    messages,
    opened: once(client, 'open'),
    received: (count: number) =>
      messages.length >= count ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { count, resolve })),
  };
}

/** A message of `size` bytes that says which it is: its index in the first 4 bytes. */
function numberedMessage(index: number, size: number): Uint8Array {
  const message = new Uint8Array(Math.max(size, 4)).fill(index & 0xff);
  new DataView(message.buffer).setUint32(0, index);
  return message;
}

/** 7-bit, 16-bit and 64-bit payload lengths, and their edges. */
const lengths = [0, 1, 125, 126, 65_535, 65_536, 70_000, (1 << 20) + 3];

describe('frames shared by the recipients of a broadcast', () => {
  it('are byte for byte what ws.send writes for the same message, at every length encoding', async () => {
    const { writer, peer } = await upgradedConnection(rawPeer);
    const messages = lengths.map((size) => new Uint8Array(size).map((_, i) => (i * 31 + size) & 0xff));
    for (const message of messages) {
      writer.send(message);
      writer.sendShared(message);
    }
    const frameLengths = messages.map((m) => binaryFrame(m).length);
    const wire = await peer.frames(frameLengths.reduce((sum, n) => sum + 2 * n, 0));
    let at = 0;
    messages.forEach((message, i) => {
      const bySend = wire.subarray(at, at + frameLengths[i]!);
      const shared = wire.subarray(at + frameLengths[i]!, at + 2 * frameLengths[i]!);
      at += 2 * frameLengths[i]!;
      expect(bySend.equals(binaryFrame(message)), `ws.send of ${lengths[i]} bytes is the frame binaryFrame builds`).toBe(true);
      expect(shared.equals(bySend), `sendShared of ${lengths[i]} bytes writes what ws.send wrote`).toBe(true);
    });
  });

  it('are what ws’s own Sender.frame builds for a server’s binary message (unmasked, FIN set)', async () => {
    // `Sender.frame`: public since ws 1 (Socket.IO calls it), missing from @types/ws.
    const { Sender } = (await import('ws')) as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } };
    for (const size of lengths) {
      const message = new Uint8Array(size).fill(7);
      const expected = Buffer.concat(Sender.frame(Buffer.from(message), { opcode: 2, readOnly: true, fin: true, mask: false, rsv1: false }));
      expect(sharedFrame(message).equals(expected), `${size} bytes`).toBe(true);
    }
  });

  it('arrive in the order sent, interleaved with ws.send, while the peer does not read and after it resumes', async () => {
    const { ws, writer, peer } = await upgradedConnection(wsPeer);
    await peer.opened;
    peer.client.pause();
    const sent: Uint8Array[] = [];
    const sendNext = (size: number): void => {
      const message = numberedMessage(sent.length, size);
      if (sent.length % 2 === 0) writer.sendShared(message);
      else writer.send(message);
      sent.push(message);
    };
    // Until the kernel's buffers are full and the stream holds a backlog of its own.
    while (ws.bufferedAmount < 1 << 20) sendNext(64 * 1024);
    // Both ways, small and large, into that backlog. bufferedAmount counts frames written beside
    // ws too: a connection drops a peer that does not read by it (connection.ts).
    for (let i = 0; i < 40; i++) {
      const size = i % 3 === 0 ? 70_000 : 10 + i;
      const before = ws.bufferedAmount;
      sendNext(size);
      expect(ws.bufferedAmount - before, `message ${sent.length - 1} is counted as waiting`).toBe(binaryFrame(sent.at(-1)!).length);
    }
    peer.client.resume();
    await peer.received(sent.length);
    expect(peer.messages.map((m) => m.readUInt32BE(0))).toEqual(sent.map((_, i) => i));
    sent.forEach((message, i) => expect(peer.messages[i]!.equals(message), `message ${i} whole`).toBe(true));
  });

  it('keep their order where the connection negotiated compression: ws may hold frames back, so they go through it', async () => {
    const { ws, writer, peer } = await upgradedConnection(wsPeer, { threshold: 0 });
    await peer.opened;
    expect(ws.extensions).toContain('permessage-deflate');
    const sent = Array.from({ length: 60 }, (_, i) => numberedMessage(i, i % 2 === 0 ? 5000 : 20));
    sent.forEach((message, i) => (i % 2 === 0 ? writer.send(message) : writer.sendShared(message)));
    await peer.received(sent.length);
    expect(peer.messages.map((m) => m.readUInt32BE(0))).toEqual(sent.map((_, i) => i));
  });

  it('frames a view of a larger buffer by the view alone', () => {
    const backing = Uint8Array.from({ length: 40 }, (_, i) => i);
    const view = backing.subarray(10, 20);
    expect([...binaryFrame(view)]).toEqual([0x82, 10, ...view]);
  });

  it('builds one frame per message, however many connections send it in a row', () => {
    const message = Uint8Array.of(0, 2, 1, 0);
    const first = sharedFrame(message);
    expect(sharedFrame(message)).toBe(first);
    const other = Uint8Array.of(0, 2, 1, 0);
    expect(sharedFrame(other)).not.toBe(first);
    expect([...sharedFrame(message)], 'framed again after another, the same bytes').toEqual([...first]);
  });
});
