/**
 * Keeps a refused update from turning into a reconnect loop.
 *
 * When the server refuses an update of this browser (4403 `update refused`), the page drops its
 * copy of the report and reopens it from the server: the refused update would otherwise go out
 * again in every sync step 2. That cures changes typed offline before a role change. It does not
 * cure a change the page itself makes again after every reopen — y-prosemirror rewriting content
 * the server holds that this browser's schema cannot represent, in a part this user may not edit:
 * each reopen would be refused at once, forever. So a refusal of a session opened because of a
 * refusal less than `windowMs` before stops syncing instead; the user may reconnect by hand.
 */
export type RefusalDecision = 'reopen' | 'stop';

export class RefusalGuard {
  /** When the page last reopened because of a refusal (or the user asked to reconnect). */
  private reopenedAt: number | null = null;

  constructor(private readonly windowMs = 60_000) {}

  /** What to do about a refused update at `now` (ms); a reopen is recorded as one. */
  afterRefusal(now: number): RefusalDecision {
    if (this.reopenedAt !== null && now - this.reopenedAt < this.windowMs) return 'stop';
    this.reopenedAt = now;
    return 'reopen';
  }

  /**
   * The user asked to reconnect after a stop: the next session counts as a reopen, so that a
   * refusal right after it stops again rather than looping.
   */
  reconnectedByUser(now: number): void {
    this.reopenedAt = now;
  }
}
