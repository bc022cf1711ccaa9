/**
 * One websocket as a room sees it. Guards the room from the wire: binary frames only, decoded
 * strictly (4400 otherwise), a token bucket per connection (4429 past it), frames over the size
 * limit refused by `ws` itself (1009, before the frame is buffered whole). Each refusal is logged
 * once, with the connection and report, and nothing of the offending frame reaches the room.
 * Outgoing, a connection that lets more than `maxBufferedBytes` pile up unread is dropped.
 * A connection whose identity expires (an access token) closes at that moment with 4401.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { identityExpiresAt, type Identity } from '../hooks.ts';
import type { Logger } from '../log.ts';
import type { ServerMetrics } from '../metrics.ts';
import { closeCodes, type Room, type RoomConnection } from '../room/room.ts';
import { decodeIncomingMessage, ProtocolError } from './protocol.ts';
import { FrameWriter } from './shared-frame.ts';
import { TokenBucket, type RateLimit } from './rate-limit.ts';

export interface ConnectionOptions {
  readonly rateLimit: RateLimit;
  /** A connection that answers no ping within this long (ms) is dropped. */
  readonly pingIntervalMs: number;
  /** A connection with more than this many bytes waiting to be sent is dropped. */
  readonly maxBufferedBytes: number;
  readonly log: Logger;
  readonly metrics: ServerMetrics;
}

let nextConnectionId = 1;

/** setTimeout's longest delay (about 24.8 days); a longer one would fire at once. */
const maxTimerDelayMs = 2 ** 31 - 1;

export class SyncConnection implements RoomConnection {
  readonly id = nextConnectionId++;
  private readonly bucket: TokenBucket;
  private closing = false;
  private alive = true;
  /** Set by an update message, cleared by `takeWriteActivity`: the session is in use. */
  private wrote = false;
  private readonly pingTimer: NodeJS.Timeout;
  private expiryTimer: NodeJS.Timeout | undefined;
  private readonly out: FrameWriter;

  constructor(
    private readonly socket: WebSocket,
    /** The upgraded TCP stream under `socket`, for frames encoded once for many (`sendShared`). */
    stream: Duplex,
    readonly identity: Identity,
    private readonly room: Room,
    private readonly options: ConnectionOptions,
  ) {
    this.bucket = new TokenBucket(options.rateLimit);
    this.out = new FrameWriter(socket, stream);
    options.metrics.connections++;
    socket.on('message', this.onMessage);
    socket.on('close', this.onClose);
    socket.on('error', this.onError);
    socket.on('pong', () => {
      this.alive = true;
    });
    this.pingTimer = setInterval(() => {
      if (!this.alive) {
        this.options.log.info({ report: room.id, conn: this.id }, 'connection timed out');
        socket.terminate();
        return;
      }
      this.alive = false;
      socket.ping();
    }, options.pingIntervalMs);
    this.pingTimer.unref();
    options.log.debug({ report: room.id, conn: this.id, identity: identity.kind }, 'connection opened');
    room.join(this);
    const expiresAt = identityExpiresAt(identity);
    if (expiresAt !== undefined) this.closeAt(expiresAt);
  }

  /** Closes with 4401 once `expiresAt` (ms since the epoch) has passed; the timer keeps no process alive. */
  private closeAt(expiresAt: number): void {
    const delay = Math.min(Math.max(expiresAt - Date.now(), 0), maxTimerDelayMs);
    this.expiryTimer = setTimeout(() => {
      if (Date.now() < expiresAt) return this.closeAt(expiresAt);
      this.options.log.info({ report: this.room.id, conn: this.id }, 'connection closed: its access token expired');
      this.close(closeCodes.unauthenticated, 'token expired');
    }, delay);
    this.expiryTimer.unref();
  }

  /** Whether the peer sent an update since the last call (its session is in use). */
  takeWriteActivity(): boolean {
    const wrote = this.wrote;
    this.wrote = false;
    return wrote;
  }

  send(message: Uint8Array): void {
    if (!this.countSend(message)) return;
    this.out.send(message);
    this.dropIfNotReading();
  }

  /** Writes the message's frame, built once for all its recipients, to the socket (shared-frame.ts). */
  sendShared(message: Uint8Array): void {
    if (!this.countSend(message)) return;
    this.out.sendShared(message);
    this.dropIfNotReading();
  }

  /** Whether the socket is open for messages (and counts the message if so). */
  private countSend(message: Uint8Array): boolean {
    if (this.closing || this.socket.readyState !== this.socket.OPEN) return false;
    this.options.metrics.messagesOut++;
    this.options.metrics.bytesOut += message.length;
    return true;
  }

  private dropIfNotReading(): void {
    if (this.socket.bufferedAmount > this.options.maxBufferedBytes) this.dropSlowReader();
  }

  /**
   * The peer is not reading what it is sent. A close frame would queue behind the backlog it
   * does not read, so the socket is destroyed at once (the peer sees 1006, reconnects and
   * syncs: nothing is lost) and the backlog is freed.
   */
  private dropSlowReader(): void {
    this.closing = true;
    this.options.metrics.closedConnections.inc({ code: '1006' });
    this.options.log.warn(
      { report: this.room.id, conn: this.id, bufferedBytes: this.socket.bufferedAmount, limit: this.options.maxBufferedBytes },
      'connection dropped: it does not read what it is sent',
    );
    this.room.leave(this);
    this.socket.terminate();
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.options.metrics.closedConnections.inc({ code: String(code) });
    this.socket.close(code, reason);
    // The room forgets the connection at once: nothing more is applied from it or sent to it,
    // and its awareness disappears for the others now, not after the closing handshake.
    this.room.leave(this);
  }

  private readonly onMessage = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void => {
    if (this.closing) return;
    const frame = toBytes(data);
    this.options.metrics.messagesIn++;
    this.options.metrics.bytesIn += frame.length;
    if (!this.bucket.take()) {
      this.refuse(closeCodes.tooManyMessages, 'too many messages', 'rate limit exceeded');
      return;
    }
    if (!isBinary) {
      this.refuse(closeCodes.badMessage, 'text frames are not accepted', 'bad message');
      return;
    }
    let message;
    try {
      message = decodeIncomingMessage(frame);
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      this.refuse(closeCodes.badMessage, err.message, 'bad message');
      return;
    }
    if (message.type === 'update') this.wrote = true;
    this.room.receive(this, message);
  };

  private refuse(code: number, detail: string, reason: string): void {
    this.options.log.warn({ report: this.room.id, conn: this.id, code, detail }, 'connection refused input');
    this.close(code, reason);
  }

  private readonly onError = (err: Error & { code?: string }): void => {
    // `ws` closes the socket itself (1009 for WS_ERR_UNSUPPORTED_MESSAGE_LENGTH, 1002 for
    // protocol violations); log it once and count it.
    if (this.closing) return;
    this.closing = true;
    const code = err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? closeCodes.tooLarge : 1002;
    this.options.metrics.closedConnections.inc({ code: String(code) });
    this.options.log.warn({ report: this.room.id, conn: this.id, code, detail: err.message }, 'connection refused input');
    this.room.leave(this);
  };

  private readonly onClose = (): void => {
    clearInterval(this.pingTimer);
    clearTimeout(this.expiryTimer);
    this.options.metrics.connections--;
    this.closing = true;
    this.room.leave(this);
    this.options.log.debug({ report: this.room.id, conn: this.id }, 'connection closed');
  };
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
