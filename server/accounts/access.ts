/**
 * Who may do what on which report, as the running server knows it: admins act as owner on every
 * report; everyone else has the rights of their membership, or none.
 *
 * The websocket `authorize` hook runs synchronously on every message, so rights are kept in
 * memory per (report, user), loaded when a connection opens and replaced the moment a member's
 * role changes through the REST API: open connections act on the new rights with their next
 * message, and listeners (the server) disconnect removed members at once.
 */
import type { Rights } from '../../schema/permissions.ts';
import type { AccountStore, Member, User } from './store.ts';

const ownerRights: Rights = Object.freeze({ role: 'owner', parts: 'all' });

export type RightsListener = (reportId: string, userId: number, rights: Rights | undefined) => void;

export class ReportAccess {
  /** `report\nuser` → rights (undefined: no role). Holds only pairs that connected or changed. */
  private readonly live = new Map<string, Rights | undefined>();
  private readonly listeners = new Set<RightsListener>();

  constructor(private readonly store: AccountStore) {}

  /** Rights of `user` on `reportId` from the store (and remembered for `current`). */
  async rightsOf(user: User, reportId: string): Promise<Rights | undefined> {
    const rights = user.role === 'admin' ? ownerRights : await this.store.getMemberRights(reportId, user.id);
    this.live.set(key(reportId, user.id), rights);
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

  onChange(listener: RightsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(reportId: string, userId: number, rights: Rights | undefined): void {
    this.live.set(key(reportId, userId), rights);
    for (const listener of this.listeners) listener(reportId, userId, rights);
  }
}

function key(reportId: string, userId: number): string {
  return `${reportId}\n${userId}`;
}
