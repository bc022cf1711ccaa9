/**
 * `nianbao user` and `nianbao token`, run as administrators run them: the real CLI in a child
 * process, on a data folder whose database another connection (standing in for the running
 * server) holds open.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAccountStore } from '../accounts/open.ts';
import { Sessions } from '../accounts/sessions.ts';
import { verifyPassword } from '../accounts/passwords.ts';
import { runCli as run } from '../test-support/run-cli.ts';

describe('nianbao user / nianbao token', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nianbao-user-cli-'));
  // The "server": a connection to the same file, open for the whole test.
  let server: ReturnType<typeof openAccountStore>;
  beforeAll(() => {
    server = openAccountStore(dataDir);
  });
  afterAll(() => {
    server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds an admin from --password-stdin while the server holds the database', async () => {
    const result = await run(['user', 'add', 'wangfang', '--role', 'admin', '--display-name', '王芳', '--password-stdin', '--data', dataDir], 'a long enough secret\n');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe('已创建用户 wangfang（管理员）\n');
    const user = await server.store.findUserByName('wangfang');
    expect(user).toMatchObject({ displayName: '王芳', role: 'admin' });
    // The trailing newline from the shell is not part of the password.
    expect(await verifyPassword('a long enough secret', user!.passwordHash)).toBe(true);
  });

  it('refuses a taken name, a bad role, a short password, and no password source without a TTY', async () => {
    const taken = await run(['user', 'add', 'WangFang', '--role', 'staff', '--password-stdin', '--data', dataDir], 'another long secret');
    expect(taken).toMatchObject({ code: 2, stderr: 'nianbao user: 用户 WangFang 已存在\n' });
    const badRole = await run(['user', 'add', 'lisi', '--role', 'root', '--password-stdin', '--data', dataDir], 'another long secret');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role admin 或 --role staff');
    const short = await run(['user', 'add', 'lisi', '--role', 'staff', '--password-stdin', '--data', dataDir], 'short');
    expect(short).toMatchObject({ code: 2, stderr: 'nianbao user: 密码至少需要 10 个字符\n' });
    const noTty = await run(['user', 'add', 'lisi', '--role', 'staff', '--data', dataDir]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain('--password-stdin');
    expect(await server.store.findUserByName('lisi')).toBeUndefined();
  });

  it('refuses a display name with a newline or a right-to-left override, and stores one normalised', async () => {
    for (const displayName of ['张\n三', '\u202E三张']) {
      const refused = await run(['user', 'add', 'zhangsan', '--role', 'staff', '--display-name', displayName, '--password-stdin', '--data', dataDir], 'a long enough secret\n');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^nianbao user: 显示名称不能包含/);
    }
    expect(await server.store.findUserByName('zhangsan')).toBeUndefined();
    const added = await run(['user', 'add', 'zhangsan', '--role', 'staff', '--display-name', ' 张　 三 ', '--password-stdin', '--data', dataDir], 'a long enough secret\n');
    expect(added.code).toBe(0);
    expect((await server.store.findUserByName('zhangsan'))?.displayName).toBe('张 三');
  });

  it('prints a 1-hour token the running server accepts, and one with --ttl', async () => {
    const result = await run(['token', 'wangfang', '--data', dataDir]);
    expect(result.code).toBe(0);
    const token = result.stdout.trim();
    expect(token).toMatch(/^nbt_[A-Za-z0-9_-]{43}$/);
    const sessions = new Sessions(server.store, () => Date.now());
    expect((await sessions.resolveToken(token))?.name).toBe('wangfang');
    const expiresAt = Date.parse(result.stderr.replace('令牌有效至 ', '').trim());
    expect(Math.abs(expiresAt - (Date.now() + 3_600_000))).toBeLessThan(60_000);
    const short = await run(['token', 'wangfang', '--ttl', '5m', '--data', dataDir]);
    expect(short.code).toBe(0);
    const bad = await run(['token', 'wangfang', '--ttl', '30d', '--data', dataDir]);
    expect(bad.code).toBe(2);
    const unknown = await run(['token', 'nobody', '--data', dataDir]);
    expect(unknown).toMatchObject({ code: 2, stderr: 'nianbao token: 用户 nobody 不存在\n' });
  });

  it('changes a password and so ends the user\'s sessions and tokens', async () => {
    const sessions = new Sessions(server.store, () => Date.now());
    const user = (await server.store.findUserByName('wangfang'))!;
    const session = await sessions.start(user);
    const { token } = await sessions.mintToken(user);
    const result = await run(['user', 'passwd', 'wangfang', '--password-stdin', '--data', dataDir], 'the new long secret');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('已修改用户 wangfang 的密码');
    expect(await verifyPassword('the new long secret', (await server.store.findUserByName('wangfang'))!.passwordHash)).toBe(true);
    expect(await sessions.resolve(session.id)).toBeUndefined();
    expect(await sessions.resolveToken(token)).toBeUndefined();
    const missing = await run(['user', 'passwd', 'nobody', '--password-stdin', '--data', dataDir], 'the new long secret');
    expect(missing).toMatchObject({ code: 2, stderr: 'nianbao user: 用户 nobody 不存在\n' });
  });
});
