/**
 * Sign-in rate limits, in memory, as sliding windows of failure times.
 *
 * - Per (account, address) pair: 5 failures in 15 minutes and that account is refused from that
 *   address until the oldest failure leaves the window. This is what stops guessing one
 *   person's password.
 * - Per address: 100 failures in 15 minutes, across all accounts. A whole office behind one NAT
 *   address shares this allowance, so it is generous: 30 colleagues mistyping three times each
 *   stay under it, while someone spraying guesses across many accounts from one address stops.
 *
 * Refused attempts are not failures (no password was checked), so an attacker hammering one
 * account from the office address uses up only that pair's 5 and never the office's 100. A
 * successful sign-in clears its pair. Nothing is limited per account across all addresses: that
 * would let anyone lock a colleague out by mistyping their name on purpose.
 */
import type { Clock } from './clock.ts';

export interface Window {
  readonly failures: number;
  readonly windowMs: number;
}

export interface SignInLimits {
  readonly perAccountAddress: Window;
  readonly perAddress: Window;
}

export const defaultSignInLimits: SignInLimits = Object.freeze({
  perAccountAddress: Object.freeze({ failures: 5, windowMs: 15 * 60 * 1000 }),
  perAddress: Object.freeze({ failures: 100, windowMs: 15 * 60 * 1000 }),
});

export type SignInAllowance =
  | { readonly ok: true }
  | { readonly ok: false; readonly scope: 'account' | 'address'; readonly retryAfterMs: number };

/** Past this many tracked keys, a sweep drops every key whose failures have all expired. */
const sweepAbove = 10_000;

export class SignInLimiter {
  private readonly pairs = new Map<string, number[]>();
  private readonly addresses = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: SignInLimits = defaultSignInLimits,
  ) {}

  /** May `account` try to sign in from `address` now? */
  check(account: string, address: string): SignInAllowance {
    const now = this.clock();
    const pair = this.recent(this.pairs, pairKey(account, address), this.limits.perAccountAddress.windowMs, now);
    if (pair.length >= this.limits.perAccountAddress.failures) {
      return { ok: false, scope: 'account', retryAfterMs: pair[pair.length - this.limits.perAccountAddress.failures] + this.limits.perAccountAddress.windowMs - now };
    }
    const byAddress = this.recent(this.addresses, address, this.limits.perAddress.windowMs, now);
    if (byAddress.length >= this.limits.perAddress.failures) {
      return { ok: false, scope: 'address', retryAfterMs: byAddress[byAddress.length - this.limits.perAddress.failures] + this.limits.perAddress.windowMs - now };
    }
    return { ok: true };
  }

  recordFailure(account: string, address: string): void {
    const now = this.clock();
    this.push(this.pairs, pairKey(account, address), now);
    this.push(this.addresses, address, now);
  }

  /** A correct password clears that account's failures from that address. */
  recordSuccess(account: string, address: string): void {
    this.pairs.delete(pairKey(account, address));
  }

  /** Keys tracked (for tests of the memory bound). */
  get size(): number {
    return this.pairs.size + this.addresses.size;
  }

  private recent(map: Map<string, number[]>, key: string, windowMs: number, now: number): number[] {
    const times = map.get(key);
    if (!times) return [];
    const firstLive = times.findIndex((t) => now - t < windowMs);
    if (firstLive === -1) {
      map.delete(key);
      return [];
    }
    if (firstLive > 0) times.splice(0, firstLive);
    return times;
  }

  private push(map: Map<string, number[]>, key: string, now: number): void {
    const times = map.get(key);
    if (times) times.push(now);
    else map.set(key, [now]);
    if (map.size > sweepAbove) this.sweep(now);
  }

  private sweep(now: number): void {
    for (const [key, times] of this.pairs) if (now - times[times.length - 1] >= this.limits.perAccountAddress.windowMs) this.pairs.delete(key);
    for (const [key, times] of this.addresses) if (now - times[times.length - 1] >= this.limits.perAddress.windowMs) this.addresses.delete(key);
  }
}

/** Account names are case-insensitive (the users table uses NOCASE), so the limit is too. */
function pairKey(account: string, address: string): string {
  return `${account.toLowerCase()}\u0000${address}`;
}
