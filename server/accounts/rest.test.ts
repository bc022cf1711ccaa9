/**
 * The REST side of accounts against a real server on port 0: 401 without a session or token,
 * 403 without a role, sign-in/out, session fixation, CSRF, sign-in rate limits, members, audit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sampleReportId } from '../reports.ts';
import { TestBed } from '../test-support/test-bed.ts';
import { addPerson, bearer, browserHeaders, signIn, testPassword } from './test-support/people.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

async function accountsServer() {
  return bed.server({ auth: 'accounts' });
}

describe('REST with accounts', () => {
  it('answers 401 to every /api route without a session or token, and leaves /healthz and /metrics open', async () => {
    const server = await accountsServer();
    for (const [method, path] of [
      ['GET', '/api/reports'],
      ['POST', '/api/reports'],
      ['GET', `/api/reports/${sampleReportId}`],
      ['GET', `/api/reports/${sampleReportId}/data`],
      ['GET', `/api/reports/${sampleReportId}/members`],
      ['GET', '/api/session'],
    ]) {
      const res = await fetch(`${server.url}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: '请先登录' } });
    }
    const forged = await fetch(`${server.url}/api/reports`, { headers: bearer('nbt_forged') });
    expect(forged.status).toBe(401);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
  });

  it('answers 403 and no data to a user without a role, and lists only the caller\'s reports', async () => {
    const server = await accountsServer();
    const outsider = await addPerson(server, 'outsider');
    for (const path of ['', '/data', '/diagnostics', '/members', '/audit']) {
      const res = await fetch(`${server.url}/api/reports/${sampleReportId}${path}`, { headers: bearer(outsider.token) });
      expect(res.status, path).toBe(403);
      const text = await res.text();
      expect(text).not.toContain('余杭');
      expect(JSON.parse(text)).toEqual({ error: { code: 'forbidden', message: '您没有此年报的访问权限' } });
    }
    // An unknown report answers the same: no hint which ids exist.
    expect((await fetch(`${server.url}/api/reports/no-such-report`, { headers: bearer(outsider.token) })).status).toBe(403);
    const list = (await (await fetch(`${server.url}/api/reports`, { headers: bearer(outsider.token) })).json()) as { reports: unknown[] };
    expect(list.reports).toEqual([]);

    const viewer = await addPerson(server, 'viewer', { reportId: sampleReportId, rights: { role: 'viewer', parts: 'all' } });
    const seen = (await (await fetch(`${server.url}/api/reports`, { headers: bearer(viewer.token) })).json()) as { reports: { id: string }[] };
    expect(seen.reports.map((r) => r.id)).toEqual([sampleReportId]);
    expect((await fetch(`${server.url}/api/reports/${sampleReportId}/data`, { headers: bearer(viewer.token) })).status).toBe(200);
  });

  it('signs in with an HttpOnly SameSite cookie, tells who is signed in with the CSRF token, and signs out', async () => {
    const server = await accountsServer();
    const zhangsan = await addPerson(server, 'zhangsan', { reportId: sampleReportId, rights: { role: 'editor', parts: 'all' } });
    const session = await signIn(server.url, 'zhangsan');
    expect(session.setCookie).toMatch(/^nianbao_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    const me = await fetch(`${server.url}/api/session`, { headers: { Cookie: session.cookie } });
    expect(await me.json()).toEqual({ user: { id: String(zhangsan.user.id), name: 'zhangsan', displayName: 'zhangsan', role: 'staff' }, via: 'session', csrfToken: session.csrfToken });

    const out = await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: browserHeaders(server.url, session) });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await fetch(`${server.url}/api/session`, { headers: { Cookie: session.cookie } })).status).toBe(401);
  });

  it('refuses a wrong password and an unknown name alike', async () => {
    const server = await accountsServer();
    await addPerson(server, 'zhangsan');
    for (const [name, password] of [['zhangsan', 'wrong-password-1'], ['nobody', testPassword]]) {
      const res = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: server.url },
        body: JSON.stringify({ name, password }),
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'wrong-credentials', message: '用户名或密码不正确' } });
    }
  });

  it('session fixation: a planted cookie is not honoured, and sign-in issues a new id', async () => {
    const server = await accountsServer();
    await addPerson(server, 'zhangsan');
    const planted = 'nianbao_session=planted-by-attacker-000000000000000000000000';
    expect((await fetch(`${server.url}/api/session`, { headers: { Cookie: planted } })).status).toBe(401);
    const session = await signIn(server.url, 'zhangsan', testPassword, { Cookie: planted });
    expect(session.cookie).not.toBe(planted);
    expect((await fetch(`${server.url}/api/session`, { headers: { Cookie: planted } })).status).toBe(401);
    // Signing in again rotates: the previous id stops working.
    const again = await signIn(server.url, 'zhangsan', testPassword, { Cookie: session.cookie });
    expect((await fetch(`${server.url}/api/session`, { headers: { Cookie: session.cookie } })).status).toBe(401);
    expect((await fetch(`${server.url}/api/session`, { headers: { Cookie: again.cookie } })).status).toBe(200);
  });

  it('CSRF: a cookie-borne change needs the session\'s token and a same-origin Origin; Bearer requests are exempt', async () => {
    const server = await accountsServer();
    const admin = await addPerson(server, 'chief', { role: 'admin' });
    const session = await signIn(server.url, 'chief');
    const body = JSON.stringify({ agency: '临平区民政局', kind: 'department', year: 2025 });
    const post = (headers: Record<string, string>) => fetch(`${server.url}/api/reports`, { method: 'POST', headers, body });
    const good = browserHeaders(server.url, session);
    const { 'X-CSRF-Token': _omit, ...missing } = good;
    for (const [what, headers] of [
      ['missing token', missing],
      ['wrong token', { ...good, 'X-CSRF-Token': 'x'.repeat(43) }],
      ['another session\'s token', { ...good, 'X-CSRF-Token': (await signIn(server.url, 'chief')).csrfToken }],
      ['cross-origin', { ...good, Origin: 'http://evil.example' }],
      ['no Origin or Referer', (({ Origin: _o, ...rest }) => rest)(good)],
    ] as const) {
      const res = await post(headers as Record<string, string>);
      expect(res.status, what).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf');
    }
    expect((await fetch(`${server.url}/api/reports`)).status).toBe(401);
    expect((await post(good)).status).toBe(201);
    expect((await post({ ...bearer(admin.token), 'Content-Type': 'application/json' })).status).toBe(201);
    // Sign-in itself from another origin (login CSRF) is refused.
    const login = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' },
      body: JSON.stringify({ name: 'chief', password: testPassword }),
    });
    expect(login.status).toBe(403);
  });

  it('rate-limits sign-in per account and address, while colleagues on the same address sign in', async () => {
    const server = await accountsServer();
    await addPerson(server, 'director');
    await addPerson(server, 'clerk');
    const attempt = (name: string, password: string) =>
      fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: server.url },
        body: JSON.stringify({ name, password }),
      });
    for (let i = 0; i < 5; i++) expect((await attempt('director', `guess-number-${i}`)).status).toBe(401);
    const limited = await attempt('director', testPassword);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate-limited');
    expect((await attempt('clerk', testPassword)).status).toBe(200);
  });

  it('behind a trusted proxy, limits sign-in per forwarded address; without trust, the header changes nothing', async () => {
    for (const trustProxy of [true, false]) {
      const server = await bed.server({ auth: 'accounts', trustProxy });
      await addPerson(server, 'director');
      const attempt = (from: string, password: string) =>
        fetch(`${server.url}/api/session`, {
          method: 'POST',
          // What nginx sends: whatever the client claimed, then the address it saw.
          headers: { 'Content-Type': 'application/json', Origin: server.url, 'X-Forwarded-For': `127.0.0.1, ${from}` },
          body: JSON.stringify({ name: 'director', password }),
        });
      for (let i = 0; i < 5; i++) expect((await attempt('203.0.113.7', `guess-number-${i}`)).status).toBe(401);
      expect((await attempt('203.0.113.7', testPassword)).status).toBe(429);
      // The director at another office: a different address behind the same proxy.
      expect((await attempt('198.51.100.20', testPassword)).status, `trustProxy ${trustProxy}`).toBe(trustProxy ? 200 : 429);
    }
  });

  it('makes the creator of a report its owner; the owner manages members; a report keeps one owner', async () => {
    const server = await accountsServer();
    const creator = await addPerson(server, 'creator');
    const clerk = await addPerson(server, 'clerk');
    const session = await signIn(server.url, 'creator');
    const h = browserHeaders(server.url, session);
    const created = await fetch(`${server.url}/api/reports`, { method: 'POST', headers: h, body: JSON.stringify({ agency: '临平区民政局', kind: 'department', year: 2025 }) });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { report: { id: string } }).report.id;
    const members = async () => ((await (await fetch(`${server.url}/api/reports/${id}/members`, { headers: bearer(creator.token) })).json()) as { members: unknown[] }).members;
    expect(await members()).toEqual([{ id: String(creator.user.id), name: 'creator', displayName: 'creator', role: 'owner', parts: 'all', signs: [] }]);

    const put = (name: string, body: unknown, headers = h) => fetch(`${server.url}/api/reports/${id}/members/${encodeURIComponent(name)}`, { method: 'PUT', headers, body: JSON.stringify(body) });
    expect((await put('clerk', { role: 'editor', parts: ['proactive'] })).status).toBe(200);
    const invalid = await put('clerk', { role: 'viewer', parts: ['proactive'] });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { message: string } }).error.message).toBe('只有编辑可以限定负责的部分，查看者不能');
    expect((await put('nobody', { role: 'viewer' })).status).toBe(404);
    expect((await put('creator', { role: 'viewer' })).status).toBe(409);

    // The clerk (an editor) may read members but not change them.
    const clerkSession = await signIn(server.url, 'clerk');
    expect((await put('clerk', { role: 'owner' }, browserHeaders(server.url, clerkSession))).status).toBe(403);
    expect(await members()).toContainEqual({ id: String(clerk.user.id), name: 'clerk', displayName: 'clerk', role: 'editor', parts: ['proactive'], signs: [] });

    const removed = await fetch(`${server.url}/api/reports/${id}/members/clerk`, { method: 'DELETE', headers: h });
    expect(removed.status).toBe(204);
    expect((await fetch(`${server.url}/api/reports/${id}`, { headers: browserHeaders(server.url, clerkSession) })).status).toBe(403);
  });
});
