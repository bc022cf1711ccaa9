import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteAccountStore } from './sqlite-store.ts';
import { AccountError } from './store.ts';
import { insertReportRow, openTestAccountsDatabase } from './test-support/database.ts';

describe('SqliteAccountStore', () => {
  let env: ReturnType<typeof openTestAccountsDatabase>;
  let store: SqliteAccountStore;
  const now = Date.UTC(2025, 0, 6, 9);

  beforeEach(() => {
    env = openTestAccountsDatabase();
    store = new SqliteAccountStore(env.db);
    insertReportRow(env.db, 'yuhang-commerce-2024');
  });
  afterEach(() => env.cleanup());

  const newUser = (name: string, role: 'admin' | 'staff' = 'staff') =>
    store.createUser({ name, displayName: name, passwordHash: 'scrypt$x', role }, now);

  it('keeps user names unique regardless of case, and counts admins', async () => {
    await newUser('ZhangSan');
    await expect(newUser('zhangsan')).rejects.toMatchObject({ code: 'user-exists' });
    expect((await store.findUserByName('ZHANGSAN'))?.name).toBe('ZhangSan');
    expect(await store.countAdmins()).toBe(0);
    await newUser('admin', 'admin');
    expect(await store.countAdmins()).toBe(1);
  });

  it('stores members with their rights; an editor limited to parts keeps the list', async () => {
    const clerk = await newUser('clerk');
    const boss = await newUser('boss');
    await store.setMember('yuhang-commerce-2024', clerk.id, { role: 'editor', parts: ['proactive'] });
    await store.setMember('yuhang-commerce-2024', boss.id, { role: 'owner', parts: 'all' });
    expect(await store.getMemberRights('yuhang-commerce-2024', clerk.id)).toEqual({ role: 'editor', parts: ['proactive'] });
    const members = await store.listMembers('yuhang-commerce-2024');
    expect(members.map((m) => [m.user.name, m.rights.role])).toEqual([
      ['boss', 'owner'],
      ['clerk', 'editor'],
    ]);
    await store.setMember('yuhang-commerce-2024', clerk.id, { role: 'viewer', parts: 'all' });
    expect(await store.getMemberRights('yuhang-commerce-2024', clerk.id)).toEqual({ role: 'viewer', parts: 'all' });
    expect([...(await store.reportsOf(clerk.id))]).toEqual(['yuhang-commerce-2024']);
    expect(await store.removeMember('yuhang-commerce-2024', clerk.id)).toBe(true);
    expect(await store.removeMember('yuhang-commerce-2024', clerk.id)).toBe(false);
    expect(await store.getMemberRights('yuhang-commerce-2024', clerk.id)).toBeUndefined();
  });

  it('refuses members of unknown reports or users', async () => {
    const clerk = await newUser('clerk');
    await expect(store.setMember('no-such-report', clerk.id, { role: 'viewer', parts: 'all' })).rejects.toBeInstanceOf(AccountError);
    await expect(store.setMember('yuhang-commerce-2024', 9999, { role: 'viewer', parts: 'all' })).rejects.toMatchObject({ code: 'unknown-user' });
  });

  it('grants nothing for a stored membership that no longer parses', async () => {
    const clerk = await newUser('clerk');
    env.db.prepare(`INSERT INTO report_members VALUES ('yuhang-commerce-2024', ?, 'viewer', '["proactive"]')`).run(clerk.id);
    expect(await store.getMemberRights('yuhang-commerce-2024', clerk.id)).toBeUndefined();
    expect(await store.listMembers('yuhang-commerce-2024')).toEqual([]);
  });

  it('keeps the first owner of a Yjs client id, per report', async () => {
    const a = await newUser('a');
    const b = await newUser('b');
    insertReportRow(env.db, 'other-report');
    await store.bindClients('yuhang-commerce-2024', [{ client: 7, userId: a.id }, { client: 8, userId: a.id }], now);
    await store.bindClients('yuhang-commerce-2024', [{ client: 7, userId: b.id }, { client: 9, userId: b.id }], now);
    await store.bindClients('other-report', [{ client: 7, userId: b.id }], now);
    expect(await store.clientOwners('yuhang-commerce-2024')).toEqual(new Map([[7, a.id], [8, a.id], [9, b.id]]));
    expect(await store.clientOwners('other-report')).toEqual(new Map([[7, b.id]]));
    expect(await store.clientOwners('no-such-report')).toEqual(new Map());
  });

  it('appends audit lines and lists them newest first with the user names', async () => {
    const clerk = await newUser('clerk');
    await store.appendAudit([
      { reportId: 'yuhang-commerce-2024', userId: clerk.id, at: now, part: 'proactive', cells: ['licensing.decisions'], bytes: 31 },
      { reportId: 'yuhang-commerce-2024', userId: clerk.id, at: now + 1000, part: 'overview', cells: null, bytes: 12 },
    ]);
    const lines = await store.listAudit('yuhang-commerce-2024', 10);
    expect(lines.map((l) => [l.part, l.cells, l.userName, l.bytes])).toEqual([
      ['overview', null, 'clerk', 12],
      ['proactive', ['licensing.decisions'], 'clerk', 31],
    ]);
    expect(await store.listAudit('yuhang-commerce-2024', 1)).toHaveLength(1);
  });
});
