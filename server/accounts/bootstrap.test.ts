import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureFirstAdmin, isLoopbackHost, NoAdminError } from './bootstrap.ts';
import { verifyPassword } from './passwords.ts';
import { SqliteAccountStore } from './sqlite-store.ts';
import { openTestAccountsDatabase } from './test-support/database.ts';
import { Users } from './users.ts';

describe('the first admin', () => {
  let env: ReturnType<typeof openTestAccountsDatabase>;
  let store: SqliteAccountStore;
  let users: Users;
  beforeEach(() => {
    env = openTestAccountsDatabase();
    store = new SqliteAccountStore(env.db);
    users = new Users(store, () => 0);
  });
  afterEach(() => env.cleanup());

  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'nianbao.example', '10.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('refuses a non-loopback host with no admin, telling how to create one', async () => {
    const refused = ensureFirstAdmin(store, users, '0.0.0.0', '/srv/nianbao');
    await expect(refused).rejects.toBeInstanceOf(NoAdminError);
    await expect(refused).rejects.toThrow('nianbao user add 用户名 --role admin --data /srv/nianbao');
    expect(await store.countAdmins()).toBe(0);
  });

  it('creates admin with a random one-time password on loopback, once', async () => {
    const first = await ensureFirstAdmin(store, users, '127.0.0.1', '/tmp/x');
    if (first.kind !== 'created') throw new Error('expected an admin to be created');
    expect(first.user).toMatchObject({ name: 'admin', role: 'admin' });
    expect(first.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await verifyPassword(first.password, (await store.findUserByName('admin'))!.passwordHash)).toBe(true);
    expect(await ensureFirstAdmin(store, users, '0.0.0.0', '/tmp/x')).toEqual({ kind: 'exists' });
  });
});
