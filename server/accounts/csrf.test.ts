import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, parseCookies, sessionCookie, sessionCookieName } from './cookies.ts';
import { csrfProblem, sameOriginProblem } from './csrf.ts';
import { csrfTokenFor } from './sessions.ts';

function request(method: string, headers: Record<string, string>): IncomingMessage {
  return { method, headers } as unknown as IncomingMessage;
}

describe('CSRF checks', () => {
  const session = 'a-session-id-of-43-characters-000000000000';
  const good = { host: 'nianbao.example:8080', origin: 'http://nianbao.example:8080', 'x-csrf-token': csrfTokenFor(session) };

  it('lets reads through without a token', () => {
    expect(csrfProblem(request('GET', { host: good.host }), session)).toBeNull();
  });

  it('requires the session\'s token and a same-origin Origin on every state-changing method', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(csrfProblem(request(method, good), session)).toBeNull();
      expect(csrfProblem(request(method, { ...good, 'x-csrf-token': '' }), session)).toBe('wrong X-CSRF-Token');
      const { 'x-csrf-token': _t, ...noToken } = good;
      expect(csrfProblem(request(method, noToken), session)).toBe('missing X-CSRF-Token');
      expect(csrfProblem(request(method, { ...good, 'x-csrf-token': csrfTokenFor('another session') }), session)).toBe('wrong X-CSRF-Token');
      expect(csrfProblem(request(method, { ...good, origin: 'http://evil.example' }), session)).toBe('cross-origin request from evil.example');
    }
  });

  it('falls back to Referer, accepts an https origin through a TLS proxy, and refuses requests with neither header', () => {
    const { origin: _o, ...noOrigin } = good;
    expect(sameOriginProblem(request('POST', { ...noOrigin, referer: 'http://nianbao.example:8080/reports/x' }))).toBeNull();
    expect(sameOriginProblem(request('POST', { ...good, origin: 'https://nianbao.example:8080' }))).toBeNull();
    expect(sameOriginProblem(request('POST', noOrigin))).toBe('neither Origin nor Referer');
    expect(sameOriginProblem(request('POST', { ...good, origin: 'null' }))).toBe('unreadable Origin: null');
  });
});

describe('the session cookie', () => {
  it('is HttpOnly and SameSite=Lax; behind https Secure with the __Host- prefix', () => {
    expect(sessionCookie('abc', { secure: false })).toBe('nianbao_session=abc; Path=/; HttpOnly; SameSite=Lax');
    expect(sessionCookie('abc', { secure: true })).toBe('__Host-nianbao_session=abc; Path=/; HttpOnly; SameSite=Lax; Secure');
    expect(clearedSessionCookie({ secure: false })).toContain('Max-Age=0');
    expect(sessionCookieName({ secure: true })).toBe('__Host-nianbao_session');
  });

  it('parses Cookie headers, first value winning', () => {
    const cookies = parseCookies('a=1; nianbao_session=first; nianbao_session=second; b="quoted"');
    expect(cookies.get('nianbao_session')).toBe('first');
    expect(cookies.get('b')).toBe('quoted');
    expect(parseCookies(undefined).size).toBe(0);
  });
});
