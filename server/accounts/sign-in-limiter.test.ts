import { describe, expect, it } from 'vitest';
import { SignInLimiter } from './sign-in-limiter.ts';

const minute = 60_000;

function fakeClock(start = Date.UTC(2025, 0, 6, 9)) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('sign-in rate limits', () => {
  it('refuses an account from an address after 5 failures in 15 minutes, until the oldest failure expires', () => {
    const time = fakeClock();
    const limiter = new SignInLimiter(time.clock);
    for (let i = 0; i < 5; i++) {
      expect(limiter.check('zhangsan', '10.0.0.7').ok).toBe(true);
      limiter.recordFailure('zhangsan', '10.0.0.7');
      time.advance(minute);
    }
    const refused = limiter.check('ZhangSan', '10.0.0.7');
    expect(refused).toEqual({ ok: false, scope: 'account', retryAfterMs: 10 * minute });
    time.advance(10 * minute - 1);
    expect(limiter.check('zhangsan', '10.0.0.7').ok).toBe(false);
    time.advance(1);
    expect(limiter.check('zhangsan', '10.0.0.7').ok).toBe(true);
  });

  it('does not lock the account out from other addresses', () => {
    const time = fakeClock();
    const limiter = new SignInLimiter(time.clock);
    for (let i = 0; i < 5; i++) limiter.recordFailure('zhangsan', '203.0.113.9');
    expect(limiter.check('zhangsan', '203.0.113.9').ok).toBe(false);
    expect(limiter.check('zhangsan', '10.0.0.7').ok).toBe(true);
  });

  it('lets an office of 30 people on one address sign in while one account is brute-forced from the same address', () => {
    const time = fakeClock();
    const limiter = new SignInLimiter(time.clock);
    const office = '192.0.2.1';
    let attackerRefused = 0;
    // The attacker keeps guessing the director's password all morning; refused tries are not failures.
    for (let second = 0; second < 3600; second++) {
      if (limiter.check('director', office).ok) limiter.recordFailure('director', office);
      else attackerRefused++;
      time.advance(1000);
    }
    expect(attackerRefused).toBeGreaterThan(3500);
    // Meanwhile everyone else arrives: each mistypes twice, then gets it right.
    for (let person = 0; person < 30; person++) {
      const name = `staff${person}`;
      for (let attempt = 0; attempt < 2; attempt++) {
        expect(limiter.check(name, office).ok).toBe(true);
        limiter.recordFailure(name, office);
      }
      expect(limiter.check(name, office).ok).toBe(true);
      limiter.recordSuccess(name, office);
    }
  });

  it('refuses an address spraying guesses across many accounts after 100 failures', () => {
    const time = fakeClock();
    const limiter = new SignInLimiter(time.clock);
    for (let i = 0; i < 100; i++) {
      expect(limiter.check(`user${i}`, '198.51.100.4').ok).toBe(true);
      limiter.recordFailure(`user${i}`, '198.51.100.4');
    }
    expect(limiter.check('user-next', '198.51.100.4')).toMatchObject({ ok: false, scope: 'address' });
    expect(limiter.check('user-next', '198.51.100.5').ok).toBe(true);
    time.advance(15 * minute);
    expect(limiter.check('user-next', '198.51.100.4').ok).toBe(true);
  });

  it('clears a pair on success, and forgets expired keys', () => {
    const time = fakeClock();
    const limiter = new SignInLimiter(time.clock);
    for (let i = 0; i < 4; i++) limiter.recordFailure('lisi', '10.0.0.8');
    limiter.recordSuccess('lisi', '10.0.0.8');
    for (let i = 0; i < 4; i++) limiter.recordFailure('lisi', '10.0.0.8');
    expect(limiter.check('lisi', '10.0.0.8').ok).toBe(true);
    time.advance(16 * minute);
    limiter.check('lisi', '10.0.0.8');
    expect(limiter.size).toBe(0);
  });
});
