/**
 * Websocket frames of messages that go to many connections, built once per message. `ws` frames
 * every `send` anew: a header per call, and the header and payload written through a corked
 * stream (a `writev`). One keystroke relayed to 100 editors is one frame, written 100 times as one
 * buffer. Socket.IO pre-encodes its broadcast frames the same way, with the same `Sender.frame`.
 *
 * The frame is written to the connection's socket beside `ws`, which is sound because `ws` only
 * ever holds frames back when it compresses (off here: `perMessageDeflate: false`) or reads a
 * Blob (never sent here): otherwise its own frames go to the socket as they are sent, so frames
 * never interleave, and `bufferedAmount` still counts what waits in the socket.
 */
import { Sender } from 'ws';

declare module 'ws' {
  // Public since ws 1 (Socket.IO and others call it); @types/ws does not declare it.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Sender {
    function frame(data: Buffer, options: { opcode: number; readOnly: boolean; fin: boolean; mask: boolean; rsv1: boolean }): Buffer[];
  }
}

const binaryOpcode = 0x2;

/** Frames by message: each broadcast passes the same array to every connection. */
const frames = new WeakMap<Uint8Array, Buffer>();

/** The complete websocket frame (server to client: unmasked) of a binary message. */
export function binaryFrame(message: Uint8Array): Buffer {
  const payload = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  return Buffer.concat(Sender.frame(payload, { opcode: binaryOpcode, readOnly: true, fin: true, mask: false, rsv1: false }));
}

/** The frame of a message sent to many connections, built on the first send. */
export function sharedFrame(message: Uint8Array): Buffer {
  let frame = frames.get(message);
  if (frame === undefined) frames.set(message, (frame = binaryFrame(message)));
  return frame;
}
