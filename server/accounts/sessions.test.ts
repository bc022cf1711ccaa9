import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCsrfToken, csrfTokenFor, defaultSessionPolicy, sessionDigest, Sessions } from './sessions.ts';
import { digestSecret } from './secrets.ts';
import { SqliteAccountStore } from './sqlite-store.ts';
import type { User } from './store.ts';
import { openTestAccountsDatabase } from './test-support/database.ts';

const hour = 60 * 60 * 1000;

describe('sessions and access tokens', () => {
  let env: ReturnType<typeof openTestAccountsDatabase>;
  let store: SqliteAccountStore;
  let now: number;
  let sessions: Sessions;
  let user: User;

  beforeEach(async () => {
    env = openTestAccountsDatabase();
    store = new SqliteAccountStore(env.db);
    now = Date.UTC(2025, 0, 6, 9);
    sessions = new Sessions(store, () => now);
    // A hash that is never verified here: sessions do not look at passwords.
    user = await store.createUser({ name: 'zhangsan', displayName: '张三', passwordHash: 'scrypt$unused', role: 'staff' }, now);
  });
  afterEach(() => env.cleanup());

  it('defaults: 8 h idle, 7 days absolute', () => {
    expect(defaultSessionPolicy.idleMs).toBe(8 * hour);
    expect(defaultSessionPolicy.absoluteMs).toBe(7 * 24 * hour);
  });

  it('issues 256-bit random ids, stored only as digests', async () => {
    const a = await sessions.start(user);
    const b = await sessions.start(user);
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.id).not.toBe(b.id);
    const stored = env.db.prepare('SELECT id_digest FROM sessions').all() as { id_digest: string }[];
    expect(stored).toHaveLength(2);
    for (const row of stored) expect([a.id, b.id]).not.toContain(row.id_digest);
    expect((await sessions.resolve(a.id))?.name).toBe('zhangsan');
  });

  it('session fixation: an id the server did not issue is not honoured, and sign-in replaces the presented id', async () => {
    const planted = 'attacker-chosen-session-id-0000000000000000';
    expect(await sessions.resolve(planted)).toBeUndefined();
    const signedIn = await sessions.start(user, planted);
    expect(signedIn.id).not.toBe(planted);
    expect(await sessions.resolve(planted)).toBeUndefined();
    // An old valid session presented at sign-in is ended too (rotation).
    const next = await sessions.start(user, signedIn.id);
    expect(await sessions.resolve(signedIn.id)).toBeUndefined();
    expect(await sessions.resolve(next.id)).toBeDefined();
  });

  it('ends a session after 8 hours idle; use renews it', async () => {
    const s = await sessions.start(user);
    now += 7 * hour;
    expect(await sessions.resolve(s.id)).toBeDefined();
    now += 7 * hour; // 7 h since the last use
    expect(await sessions.resolve(s.id)).toBeDefined();
    now += 8 * hour;
    expect(await sessions.resolve(s.id)).toBeUndefined();
    now -= 8 * hour; // deleted, not just refused: going back in time does not revive it
    expect(await sessions.resolve(s.id)).toBeUndefined();
  });

  it('ends a session 7 days after sign-in however active it is', async () => {
    const s = await sessions.start(user);
    for (let i = 0; i < 7 * 24 - 1; i++) {
      now += hour;
      expect(await sessions.resolve(s.id)).toBeDefined();
    }
    now += hour;
    expect(await sessions.resolve(s.id)).toBeUndefined();
  });

  it('sign-out revokes the session', async () => {
    const s = await sessions.start(user);
    await sessions.end(s.id);
    expect(await sessions.resolve(s.id)).toBeUndefined();
  });

  it('a password change ends every session and token of the user', async () => {
    const s = await sessions.start(user);
    const t = await sessions.mintToken(user);
    await store.changePassword(user.id, 'scrypt$new');
    expect(await sessions.resolve(s.id)).toBeUndefined();
    expect(await sessions.resolveToken(t.token)).toBeUndefined();
  });

  it('binds the CSRF token to the session: derived from it, different per session, not the id', async () => {
    const a = await sessions.start(user);
    const b = await sessions.start(user);
    expect(a.csrfToken).toBe(csrfTokenFor(a.id));
    expect(a.csrfToken).not.toBe(a.id);
    expect(checkCsrfToken(a.id, a.csrfToken)).toBe(true);
    expect(checkCsrfToken(a.id, b.csrfToken)).toBe(false);
    expect(checkCsrfToken(a.id, undefined)).toBe(false);
  });

  it('access tokens work until they expire (1 h default) and only with their prefix', async () => {
    const { token, expiresAt } = await sessions.mintToken(user);
    expect(token).toMatch(/^nbt_[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(now + hour);
    expect((await sessions.resolveToken(token))?.id).toBe(user.id);
    expect(await sessions.resolveToken(token.slice(4))).toBeUndefined();
    now += hour;
    expect(await sessions.resolveToken(token)).toBeUndefined();
    await expect(sessions.mintToken(user, 0)).rejects.toThrow(RangeError);
  });

  it('sweeps expired sessions and tokens', async () => {
    await sessions.start(user);
    await sessions.mintToken(user, hour);
    now += 9 * hour;
    const live = await sessions.start(user);
    expect(await sessions.sweep()).toEqual({ sessions: 1, tokens: 1 });
    expect(await sessions.resolve(live.id)).toBeDefined();
  });

  it('tells listeners of every session it ends: sign-out, sign-in over it, expiry found on use', async () => {
    const ended: string[] = [];
    sessions.onSessionEnded((digest) => ended.push(digest));
    const signedOut = await sessions.start(user);
    await sessions.end(signedOut.id);
    const replaced = await sessions.start(user);
    await sessions.start(user, replaced.id);
    const idle = await sessions.start(user);
    now += 8 * hour;
    await sessions.resolve(idle.id);
    expect(ended).toEqual([sessionDigest(signedOut.id), sessionDigest(replaced.id), sessionDigest(idle.id)]);
  });

  it('says which credentials of open connections still hold, in one read; a session whose connection writes is renewed', async () => {
    const writing = await sessions.start(user);
    const reading = await sessions.start(user);
    const signedOut = await sessions.start(user);
    await sessions.end(signedOut.id);
    const token = await sessions.mintToken(user, 2 * hour);
    const gone = await sessions.mintToken(user, 2 * hour);
    await store.changePassword(user.id, 'scrypt$new'); // ends every session and token so far
    const kept = await sessions.start(user);
    const longToken = await sessions.mintToken(user, 9 * hour);
    const digests = {
      sessions: [writing, reading, signedOut, kept].map((s) => sessionDigest(s.id)),
      tokens: [token, gone, longToken].map((t) => digestSecret('token', t.token)),
    };
    const first = await sessions.stillValid(digests, new Set());
    expect(first.sessions).toEqual(new Set([sessionDigest(kept.id)]));
    expect(first.tokens).toEqual(new Set([digestSecret('token', longToken.token)]));

    const active = await sessions.start(user);
    const idle = await sessions.start(user);
    const both = { sessions: [sessionDigest(active.id), sessionDigest(idle.id)], tokens: [digestSecret('token', longToken.token)] };
    for (let h = 0; h < 10; h++) {
      now += hour;
      // Only `active`'s connection wrote in each interval: it is renewed, `idle` ends after 8 h.
      const valid = await sessions.stillValid(both, new Set([sessionDigest(active.id)]));
      expect(valid.sessions.has(sessionDigest(active.id))).toBe(true);
      expect(valid.sessions.has(sessionDigest(idle.id))).toBe(h < 7);
      expect(valid.tokens.size).toBe(h < 8 ? 1 : 0);
    }
    expect(await sessions.resolve(active.id)).toBeDefined();
    // However much it is used, a session ends 7 days after sign-in.
    now += 7 * 24 * hour;
    expect((await sessions.stillValid(both, new Set([sessionDigest(active.id)]))).sessions.size).toBe(0);
  });
});
