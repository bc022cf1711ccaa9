/**
 * People on a test server with accounts: users made in-process (no CLI round trip), their
 * memberships, access tokens, and browser-like sign-in over HTTP (cookie + CSRF token).
 */
import type { Rights } from '../../../schema/permissions.ts';
import type { RunningServer } from '../../app.ts';
import type { User } from '../store.ts';

export const testPassword = 'test-password-0123';

export interface Person {
  readonly user: User;
  /** A 1-hour access token: `Authorization: Bearer` or `?token=`. */
  readonly token: string;
}

export async function addPerson(
  server: RunningServer,
  name: string,
  options: { rights?: Rights; reportId?: string; role?: 'admin' | 'staff'; displayName?: string } = {},
): Promise<Person> {
  const accounts = server.accounts!;
  const user = await accounts.users.add(name, testPassword, options.role ?? 'staff', options.displayName ?? name);
  if (options.rights) await accounts.access.setMember(options.reportId!, user, options.rights);
  const { token } = await accounts.sessions.mintToken(user);
  return { user, token };
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export interface BrowserSession {
  /** `name=value` for the Cookie header. */
  readonly cookie: string;
  readonly csrfToken: string;
  /** The raw Set-Cookie header of the sign-in answer. */
  readonly setCookie: string;
}

/** Signs in like the browser does: POST /api/session from the server's own origin. */
export async function signIn(url: string, name: string, password = testPassword, extraHeaders: Record<string, string> = {}): Promise<BrowserSession> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: url, ...extraHeaders },
    body: JSON.stringify({ name, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${name} answered ${res.status}: ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: setCookie.split(';')[0], csrfToken: body.csrfToken, setCookie };
}

/** Headers of a same-origin, CSRF-protected browser request. */
export function browserHeaders(url: string, session: BrowserSession): Record<string, string> {
  return { Cookie: session.cookie, Origin: url, 'X-CSRF-Token': session.csrfToken, 'Content-Type': 'application/json' };
}
