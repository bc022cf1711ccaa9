/**
 * Where accounts live: users, sessions, access tokens, report members and the audit log. One
 * interface (asynchronous, so that PostgreSQL can follow as it will for `ReportStorage`); the
 * SQLite implementation shares the report database file (`sqlite-store.ts`).
 *
 * Secrets never reach this layer: sessions and tokens are keyed by their SHA-256 digest
 * (`secrets.ts`), passwords by their scrypt hash (`passwords.ts`).
 */
import type { PartKey } from '../../schema/format.ts';
import type { Rights } from '../../schema/permissions.ts';
import type { SignoffStep } from '../../schema/signoffs/steps.ts';

export const accountRoles = ['admin', 'staff'] as const;
/** Admins act as owner on every report and manage accounts; staff see the reports they are members of. */
export type AccountRole = (typeof accountRoles)[number];

export function isAccountRole(value: unknown): value is AccountRole {
  return (accountRoles as readonly unknown[]).includes(value);
}

export interface User {
  readonly id: number;
  /** Sign-in name, unique regardless of letter case. */
  readonly name: string;
  /** What others see (members panel, cursors): a person's name, e.g. 张三. */
  readonly displayName: string;
  readonly role: AccountRole;
  /** ms since the epoch. */
  readonly createdAt: number;
}

export interface NewUser {
  readonly name: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly role: AccountRole;
}

export interface StoredSession {
  readonly userId: number;
  readonly createdAt: number;
  readonly lastSeenAt: number;
}

export interface StoredToken {
  readonly userId: number;
  readonly expiresAt: number;
}

export interface StoredCredentials {
  readonly sessions: ReadonlyMap<string, StoredSession>;
  readonly tokens: ReadonlyMap<string, StoredToken>;
}

export interface Member {
  readonly user: User;
  readonly rights: Rights;
  /** The sign-off steps the owner designated this member for. */
  readonly signs: readonly SignoffStep[];
}

/** Per sign-off step, the members designated for it (account ids). */
export type Signers = Readonly<Record<SignoffStep, readonly number[]>>;

/** One line of the audit log: who changed which part (and which cells of a table), when. */
export interface AuditEntry {
  readonly reportId: string;
  /** null once the account is deleted. */
  readonly userId: number | null;
  readonly at: number;
  readonly part: PartKey | 'meta' | 'comments' | 'signoffs';
  /** For tables: the cell keys written, `row.column` (null for narrative parts). */
  readonly cells: readonly string[] | null;
  /** Size of the update(s) this line stands for. */
  readonly bytes: number;
}

export interface AuditRecord extends AuditEntry {
  readonly id: number;
  readonly userName: string | null;
  readonly userDisplayName: string | null;
}

export type AccountErrorCode = 'user-exists' | 'unknown-user' | 'unknown-report' | 'not-a-member';

export class AccountError extends Error {
  constructor(
    readonly code: AccountErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

/** A Yjs client id and the user who first wrote under it. */
export interface ClientBinding {
  readonly client: number;
  readonly userId: number;
}

export interface AccountStore {
  createUser(user: NewUser, now: number): Promise<User>;
  getUser(id: number): Promise<User | undefined>;
  /** With the password hash, for sign-in. Case-insensitive. */
  findUserByName(name: string): Promise<(User & { readonly passwordHash: string }) | undefined>;
  listUsers(): Promise<User[]>;
  countAdmins(): Promise<number>;
  /** Sets a new password hash and, in the same transaction, ends every session and token of the user. */
  changePassword(userId: number, passwordHash: string): Promise<void>;
  /** Replaces the hash of the same password (stronger parameters); sessions stay. */
  upgradePasswordHash(userId: number, passwordHash: string): Promise<void>;

  insertSession(digest: string, userId: number, now: number): Promise<void>;
  getSession(digest: string): Promise<StoredSession | undefined>;
  touchSession(digest: string, now: number): Promise<void>;
  deleteSession(digest: string): Promise<void>;
  /** Removes sessions idle since before `idleBefore` or created before `createdBefore`. */
  deleteExpiredSessions(idleBefore: number, createdBefore: number): Promise<number>;
  /** Sets `last_seen_at` of these sessions (those still stored). */
  touchSessions(digests: readonly string[], now: number): Promise<void>;
  /**
   * Of these session and token digests, the ones still stored, with their times: one query for
   * all (the credentials of every open connection, every few seconds).
   */
  liveCredentials(sessionDigests: readonly string[], tokenDigests: readonly string[]): Promise<StoredCredentials>;

  insertToken(digest: string, userId: number, now: number, expiresAt: number): Promise<void>;
  getToken(digest: string): Promise<StoredToken | undefined>;
  deleteExpiredTokens(now: number): Promise<number>;

  listMembers(reportId: string): Promise<Member[]>;
  getMemberRights(reportId: string, userId: number): Promise<Rights | undefined>;
  /**
   * Adds or replaces a membership. Rejects with AccountError for an unknown report or user. A
   * viewer signs nothing: made one, the member loses their sign-off designations.
   */
  setMember(reportId: string, userId: number, rights: Rights): Promise<void>;
  /** Replaces who may take each sign-off step; every user must be a member (AccountError otherwise). */
  setSigners(reportId: string, signers: Signers): Promise<void>;
  /** False if the user was not a member. */
  removeMember(reportId: string, userId: number): Promise<boolean>;
  /** Report ids the user has a role on. */
  reportsOf(userId: number): Promise<Set<string>>;

  /** Yjs client id → the user who first wrote under it (null: that user was deleted). */
  clientOwners(reportId: string): Promise<Map<number, number | null>>;
  /** Records owners of client ids; an id already owned keeps its first owner. */
  bindClients(reportId: string, bindings: readonly ClientBinding[], now: number): Promise<void>;

  appendAudit(entries: readonly AuditEntry[]): Promise<void>;
  /** Newest first. */
  listAudit(reportId: string, limit: number): Promise<AuditRecord[]>;
}
