/**
 * The first admin. A server reachable from the network must never start without one (anyone
 * could otherwise be first); on loopback, a newcomer running `nianbao serve` on a fresh data
 * folder gets an admin with a random password, printed once, so the sample report opens at once.
 */
import { isIP } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { AccountStore, User } from './store.ts';
import type { Users } from './users.ts';

export const firstAdminName = 'admin';

/** 127.0.0.0/8, ::1, ::ffff:127.x and `localhost`: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h.startsWith('::ffff:127.');
  return false;
}

export class NoAdminError extends Error {
  constructor(host: string, dataDir: string) {
    super(
      `没有管理员账户，不能在非本机地址 ${host} 上启动（任何人都可能抢先登录）。` +
        `请先创建管理员：nianbao user add 用户名 --role admin --data ${dataDir}，然后再启动。`,
    );
    this.name = 'NoAdminError';
  }
}

export type AdminBootstrap =
  | { readonly kind: 'exists' }
  | { readonly kind: 'created'; readonly user: User; readonly password: string };

/**
 * Checks there is an admin. With none: refuses a non-loopback host (NoAdminError); on loopback
 * creates `admin` with a random 24-character password for the caller to print once.
 */
export async function ensureFirstAdmin(store: AccountStore, users: Users, host: string, dataDir: string): Promise<AdminBootstrap> {
  if ((await store.countAdmins()) > 0) return { kind: 'exists' };
  if (!isLoopbackHost(host)) throw new NoAdminError(host, dataDir);
  const password = randomBytes(18).toString('base64url');
  const user = await users.add(firstAdminName, password, 'admin', '管理员');
  return { kind: 'created', user, password };
}

/** The lines printed once to stdout when the first admin was created. */
export function firstAdminNotice(url: string, password: string): string {
  return [
    '',
    '已创建管理员账户（仅显示这一次，请妥善保存）：',
    `  地址：${url}`,
    `  用户名：${firstAdminName}`,
    `  密码：${password}`,
    `修改密码：nianbao user passwd ${firstAdminName}`,
    '',
  ].join('\n');
}
