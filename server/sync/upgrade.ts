/**
 * The websocket door: `GET /sync/<reportId>` with `Upgrade: websocket`. Everything that can be
 * refused is refused with a plain HTTP answer before the websocket is accepted, in this order:
 * a server shutting down (503); a path that cannot be read (400) or names no report id (404);
 * a failed `authenticate` (401 without valid credentials, 403 without a role); and only then
 * the report's lookup, where an unknown report gets the very answer of a forbidden one (403).
 * So whoever may not read a report neither loads it into memory nor learns whether it exists.
 * The report is held in memory from the lookup to the join so that it cannot unload in between.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { rightsCloseCodes } from '../../schema/permissions.ts';
import { reportNotOpenable, type Authenticate, type Identity } from '../hooks.ts';
import { securityHeaderLines } from '../http/security-headers.ts';
import type { Logger } from '../log.ts';
import type { RoomRegistry } from '../room/registry.ts';
import { SyncConnection, type ConnectionOptions } from './connection.ts';

export const syncPathPrefix = '/sync/';
/** Report ids: what `POST /api/reports` makes, and the sample's readable id. */
export const reportIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

export interface SyncUpgradeOptions extends ConnectionOptions {
  readonly rooms: RoomRegistry;
  readonly authenticate: Authenticate;
  /** Largest frame accepted (bytes); larger ones close the connection with 1009. */
  readonly maxMessageBytes: number;
  /**
   * Asked as the websocket is accepted, after `authenticate` and the report's load: whether the
   * identity's credential still holds (accounts/live-credentials.ts). One that ended meanwhile
   * is closed with 4401 at once.
   */
  readonly admits?: (identity: Identity) => boolean;
}

export class SyncUpgrade {
  readonly wss: WebSocketServer;
  private readonly sockets = new Set<SyncConnection>();
  private accepting = true;

  constructor(private readonly options: SyncUpgradeOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxMessageBytes,
      // Yjs updates are small and already compact; deflate costs CPU on every fan-out.
      perMessageDeflate: false,
    });
  }

  private get log(): Logger {
    return this.options.log;
  }

  /** The `upgrade` listener for the HTTP server. */
  readonly handle = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    void this.upgrade(request, socket, head).catch((err: unknown) => {
      // The path only: the query may hold an access token.
      this.log.error({ err, path: pathOf(request.url) }, 'websocket upgrade failed');
      rejectUpgrade(socket, 500, '服务器内部错误');
    });
  };

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (!this.accepting) return rejectUpgrade(socket, 503, '服务器正在关闭');
    const target = syncTarget(request.url);
    if (target.kind === 'unreadable') {
      this.log.warn({ path: pathOf(request.url) }, 'websocket upgrade with an unreadable path');
      return rejectUpgrade(socket, 400, '请求地址无效');
    }
    if (target.kind === 'elsewhere') {
      this.log.warn({ path: pathOf(request.url) }, 'websocket upgrade to an unknown path');
      return rejectUpgrade(socket, 404, '没有这个同步地址');
    }
    const id = target.reportId;
    const verdict = await this.options.authenticate(request, id);
    if (!verdict.ok) {
      this.log.warn({ report: id, status: verdict.rejection.status }, 'websocket upgrade refused');
      return rejectUpgrade(socket, verdict.rejection.status, verdict.rejection.message);
    }
    // Authentication awaited the database: the server may have begun to shut down meanwhile.
    if (!this.accepting) return rejectUpgrade(socket, 503, '服务器正在关闭');
    const room = await this.options.rooms.hold(id);
    if (!room) {
      this.log.warn({ report: id }, 'websocket upgrade for an unknown report');
      return rejectUpgrade(socket, reportNotOpenable.status, reportNotOpenable.message);
    }
    try {
      if (!this.accepting || socket.destroyed) return rejectUpgrade(socket, 503, '服务器正在关闭');
      await new Promise<void>((resolve) => {
        this.wss.handleUpgrade(request, socket, head, (ws) => {
          // Its credential ended while the report was loading: it was not open to be closed then.
          if (this.options.admits && !this.options.admits(verdict.identity)) {
            ws.close(rightsCloseCodes.unauthenticated, 'signed out');
            resolve();
            return;
          }
          const connection = new SyncConnection(ws, socket, verdict.identity, room, this.options);
          this.sockets.add(connection);
          ws.once('close', () => this.sockets.delete(connection));
          resolve();
        });
        // handleUpgrade answers bad handshakes itself (400) without calling back.
        socket.once('close', () => resolve());
      });
    } finally {
      this.options.rooms.release(room);
    }
  }

  /** Stops accepting new websockets (answered 503). Open ones are closed by their rooms. */
  stopAccepting(): void {
    this.accepting = false;
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  /** The websockets accepted and not yet closed, in every room. */
  openConnections(): Iterable<SyncConnection> {
    return this.sockets.values();
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

type SyncTarget = { readonly kind: 'report'; readonly reportId: string } | { readonly kind: 'elsewhere' } | { readonly kind: 'unreadable' };

/** What an upgrade's URL asks for: a report id, another path, or nothing readable (bad percent-encoding). */
function syncTarget(url: string | undefined): SyncTarget {
  let path: string;
  let id: string;
  try {
    path = new URL(url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith(syncPathPrefix)) return { kind: 'elsewhere' };
    id = decodeURIComponent(path.slice(syncPathPrefix.length));
  } catch {
    return { kind: 'unreadable' };
  }
  return reportIdPattern.test(id) ? { kind: 'report', reportId: id } : { kind: 'elsewhere' };
}

/** The path of a request URL without its query (which may hold `?token=`), for the log. */
function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return (query === -1 ? raw : raw.slice(0, query)).slice(0, 200);
}

/** Answers an upgrade request with an HTTP error and the JSON error body the REST API uses. */
function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code: upgradeErrorCodes[status] ?? 'error', message } });
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json; charset=utf-8\r\n' +
      securityHeaderLines +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

const statusText: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
const upgradeErrorCodes: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  500: 'internal',
  503: 'shutting-down',
};
