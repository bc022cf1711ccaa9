import { describe, expect, it } from 'vitest';
import { RefusalGuard } from './refusal-guard.ts';

describe('RefusalGuard', () => {
  it('reopens after a first refusal and stops at a second one within the window', () => {
    const guard = new RefusalGuard(60_000);
    expect(guard.afterRefusal(1_000)).toBe('reopen');
    expect(guard.afterRefusal(1_800)).toBe('stop');
    expect(guard.afterRefusal(60_999)).toBe('stop');
  });

  it('reopens again once the window since the last reopen has passed: one reopen a minute at most', () => {
    const guard = new RefusalGuard(60_000);
    expect(guard.afterRefusal(0)).toBe('reopen');
    expect(guard.afterRefusal(60_000)).toBe('reopen');
    expect(guard.afterRefusal(60_500)).toBe('stop');
    expect(guard.afterRefusal(200_000)).toBe('reopen');
  });

  it('counts a reconnect the user asked for as a reopen', () => {
    const guard = new RefusalGuard(60_000);
    guard.reconnectedByUser(500_000);
    expect(guard.afterRefusal(500_400)).toBe('stop');
  });
});
