/**
 * The server's limits and defaults, each explained where it is declared. `startServer` takes
 * overrides as options; `nianbao serve` reads them from its flags and `NIANBAO_*` variables
 * (cli/serve-config.ts). Nothing here knows about the command line.
 */
import { fileURLToPath } from 'node:url';
import type { LogLevel } from './log.ts';
import type { RateLimit } from './sync/rate-limit.ts';

export interface ServerLimits {
  /**
   * Largest websocket frame, in bytes. 10 MiB: the largest frame a real client sends is its
   * sync step 2 after working offline (a whole report with its history is 50–500 KiB; a day of
   * offline typing adds far less), so 10 MiB leaves room for twenty times that while bounding
   * what one frame can make the server buffer. `ws` refuses a larger frame from its header,
   * before buffering it, and closes with 1009.
   */
  maxMessageBytes: number;
  /**
   * Messages per connection: 200/s sustained, bursts of 1000. Someone typing fast sends about
   * 10 updates and 10 cursor moves a second; a reconnect sends 3 messages. The bucket only
   * empties under a flood (a stuck loop, an attack), which is closed with 4429.
   */
  rateLimit: RateLimit;
  /**
   * Unload a report from memory 60 s after its last connection closed. Short enough that an
   * office's reports do not pile up in memory, long enough that a page reload or a flaky link
   * (y-websocket reconnects within 2.5 s) finds the report still loaded.
   */
  idleUnloadMs: number;
  /**
   * Fold the update log into a snapshot after 1000 logged updates (a few minutes of typing).
   * Loading then applies one snapshot and at most ~1000 small updates, whatever the history.
   */
  compactAfterUpdates: number;
  /** Store a report's diagnostic counts (for the report list) at most every 2 s while edited. */
  countsIntervalMs: number;
  /** Largest REST request body: 64 KiB; the largest request, creating a report, is ~100 bytes. */
  maxBodyBytes: number;
  /** Ping each websocket every 30 s; one that has not answered the previous ping is dropped. */
  pingIntervalMs: number;
  /**
   * Bytes waiting to be sent to one connection past which it is dropped: 16 MiB. A reader that
   * stops reading (a frozen tab, a dead link the kernel has not noticed, an attack) would
   * otherwise make the server hold everything relayed to it, without bound. A live client never
   * comes near it: the largest message is a report's sync step 2 (under 1 MiB), and an office
   * typing produces kilobytes a second. The client reconnects and syncs; nothing is lost.
   */
  maxBufferedBytes: number;
  /**
   * Read the sessions and tokens behind the open websockets again every 5 s (one query for all
   * of them), and close the connections whose credential ended. A sign-out in the server closes
   * them at once; this is how `nianbao user passwd`, run in another process, reaches them.
   */
  credentialCheckMs: number;
}

export const defaultLimits: Readonly<ServerLimits> = Object.freeze({
  maxMessageBytes: 10 * 1024 * 1024,
  rateLimit: Object.freeze({ perSecond: 200, burst: 1000 }),
  idleUnloadMs: 60_000,
  compactAfterUpdates: 1000,
  countsIntervalMs: 2000,
  maxBodyBytes: 64 * 1024,
  pingIntervalMs: 30_000,
  maxBufferedBytes: 16 * 1024 * 1024,
  credentialCheckMs: 5000,
});

/** Loopback unless `--host` says otherwise: a server started without thinking about it is reachable from this machine only. */
export const defaultHost = '127.0.0.1';
export const defaultPort = 8080;
/** The built client, `vite build`'s output in the project (not relative to the working folder). */
export const defaultClientDir = fileURLToPath(new URL('../dist/client', import.meta.url));
export const defaultLogLevel: LogLevel = 'info';
