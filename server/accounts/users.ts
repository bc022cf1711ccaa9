/**
 * Accounts as people and the CLI see them: adding a user, changing a password, signing in. The
 * rules on names and passwords live here, so the CLI and the REST API refuse the same things
 * with the same zh-CN messages.
 */
import { checkName, displayNameRule } from '../../schema/names.ts';
import type { Clock } from './clock.ts';
import { decoyPasswordHash, hashPassword, needsRehash, passwordProblem, verifyPassword } from './passwords.ts';
import type { SignInLimiter } from './sign-in-limiter.ts';
import { AccountError, type AccountRole, type AccountStore, type User } from './store.ts';

/** Sign-in names: letters (Chinese too), digits and `. _ @ -`, 1–64 characters; they appear in URLs (`/members/:user`). */
export const userNamePattern = /^[\p{L}\p{N}._@-]{1,64}$/u;

export function userNameProblem(name: string): string | null {
  return userNamePattern.test(name) ? null : `用户名 “${name}” 无效：只能包含字母、汉字、数字和 . _ @ -，最长 64 个字符`;
}

export class InvalidAccountInput extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAccountInput';
  }
}

export type SignInResult =
  | { readonly ok: true; readonly user: User }
  | { readonly ok: false; readonly reason: 'wrong-credentials' }
  | { readonly ok: false; readonly reason: 'rate-limited'; readonly retryAfterMs: number };

export class Users {
  constructor(
    private readonly store: AccountStore,
    private readonly clock: Clock,
  ) {}

  async add(name: string, password: string, role: AccountRole, displayName: string = name): Promise<User> {
    const problem = userNameProblem(name) ?? passwordProblem(password);
    if (problem) throw new InvalidAccountInput(problem);
    const shown = checkName(displayName, displayNameRule);
    if (!shown.ok) throw new InvalidAccountInput(shown.problem);
    return this.store.createUser({ name, displayName: shown.name, role, passwordHash: await hashPassword(password) }, this.clock());
  }

  /** Sets a new password and signs the user out everywhere (sessions and tokens). */
  async changePassword(name: string, password: string): Promise<User> {
    const problem = passwordProblem(password);
    if (problem) throw new InvalidAccountInput(problem);
    const user = await this.store.findUserByName(name);
    if (!user) throw new AccountError('unknown-user', `用户 ${name} 不存在`);
    await this.store.changePassword(user.id, await hashPassword(password));
    return user;
  }

  /**
   * Checks a name and password from `address`, within the rate limits. An unknown name costs
   * the same scrypt run as a wrong password and gives the same answer, so neither the timing
   * nor the reply tells which names exist. Hashes made with older parameters are upgraded.
   */
  async signIn(name: string, password: string, address: string, limiter: SignInLimiter): Promise<SignInResult> {
    const allowance = limiter.check(name, address);
    if (!allowance.ok) return { ok: false, reason: 'rate-limited', retryAfterMs: allowance.retryAfterMs };
    const user = await this.store.findUserByName(name);
    const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
    if (!user || !matches) {
      limiter.recordFailure(name, address);
      return { ok: false, reason: 'wrong-credentials' };
    }
    limiter.recordSuccess(name, address);
    if (needsRehash(user.passwordHash)) await this.store.upgradePasswordHash(user.id, await hashPassword(password));
    const { passwordHash: _hash, ...plain } = user;
    return { ok: true, user: plain };
  }
}
