/**
 * Who may do what on which report, as the running server knows it: admins act as owner on every
 * report; everyone else has the rights of their membership, or none.
 *
 * The websocket `authorize` hook runs synchronously on every message, so rights are kept in
 * memory per (report, user), loaded when a connection opens and replaced the moment a member's
 * role changes through the REST API: open connections act on the new rights with their next
 * message, and listeners (live-rights.ts) disconnect the member's open connections at once.
 */
import type { Rights } from '../../schema/permissions.ts';
import type { AccountStore, Member, User } from './store.ts';

const ownerRights: Rights = Object.freeze({ role: 'owner', parts: 'all' });

/** `rights` undefined: the user no longer has a role on the report. */
export type RightsListener = (reportId: string, userId: number, rights: Rights | undefined) => void;

export class ReportAccess {
  /** `report\nuser` → rights (undefined: no role). Holds only pairs that connected or changed. */
  private readonly live = new Map<string, Rights | undefined>();
  /** `report\nuser` → number of changes so far, so that a slow load cannot undo a change. */
  private readonly changeCounts = new Map<string, number>();
  private readonly listeners = new Set<RightsListener>();

  constructor(private readonly store: AccountStore) {}

  /** Rights of `user` on `reportId` from the store (and remembered for `current`). */
  async rightsOf(user: User, reportId: string): Promise<Rights | undefined> {
    const pair = key(reportId, user.id);
    const changesBefore = this.changeCounts.get(pair) ?? 0;
    const rights = user.role === 'admin' ? ownerRights : await this.store.getMemberRights(reportId, user.id);
    // A change made while the store was read is newer than what was read: keep it.
    if ((this.changeCounts.get(pair) ?? 0) !== changesBefore) return this.live.get(pair);
    this.live.set(pair, rights);
    return rights;
  }

  /** Rights as last loaded or changed, synchronously (for the per-message hook). */
  current(reportId: string, userId: number): Rights | undefined {
    return this.live.get(key(reportId, userId));
  }

  /** The reports `user` may see: every one for admins (`'all'`). */
  async visibleReports(user: User): Promise<Set<string> | 'all'> {
    return user.role === 'admin' ? 'all' : this.store.reportsOf(user.id);
  }

  listMembers(reportId: string): Promise<Member[]> {
    return this.store.listMembers(reportId);
  }

  async setMember(reportId: string, user: User, rights: Rights): Promise<void> {
    await this.store.setMember(reportId, user.id, rights);
    // An admin's connections keep owner rights whatever their membership says.
    this.changed(reportId, user.id, user.role === 'admin' ? ownerRights : rights);
  }

  async removeMember(reportId: string, user: User): Promise<boolean> {
    const removed = await this.store.removeMember(reportId, user.id);
    if (removed) this.changed(reportId, user.id, user.role === 'admin' ? ownerRights : undefined);
    return removed;
  }

  /**
   * Called when a user's effective rights on a report change. Not called when they stay the
   * same (an admin's membership, a PUT repeating the current role), so that nobody is
   * disconnected for nothing. A pair never loaded has no open connection to tell.
   */
  onChange(listener: RightsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(reportId: string, userId: number, rights: Rights | undefined): void {
    const pair = key(reportId, userId);
    const known = this.live.has(pair);
    const previous = this.live.get(pair);
    this.live.set(pair, rights);
    this.changeCounts.set(pair, (this.changeCounts.get(pair) ?? 0) + 1);
    if (known && sameRights(previous, rights)) return;
    for (const listener of this.listeners) listener(reportId, userId, rights);
  }
}

function key(reportId: string, userId: number): string {
  return `${reportId}\n${userId}`;
}

function sameRights(a: Rights | undefined, b: Rights | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.role !== b.role) return false;
  if (a.parts === 'all' || b.parts === 'all') return a.parts === b.parts;
  return a.parts.length === b.parts.length && a.parts.every((part) => b.parts.includes(part));
}
