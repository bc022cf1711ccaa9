/**
 * Websocket frames of messages that go to many connections, built once per message. `ws` frames
 * every `send` anew: a header per call, and the header and payload written through a corked
 * stream (a `writev`). One keystroke relayed to 100 editors is one frame, written 100 times as one
 * buffer. Socket.IO pre-encodes its broadcast frames the same way.
 *
 * `FrameWriter` writes such a frame to the connection's stream beside `ws`. That is sound because
 * `ws`'s Sender writes each frame to the same stream in the call that sends it, and holds frames
 * back only while it compresses or reads a Blob: frames written beside it then reach the peer
 * whole and in the order sent, backlog or not, and `bufferedAmount` (the stream's buffer plus what
 * the Sender holds) counts them. No Blob is sent here; compression is off (`perMessageDeflate:
 * false`), and a connection that negotiated any extension anyway sends its shared messages through
 * `ws`. shared-frame.test.ts checks all of this against the installed `ws`.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

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

/** Sends a connection's messages: its own through `ws`, shared ones as their prebuilt frame. */
export class FrameWriter {
  /** The upgraded stream under the socket; null when an extension (compression) was negotiated. */
  private readonly stream: Duplex | null;

  constructor(
    private readonly socket: WebSocket,
    /** The stream the upgrade handed over (the `upgrade` event's socket), which `ws` writes to. */
    stream: Duplex,
  ) {
    // With an extension, `ws` may hold frames back (deflating) and frames need its RSV bits.
    this.stream = socket.extensions === '' ? stream : null;
  }

  send(message: Uint8Array): void {
    this.socket.send(message);
  }

  /** The same, for a message that goes to many connections (`sharedFrame`). */
  sendShared(message: Uint8Array): void {
    if (this.stream === null) this.socket.send(message);
    else this.stream.write(sharedFrame(message));
  }
}
