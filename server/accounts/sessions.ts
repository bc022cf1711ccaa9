/**
 * Sign-in sessions and short-lived access tokens.
 *
 * A session id is a 256-bit random secret sent in an HttpOnly cookie and stored only as its
 * digest. Sign-in always makes a new id (and drops the one the browser presented), so an id an
 * attacker planted before sign-in (session fixation) never becomes a signed-in session: the
 * server only honours ids it issued at sign-in. Sign-out and a password change delete sessions.
 *
 * The CSRF token is derived from the session id (a digest with its own purpose), so it is bound
 * to the session, needs no storage, changes with every sign-in, and does not reveal the id.
 *
 * Access tokens (`nianbao token NAME`) are for scripts and benchmarks: minted by the CLI straight
 * into the database (the running server sees them at once), sent as `Authorization: Bearer` or
 * `?token=` on the websocket, valid for a fixed time with no renewal.
 *
 * Open websockets outlive the request that authenticated them, so they are told when their
 * credential ends: at once for a session ended in this process (`onSessionEnded`), and for
 * everything else (the CLI's `user passwd` in another process, expiry) through `stillValid`,
 * which live-credentials.ts asks every few seconds about the credentials of open connections.
 */
import type { Clock } from './clock.ts';
import { digestSecret, newSecret, safeEqual } from './secrets.ts';
import type { AccountStore, StoredSession, User } from './store.ts';

export interface SessionPolicy {
  /**
   * A session unused for 8 hours ends: a working day of editing keeps it alive (every request and
   * websocket connection renews it), a PC left signed in overnight in a shared office does not.
   */
  readonly idleMs: number;
  /**
   * A session ends 7 days after sign-in however active it is, so a stolen cookie stops working
   * within a week and a password is typed at least weekly.
   */
  readonly absoluteMs: number;
  /**
   * `last_seen_at` is written at most once a minute per session: enough precision for an 8-hour
   * idle limit, and it keeps REST reads from turning into database writes.
   */
  readonly touchEveryMs: number;
}

export const defaultSessionPolicy: SessionPolicy = Object.freeze({
  idleMs: 8 * 60 * 60 * 1000,
  absoluteMs: 7 * 24 * 60 * 60 * 1000,
  touchEveryMs: 60 * 1000,
});

/** Default lifetime of an access token: one benchmark or script run. */
export const defaultTokenTtlMs = 60 * 60 * 1000;
/** Longest lifetime the CLI accepts: tokens are not meant to replace accounts. */
export const maxTokenTtlMs = 7 * 24 * 60 * 60 * 1000;
export const tokenPrefix = 'nbt_';

export interface SignedInSession {
  /** The secret for the cookie; never stored. */
  readonly id: string;
  readonly csrfToken: string;
  readonly user: User;
}

/** The CSRF token bound to a session id. */
export function csrfTokenFor(sessionId: string): string {
  return digestSecret('csrf', sessionId);
}

export function checkCsrfToken(sessionId: string, presented: string | undefined): boolean {
  return presented !== undefined && safeEqual(csrfTokenFor(sessionId), presented);
}

/** The digest a session is stored (and named on a connection's identity) by. */
export function sessionDigest(id: string): string {
  return digestSecret('session', id);
}

/** A live access token: its user, the digest it is stored by, and when it expires. */
export interface TokenGrant {
  readonly user: User;
  readonly digest: string;
  /** ms since the epoch. */
  readonly expiresAt: number;
}

/** Credentials of open connections, by digest (`Sessions.stillValid`). */
export interface CredentialDigests {
  readonly sessions: readonly string[];
  readonly tokens: readonly string[];
}

export class Sessions {
  private readonly endedListeners = new Set<(digest: string) => void>();

  constructor(
    private readonly store: AccountStore,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy = defaultSessionPolicy,
  ) {}

  /**
   * Calls `listener` with the digest of every session this process ends (sign-out, sign-in
   * over it, expiry found on use). Returns the function that stops it.
   */
  onSessionEnded(listener: (digest: string) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  private async endByDigest(digest: string): Promise<void> {
    await this.store.deleteSession(digest);
    for (const listener of this.endedListeners) listener(digest);
  }

  /** Starts a session for `user` after a successful sign-in, ending `previousId` if given. */
  async start(user: User, previousId?: string): Promise<SignedInSession> {
    if (previousId !== undefined) await this.endByDigest(sessionDigest(previousId));
    const id = newSecret();
    await this.store.insertSession(sessionDigest(id), user.id, this.clock());
    return { id, csrfToken: csrfTokenFor(id), user };
  }

  /** The user of a live session (renewing its idle time), or undefined for an unknown or expired id. */
  async resolve(id: string): Promise<User | undefined> {
    const digest = sessionDigest(id);
    const session = await this.store.getSession(digest);
    if (!session) return undefined;
    const now = this.clock();
    if (this.idle(session, now) || this.tooOld(session, now)) {
      await this.endByDigest(digest);
      return undefined;
    }
    if (now - session.lastSeenAt >= this.policy.touchEveryMs) await this.store.touchSession(digest, now);
    return this.store.getUser(session.userId);
  }

  async end(id: string): Promise<void> {
    await this.endByDigest(sessionDigest(id));
  }

  private idle(session: StoredSession, now: number): boolean {
    return now - session.lastSeenAt >= this.policy.idleMs;
  }

  private tooOld(session: StoredSession, now: number): boolean {
    return now - session.createdAt >= this.policy.absoluteMs;
  }

  /**
   * Which of these credentials still hold, read in one query: a session stored and neither
   * idle nor past its absolute limit, a token stored and unexpired. A session in `inUse` (its
   * connection wrote since the last ask) is renewed as a request renews it, so that a day of
   * editing over one websocket keeps it; one whose connections only sit open idles out.
   */
  async stillValid(digests: CredentialDigests, inUse: ReadonlySet<string>): Promise<{ sessions: Set<string>; tokens: Set<string> }> {
    const stored = await this.store.liveCredentials(digests.sessions, digests.tokens);
    const now = this.clock();
    const sessions = new Set<string>();
    const renew: string[] = [];
    for (const [digest, session] of stored.sessions) {
      if (this.tooOld(session, now)) continue;
      if (inUse.has(digest)) {
        if (now - session.lastSeenAt >= this.policy.touchEveryMs) renew.push(digest);
      } else if (this.idle(session, now)) continue;
      sessions.add(digest);
    }
    if (renew.length > 0) await this.store.touchSessions(renew, now);
    const tokens = new Set<string>();
    for (const [digest, token] of stored.tokens) if (now < token.expiresAt) tokens.add(digest);
    return { sessions, tokens };
  }

  /** Mints an access token for `user`, valid for `ttlMs`. */
  async mintToken(user: User, ttlMs: number = defaultTokenTtlMs): Promise<{ token: string; expiresAt: number }> {
    if (!(ttlMs > 0 && ttlMs <= maxTokenTtlMs)) throw new RangeError(`token lifetime out of range: ${ttlMs} ms`);
    const token = newSecret(tokenPrefix);
    const now = this.clock();
    const expiresAt = now + ttlMs;
    await this.store.insertToken(digestSecret('token', token), user.id, now, expiresAt);
    return { token, expiresAt };
  }

  /** The user of a live access token, or undefined. */
  async resolveToken(token: string): Promise<User | undefined> {
    return (await this.grantOf(token))?.user;
  }

  /** A live access token's user, digest and expiry, or undefined. */
  async grantOf(token: string): Promise<TokenGrant | undefined> {
    if (!token.startsWith(tokenPrefix)) return undefined;
    const digest = digestSecret('token', token);
    const stored = await this.store.getToken(digest);
    if (!stored || this.clock() >= stored.expiresAt) return undefined;
    const user = await this.store.getUser(stored.userId);
    return user && { user, digest, expiresAt: stored.expiresAt };
  }

  /** Deletes expired sessions and tokens (run hourly by the server). */
  async sweep(): Promise<{ sessions: number; tokens: number }> {
    const now = this.clock();
    const sessions = await this.store.deleteExpiredSessions(now - this.policy.idleMs, now - this.policy.absoluteMs);
    const tokens = await this.store.deleteExpiredTokens(now);
    return { sessions, tokens };
  }
}
