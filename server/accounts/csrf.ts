/**
 * Cross-site request forgery defence for cookie-borne requests, two independent checks:
 *
 * 1. Synchronizer token: a state-changing request (POST, PUT, PATCH, DELETE) carrying a session
 *    cookie must send `X-CSRF-Token` equal to the token bound to that session (`GET /api/session`
 *    hands it out; `sessions.ts` derives it). Another site cannot read it.
 * 2. Same origin: its `Origin` header (or, if a browser omitted that, `Referer`) must name this
 *    server's host. Requests with neither are refused: every browser sends `Origin` on
 *    cross-origin and on non-GET same-origin fetches.
 *
 * Bearer-token requests are exempt: a browser never attaches that header by itself, so a
 * forged request cannot carry one. Sign-in (`POST /api/session`) has no session yet and is held
 * to the origin check only, which stops login CSRF (signing a victim into the attacker's account).
 */
import type { IncomingMessage } from 'node:http';
import { checkCsrfToken } from './sessions.ts';

export const csrfHeader = 'x-csrf-token';

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isStateChanging(method: string | undefined): boolean {
  return stateChanging.has((method ?? 'GET').toUpperCase());
}

/** Null if the request comes from this server's own pages, else why not (English, for the log). */
export function sameOriginProblem(req: IncomingMessage): string | null {
  const host = req.headers.host;
  if (!host) return 'no Host header';
  const origin = req.headers.origin;
  const source = origin !== undefined ? origin : req.headers.referer;
  if (source === undefined) return 'neither Origin nor Referer';
  let sourceHost: string;
  try {
    sourceHost = new URL(source).host;
  } catch {
    return `unreadable ${origin !== undefined ? 'Origin' : 'Referer'}: ${source.slice(0, 80)}`;
  }
  // Hosts only, not schemes: behind a TLS-terminating proxy the browser's origin is https while
  // the request reaching us is http, with the Host header passed through.
  return sourceHost.toLowerCase() === host.toLowerCase() ? null : `cross-origin request from ${sourceHost}`;
}

/** Null if a cookie-authenticated request may change state, else why not. */
export function csrfProblem(req: IncomingMessage, sessionId: string): string | null {
  if (!isStateChanging(req.method)) return null;
  const header = req.headers[csrfHeader];
  const token = Array.isArray(header) ? header[0] : header;
  if (!checkCsrfToken(sessionId, token)) return token === undefined ? 'missing X-CSRF-Token' : 'wrong X-CSRF-Token';
  return sameOriginProblem(req);
}
