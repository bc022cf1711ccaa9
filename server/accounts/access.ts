/**
 * Who may do what on which report, as the running server knows it: admins act as owner on every
 * report; everyone else has the rights of their membership, or none.
 *
 * The websocket `authorize` hook runs synchronously on every message, so rights are kept in
 * memory per (report, user), loaded when a connection opens and replaced the moment a member's
 * role changes through the REST API: open connections act on the new rights with their next
 * message, and listeners (live-rights.ts) disconnect the member's open connections at once.
 * Likewise each report's roster — its members and who may take each sign-off step, which
 * comments and sign-offs are judged against — is loaded before its first connection opens and
 * kept current by every change made here (memberships change only through this process).
 */
import type { Rights } from '../../schema/permissions.ts';
import { signoffSteps, type SignoffStep } from '../../schema/signoffs/steps.ts';
import type { AccountStore, Member, Signers, User } from './store.ts';

const ownerRights: Rights = Object.freeze({ role: 'owner', parts: 'all' });

/** `rights` undefined: the user no longer has a role on the report. */
export type RightsListener = (reportId: string, userId: number, rights: Rights | undefined) => void;

/** A report's members and sign-off designations, as account ids. */
export interface Roster {
  readonly members: ReadonlySet<number>;
  readonly signers: ReadonlyMap<SignoffStep, ReadonlySet<number>>;
}

export class ReportAccess {
  /** `report\nuser` → rights (undefined: no role). Holds only pairs that connected or changed. */
  private readonly live = new Map<string, Rights | undefined>();
  /** `report\nuser` → number of changes so far, so that a slow load cannot undo a change. */
  private readonly changeCounts = new Map<string, number>();
  private readonly listeners = new Set<RightsListener>();
  private readonly rosters = new Map<string, Roster>();
  private readonly rosterLoads = new Map<string, Promise<void>>();
  /** Per report, changes made so far, so that a roster read before one is read again. */
  private readonly rosterChanges = new Map<string, number>();
  private readonly signersListeners = new Set<(reportId: string) => void>();

  constructor(private readonly store: AccountStore) {}

  /** Loads the report's roster, once (a connection opens only after this). */
  loadRoster(reportId: string): Promise<void> {
    if (this.rosters.has(reportId)) return Promise.resolve();
    let load = this.rosterLoads.get(reportId);
    if (load === undefined) {
      load = this.readRoster(reportId).finally(() => this.rosterLoads.delete(reportId));
      this.rosterLoads.set(reportId, load);
    }
    return load;
  }

  /** The roster, synchronously (for the per-message hook); undefined before `loadRoster`. */
  roster(reportId: string): Roster | undefined {
    return this.rosters.get(reportId);
  }

  /** Replaces who may take each sign-off step (members who may write; checked by the caller). */
  async setSigners(reportId: string, signers: Signers): Promise<void> {
    await this.store.setSigners(reportId, signers);
    await this.rosterChanged(reportId);
    for (const listener of this.signersListeners) listener(reportId);
  }

  /** Called after the sign-off designations of a report change. */
  onSignersChange(listener: (reportId: string) => void): () => void {
    this.signersListeners.add(listener);
    return () => this.signersListeners.delete(listener);
  }

  private async readRoster(reportId: string): Promise<void> {
    for (;;) {
      const changesBefore = this.rosterChanges.get(reportId) ?? 0;
      const members = await this.store.listMembers(reportId);
      // A change made while the store was read: read again.
      if ((this.rosterChanges.get(reportId) ?? 0) !== changesBefore) continue;
      this.rosters.set(reportId, rosterOf(members));
      return;
    }
  }

  /** A change of members or designations: a loaded roster is read again (the old one serves meanwhile). */
  private async rosterChanged(reportId: string): Promise<void> {
    this.rosterChanges.set(reportId, (this.rosterChanges.get(reportId) ?? 0) + 1);
    if (this.rosters.has(reportId)) await this.readRoster(reportId);
  }

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
    await this.rosterChanged(reportId);
    // An admin's connections keep owner rights whatever their membership says.
    this.changed(reportId, user.id, user.role === 'admin' ? ownerRights : rights);
  }

  async removeMember(reportId: string, user: User): Promise<boolean> {
    const removed = await this.store.removeMember(reportId, user.id);
    if (removed) await this.rosterChanged(reportId);
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

function rosterOf(members: readonly Member[]): Roster {
  const signers = new Map<SignoffStep, Set<number>>(signoffSteps.map((step) => [step, new Set<number>()]));
  for (const member of members) for (const step of member.signs) signers.get(step)!.add(member.user.id);
  return { members: new Set(members.map((m) => m.user.id)), signers };
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
