/**
 * Websocket frames of messages that go to many connections, built once per message. `ws` frames
 * every `send` anew: a header per call, and the header and payload written through a corked
 * stream (a `writev`). One keystroke relayed to 100 editors is one frame, written 100 times as one
 * buffer. Socket.IO pre-encodes its broadcast frames the same way.
 *
 * The frame is written to the connection's socket beside `ws`, which is sound because `ws` only
 * ever holds frames back when it compresses (off here: `perMessageDeflate: false`) or reads a
 * Blob (never sent here): otherwise its own frames go to the socket as they are sent, so frames
 * never interleave, and `bufferedAmount` still counts what waits in the socket.
 */
/** FIN and the binary opcode: a whole binary message in one frame. */
const finalBinaryFrame = 0x82;

/** The message the last shared frame was built for, and that frame. */
let lastMessage: Uint8Array | null = null;
let lastFrame: Buffer | null = null;

/**
 * The complete websocket frame (server to client: unmasked, RFC 6455 §5.2) of a binary message,
 * in one allocation: the header `ws`'s `Sender.frame` would write, then the payload.
 */
export function binaryFrame(message: Uint8Array): Buffer {
  const length = message.byteLength;
  const headerBytes = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerBytes + length);
  frame[0] = finalBinaryFrame;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.set(message, headerBytes);
  return frame;
}

/**
 * The frame of a message sent to many connections, built on the first send. A broadcast sends
 * one message to every connection in a row, so remembering the last one is enough (a WeakMap
 * lookup per send cost more on a cold path); a message sent again after another is framed again.
 */
export function sharedFrame(message: Uint8Array): Buffer {
  if (message !== lastMessage) {
    lastFrame = binaryFrame(message);
    lastMessage = message;
  }
  return lastFrame!;
}
