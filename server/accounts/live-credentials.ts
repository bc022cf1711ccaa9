/**
 * An open websocket ends with the credential that opened it: its connections close with 4401
 * when the session or access token behind them ends (docs/api.md, "Close codes").
 *
 * - A session ended in this process (sign-out, a sign-in over it, expiry found on use): at once,
 *   through `Sessions.onSessionEnded`.
 * - Anything else — `nianbao user passwd` in another process deletes the user's sessions and
 *   tokens straight in the database, and nothing tells the server — is found by `check`: every
 *   `checkEveryMs` (a few seconds) one query reads which of the credentials behind the open
 *   connections are still stored and unexpired; the connections of the others are closed. The
 *   same check renews sessions whose connections wrote since the last one, as a request would.
 * - An access token's expiry is known in advance: the connection closes at that moment itself
 *   (sync/connection.ts), and `check` would find it expired anyway.
 */
import { rightsCloseCodes } from '../../schema/permissions.ts';
import { credentialOf, type Credential, type Identity } from '../hooks.ts';
import type { Logger } from '../log.ts';
import type { Sessions } from './sessions.ts';

/** What the check needs of an open connection (`SyncConnection`). */
export interface CredentialedConnection {
  readonly identity: Identity;
  close(code: number, reason: string): void;
  /** Whether the peer wrote since the last call (clears it). */
  takeWriteActivity(): boolean;
}

/** Close reasons of 4401, for the log and the curious; the browser acts on the code alone. */
export const credentialEndReasons = {
  signedOut: 'signed out',
  sessionEnded: 'session ended',
  tokenEnded: 'token ended',
} as const;

/** How long an ended session is remembered for upgrades still under way (ms). */
const endedMemoryMs = 60_000;

export interface LiveCredentialsOptions {
  readonly sessions: Sessions;
  readonly log: Logger;
  /** How often the credentials of open connections are read again (ms). */
  readonly checkEveryMs: number;
}

export class LiveCredentials {
  private connections: () => Iterable<CredentialedConnection> = () => [];
  private timer: NodeJS.Timeout | undefined;
  /** The check under way, if any: a second caller shares it. */
  private running: Promise<number> | undefined;
  private readonly stopListening: () => void;

  /**
   * Sessions ended in this process lately (digest → when), for connections whose upgrade was
   * authenticated before the end but accepted after it (the report was loading meanwhile): they
   * were not open to be closed then (`admits`).
   */
  private readonly ended = new Map<string, number>();

  constructor(private readonly options: LiveCredentialsOptions) {
    this.stopListening = options.sessions.onSessionEnded((digest) => {
      this.remember(digest);
      const closed = this.closeWhere((credential) => credential.kind === 'session' && credential.digest === digest, credentialEndReasons.signedOut);
      if (closed > 0) options.log.info({ closed }, 'session ended: closed its connections');
    });
  }

  /**
   * Whether a connection authenticated as `identity` may open now: not if its session ended
   * since (a sign-out between the upgrade's authentication and its acceptance).
   */
  admits(identity: Identity): boolean {
    const credential = credentialOf(identity);
    return credential?.kind !== 'session' || !this.ended.has(credential.digest);
  }

  /** Remembers an ended session for as long as an upgrade may take (a minute), forgetting older ones. */
  private remember(digest: string): void {
    const now = Date.now();
    for (const [old, at] of this.ended) {
      if (now - at < endedMemoryMs) break;
      this.ended.delete(old);
    }
    this.ended.set(digest, now);
  }

  /** Starts checking the connections `open` lists, every `checkEveryMs`. */
  watch(open: () => Iterable<CredentialedConnection>): void {
    this.connections = open;
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      this.check().catch((err: unknown) => this.options.log.error({ err }, 'checking the credentials of open connections failed'));
    }, this.options.checkEveryMs);
    this.timer.unref();
  }

  /**
   * Reads the credentials of the open connections again (one query) and closes, with 4401, the
   * connections whose credential ended. Resolves with how many it closed.
   */
  check(): Promise<number> {
    this.running ??= this.checkOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async checkOnce(): Promise<number> {
    const open: { connection: CredentialedConnection; credential: Credential }[] = [];
    const sessions = new Set<string>();
    const tokens = new Set<string>();
    const inUse = new Set<string>();
    for (const connection of this.connections()) {
      const credential = credentialOf(connection.identity);
      if (!credential) continue;
      open.push({ connection, credential });
      if (credential.kind === 'token') tokens.add(credential.digest);
      else {
        sessions.add(credential.digest);
        if (connection.takeWriteActivity()) inUse.add(credential.digest);
      }
    }
    if (open.length === 0) return 0;
    const valid = await this.options.sessions.stillValid({ sessions: [...sessions], tokens: [...tokens] }, inUse);
    let closed = 0;
    for (const { connection, credential } of open) {
      if (credential.kind === 'session' ? valid.sessions.has(credential.digest) : valid.tokens.has(credential.digest)) continue;
      connection.close(rightsCloseCodes.unauthenticated, credential.kind === 'session' ? credentialEndReasons.sessionEnded : credentialEndReasons.tokenEnded);
      closed++;
    }
    if (closed > 0) this.options.log.info({ closed }, 'credentials ended: closed their connections');
    return closed;
  }

  private closeWhere(ended: (credential: Credential) => boolean, reason: string): number {
    let closed = 0;
    for (const connection of [...this.connections()]) {
      const credential = credentialOf(connection.identity);
      if (!credential || !ended(credential)) continue;
      connection.close(rightsCloseCodes.unauthenticated, reason);
      closed++;
    }
    return closed;
  }

  stop(): void {
    clearInterval(this.timer);
    this.stopListening();
  }
}
