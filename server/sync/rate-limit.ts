/**
 * A token bucket: `burst` tokens to start with, refilled at `perSecond`; each message takes one.
 * A connection that empties it is flooding (a person typing sends tens of messages a second;
 * a paste or a reconnect sync is one message), and is closed with 4429.
 */
export interface RateLimit {
  /** Sustained messages per second. */
  readonly perSecond: number;
  /** Messages allowed at once on top of the sustained rate. */
  readonly burst: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = performance.now.bind(performance),
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
