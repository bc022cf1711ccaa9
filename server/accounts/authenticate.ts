/**
 * Who sent a request: a signed-in session (cookie), an access token (`Authorization: Bearer`,
 * or `?token=` on a websocket URL, where browsers cannot set headers), or no one.
 */
import type { IncomingMessage } from 'node:http';
import { parseCookies, sessionCookieName, type CookieOptions } from './cookies.ts';
import type { Sessions } from './sessions.ts';
import type { User } from './store.ts';

export type Principal =
  | { readonly via: 'session'; readonly user: User; readonly sessionId: string }
  | { readonly via: 'token'; readonly user: User; readonly tokenDigest: string; readonly expiresAt: number };

/** The session id the request's cookie presents (whether or not it is valid). */
export function presentedSessionId(req: IncomingMessage, cookies: CookieOptions): string | undefined {
  const id = parseCookies(req.headers.cookie).get(sessionCookieName(cookies));
  return id === undefined || id === '' ? undefined : id;
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export interface RequestAuthentication {
  readonly sessions: Sessions;
  readonly cookies: CookieOptions;
}

/**
 * The principal of a REST request or websocket upgrade, or undefined. A request that presents a
 * token is judged by the token alone (a bad token is not rescued by a cookie).
 */
export async function authenticateRequest(
  req: IncomingMessage,
  auth: RequestAuthentication,
  options: { allowQueryToken: boolean },
): Promise<Principal | undefined> {
  let token = bearerToken(req);
  if (token === undefined && options.allowQueryToken) {
    token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? undefined;
  }
  if (token !== undefined) {
    const grant = await auth.sessions.grantOf(token);
    return grant && { via: 'token', user: grant.user, tokenDigest: grant.digest, expiresAt: grant.expiresAt };
  }
  const sessionId = presentedSessionId(req, auth.cookies);
  if (sessionId === undefined) return undefined;
  const user = await auth.sessions.resolve(sessionId);
  return user && { via: 'session', user, sessionId };
}
