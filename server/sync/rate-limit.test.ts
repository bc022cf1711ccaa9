import { describe, expect, it } from 'vitest';
import { TokenBucket } from './rate-limit.ts';

describe('TokenBucket', () => {
  it('allows the burst at once, then only the sustained rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 10, burst: 5 }, () => now);
    expect(Array.from({ length: 6 }, () => bucket.take())).toEqual([true, true, true, true, true, false]);
    now += 100; // 0.1 s at 10/s refills one token
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('never stores more than the burst however long it idles', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 100, burst: 3 }, () => now);
    now += 60_000;
    expect(Array.from({ length: 4 }, () => bucket.take())).toEqual([true, true, true, false]);
  });
});
