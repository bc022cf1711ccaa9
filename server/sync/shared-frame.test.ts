import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { binaryFrame, sharedFrame } from './shared-frame.ts';

const servers: WebSocketServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A ws server whose first connection is handed out with its raw TCP socket, and a client of it. */
async function connectedPair() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  servers.push(server);
  await once(server, 'listening');
  const accepted = once(server, 'connection') as Promise<[WebSocket]>;
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: Buffer[] = [];
  client.on('message', (data: Buffer) => received.push(data));
  const [socket] = await accepted;
  await once(client, 'open');
  // The stream ws upgraded: what the upgrade handler passes to a connection.
  const stream = (socket as unknown as { _socket: import('node:net').Socket })._socket;
  return { socket, stream, client, received };
}

describe('frames shared by the recipients of a broadcast', () => {
  it('a ws client reads them as the binary messages ws itself would send, at every length encoding, in order with ws sends', async () => {
    const { socket, stream, client, received } = await connectedPair();
    // 7-bit, 16-bit and 64-bit payload lengths, and their edges.
    const sizes = [0, 1, 125, 126, 65_535, 65_536, 1 << 20];
    const messages = sizes.map((size) => new Uint8Array(size).map((_, i) => (i * 31 + size) & 0xff));
    for (const message of messages) {
      stream.write(binaryFrame(message));
      socket.send(Uint8Array.of(message.length & 0xff));
    }
    while (received.length < messages.length * 2) await once(client, 'message');
    for (let i = 0; i < messages.length; i++) {
      expect(received[2 * i]!.equals(messages[i]!), `message of ${sizes[i]} bytes`).toBe(true);
      expect([...received[2 * i + 1]!]).toEqual([messages[i]!.length & 0xff]);
    }
    client.close();
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

  it('writes the header ws itself writes, at every length encoding', async () => {
    // `Sender.frame`: public since ws 1 (Socket.IO calls it), missing from @types/ws.
    const { Sender } = (await import('ws')) as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } };
    for (const size of [0, 125, 126, 65_535, 65_536, 70_000]) {
      const message = new Uint8Array(size).fill(7);
      const payload = Buffer.from(message);
      const expected = Buffer.concat(Sender.frame(payload, { opcode: 2, readOnly: true, fin: true, mask: false, rsv1: false }));
      expect(binaryFrame(message).equals(expected), `${size} bytes`).toBe(true);
    }
  });
});
