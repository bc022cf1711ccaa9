/**
 * `SqliteAccountStore`: accounts in the report database file (better-sqlite3, synchronous; the
 * promises of the interface resolve at once). The server and the `nianbao user` / `nianbao token`
 * commands open the same file; WAL and the busy timeout (`storage/database.ts`) let them write
 * while the other runs.
 */
import type { Database } from 'better-sqlite3';
import type { PartKey } from '../../schema/format.ts';
import { parseRights, type Rights } from '../../schema/permissions.ts';
import { isSignoffStep, signoffSteps, type SignoffStep } from '../../schema/signoffs/steps.ts';
import {
  AccountError,
  type AccountRole,
  type AccountStore,
  type AuditEntry,
  type ClientBinding,
  type AuditRecord,
  type Member,
  type NewUser,
  type Signers,
  type StoredCredentials,
  type StoredSession,
  type StoredToken,
  type User,
} from './store.ts';

interface UserRow {
  id: number;
  name: string;
  display_name: string;
  role: AccountRole;
  created_at: number;
}

const userColumns = 'id, name, display_name, role, created_at';

function toUser(row: UserRow): User {
  return { id: row.id, name: row.name, displayName: row.display_name, role: row.role, createdAt: row.created_at };
}

/** Stored rights were validated on the way in; a row that no longer parses (edited by hand) grants nothing. */
function toRights(role: string, parts: string | null): Rights | undefined {
  const parsed = parseRights(role, parts === null ? undefined : (JSON.parse(parts) as unknown));
  return parsed.ok ? parsed.rights : undefined;
}

export class SqliteAccountStore implements AccountStore {
  private readonly s;

  /** Uses `db`, which must be migrated with `accountsMigration`; the caller closes it. */
  constructor(private readonly db: Database) {
    this.s = {
      insertUser: db.prepare<[string, string, string, string, number]>(
        'INSERT INTO users (name, display_name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      userById: db.prepare<[number], UserRow>(`SELECT ${userColumns} FROM users WHERE id = ?`),
      userByName: db.prepare<[string], UserRow & { password_hash: string }>(
        `SELECT ${userColumns}, password_hash FROM users WHERE name = ?`,
      ),
      users: db.prepare<[], UserRow>(`SELECT ${userColumns} FROM users ORDER BY name`),
      countAdmins: db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM users WHERE role = 'admin'`),
      setPassword: db.prepare<[string, number]>('UPDATE users SET password_hash = ? WHERE id = ?'),
      deleteSessionsOf: db.prepare<[number]>('DELETE FROM sessions WHERE user_id = ?'),
      deleteTokensOf: db.prepare<[number]>('DELETE FROM access_tokens WHERE user_id = ?'),

      insertSession: db.prepare<[string, number, number, number]>(
        'INSERT INTO sessions (id_digest, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)',
      ),
      session: db.prepare<[string], { user_id: number; created_at: number; last_seen_at: number }>(
        'SELECT user_id, created_at, last_seen_at FROM sessions WHERE id_digest = ?',
      ),
      touchSession: db.prepare<[number, string]>('UPDATE sessions SET last_seen_at = ? WHERE id_digest = ?'),
      deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE id_digest = ?'),
      deleteExpiredSessions: db.prepare<[number, number]>('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?'),
      touchSessions: db.prepare<[number, string]>('UPDATE sessions SET last_seen_at = ? WHERE id_digest IN (SELECT value FROM json_each(?))'),
      // Both kinds in one statement; the digests go in as JSON arrays (no statement per count).
      liveCredentials: db.prepare<
        { sessions: string; tokens: string },
        { kind: 'session' | 'token'; digest: string; user_id: number; a: number; b: number | null }
      >(
        `SELECT 'session' AS kind, id_digest AS digest, user_id, created_at AS a, last_seen_at AS b
           FROM sessions WHERE id_digest IN (SELECT value FROM json_each(@sessions))
         UNION ALL
         SELECT 'token', id_digest, user_id, expires_at, NULL
           FROM access_tokens WHERE id_digest IN (SELECT value FROM json_each(@tokens))`,
      ),

      insertToken: db.prepare<[string, number, number, number]>(
        'INSERT INTO access_tokens (id_digest, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      ),
      token: db.prepare<[string], { user_id: number; expires_at: number }>(
        'SELECT user_id, expires_at FROM access_tokens WHERE id_digest = ?',
      ),
      deleteExpiredTokens: db.prepare<[number]>('DELETE FROM access_tokens WHERE expires_at <= ?'),

      members: db.prepare<[string], UserRow & { member_role: string; parts: string | null }>(
        `SELECT u.id, u.name, u.display_name, u.role, u.created_at, m.role AS member_role, m.parts
         FROM report_members m JOIN users u ON u.id = m.user_id WHERE m.report_id = ? ORDER BY u.name`,
      ),
      member: db.prepare<[string, number], { role: string; parts: string | null }>(
        'SELECT role, parts FROM report_members WHERE report_id = ? AND user_id = ?',
      ),
      upsertMember: db.prepare<[string, number, string, string | null]>(
        `INSERT INTO report_members (report_id, user_id, role, parts) VALUES (?, ?, ?, ?)
         ON CONFLICT (report_id, user_id) DO UPDATE SET role = excluded.role, parts = excluded.parts`,
      ),
      deleteMember: db.prepare<[string, number]>('DELETE FROM report_members WHERE report_id = ? AND user_id = ?'),
      signers: db.prepare<[string], { user_id: number; step: string }>('SELECT user_id, step FROM report_signers WHERE report_id = ? ORDER BY step, user_id'),
      deleteSigners: db.prepare<[string]>('DELETE FROM report_signers WHERE report_id = ?'),
      deleteSignerOf: db.prepare<[string, number]>('DELETE FROM report_signers WHERE report_id = ? AND user_id = ?'),
      insertSigner: db.prepare<[string, string, number]>('INSERT OR IGNORE INTO report_signers (report_id, step, user_id) VALUES (?, ?, ?)'),
      reportsOf: db.prepare<[number], { report_id: string }>('SELECT report_id FROM report_members WHERE user_id = ?'),
      reportExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM reports WHERE id = ?'),

      clientOwners: db.prepare<[string], { client_id: number; user_id: number | null }>(
        'SELECT client_id, user_id FROM report_client_owners WHERE report_id = ?',
      ),
      bindClient: db.prepare<[string, number, number, number]>(
        'INSERT INTO report_client_owners (report_id, client_id, user_id, bound_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),

      insertAudit: db.prepare<[string, number | null, number, string, string | null, number]>(
        'INSERT INTO report_audit (report_id, user_id, at, part, cells, bytes) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      audit: db.prepare<
        [string, number],
        { id: number; report_id: string; user_id: number | null; at: number; part: string; cells: string | null; bytes: number; name: string | null; display_name: string | null }
      >(
        `SELECT a.id, a.report_id, a.user_id, a.at, a.part, a.cells, a.bytes, u.name, u.display_name
         FROM report_audit a LEFT JOIN users u ON u.id = a.user_id
         WHERE a.report_id = ? ORDER BY a.at DESC, a.id DESC LIMIT ?`,
      ),
    };
  }

  async createUser(user: NewUser, now: number): Promise<User> {
    try {
      const result = this.s.insertUser.run(user.name, user.displayName, user.passwordHash, user.role, now);
      return { id: Number(result.lastInsertRowid), name: user.name, displayName: user.displayName, role: user.role, createdAt: now };
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new AccountError('user-exists', `用户 ${user.name} 已存在`);
      }
      throw err;
    }
  }

  async getUser(id: number): Promise<User | undefined> {
    const row = this.s.userById.get(id);
    return row && toUser(row);
  }

  async findUserByName(name: string): Promise<(User & { passwordHash: string }) | undefined> {
    const row = this.s.userByName.get(name);
    return row && { ...toUser(row), passwordHash: row.password_hash };
  }

  async listUsers(): Promise<User[]> {
    return this.s.users.all().map(toUser);
  }

  async countAdmins(): Promise<number> {
    return this.s.countAdmins.get()!.n;
  }

  async changePassword(userId: number, passwordHash: string): Promise<void> {
    this.db.transaction(() => {
      if (this.s.setPassword.run(passwordHash, userId).changes === 0) throw new AccountError('unknown-user', `用户 ${userId} 不存在`);
      this.s.deleteSessionsOf.run(userId);
      this.s.deleteTokensOf.run(userId);
    }).immediate();
  }

  async upgradePasswordHash(userId: number, passwordHash: string): Promise<void> {
    this.s.setPassword.run(passwordHash, userId);
  }

  async insertSession(digest: string, userId: number, now: number): Promise<void> {
    this.s.insertSession.run(digest, userId, now, now);
  }

  async getSession(digest: string): Promise<StoredSession | undefined> {
    const row = this.s.session.get(digest);
    return row && { userId: row.user_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at };
  }

  async touchSession(digest: string, now: number): Promise<void> {
    this.s.touchSession.run(now, digest);
  }

  async deleteSession(digest: string): Promise<void> {
    this.s.deleteSession.run(digest);
  }

  async deleteExpiredSessions(idleBefore: number, createdBefore: number): Promise<number> {
    return this.s.deleteExpiredSessions.run(idleBefore, createdBefore).changes;
  }

  async touchSessions(digests: readonly string[], now: number): Promise<void> {
    if (digests.length > 0) this.s.touchSessions.run(now, JSON.stringify(digests));
  }

  async liveCredentials(sessionDigests: readonly string[], tokenDigests: readonly string[]): Promise<StoredCredentials> {
    const sessions = new Map<string, StoredSession>();
    const tokens = new Map<string, StoredToken>();
    if (sessionDigests.length === 0 && tokenDigests.length === 0) return { sessions, tokens };
    for (const row of this.s.liveCredentials.all({ sessions: JSON.stringify(sessionDigests), tokens: JSON.stringify(tokenDigests) })) {
      if (row.kind === 'session') sessions.set(row.digest, { userId: row.user_id, createdAt: row.a, lastSeenAt: row.b! });
      else tokens.set(row.digest, { userId: row.user_id, expiresAt: row.a });
    }
    return { sessions, tokens };
  }

  async insertToken(digest: string, userId: number, now: number, expiresAt: number): Promise<void> {
    this.s.insertToken.run(digest, userId, now, expiresAt);
  }

  async getToken(digest: string): Promise<StoredToken | undefined> {
    const row = this.s.token.get(digest);
    return row && { userId: row.user_id, expiresAt: row.expires_at };
  }

  async deleteExpiredTokens(now: number): Promise<number> {
    return this.s.deleteExpiredTokens.run(now).changes;
  }

  async listMembers(reportId: string): Promise<Member[]> {
    const signs = new Map<number, SignoffStep[]>();
    for (const { user_id, step } of this.s.signers.all(reportId)) {
      if (!isSignoffStep(step)) continue;
      let steps = signs.get(user_id);
      if (steps === undefined) signs.set(user_id, (steps = []));
      steps.push(step);
    }
    const members: Member[] = [];
    for (const row of this.s.members.all(reportId)) {
      const rights = toRights(row.member_role, row.parts);
      const steps = signs.get(row.id) ?? [];
      if (rights) members.push({ user: toUser(row), rights, signs: signoffSteps.filter((step) => steps.includes(step)) });
    }
    return members;
  }

  async getMemberRights(reportId: string, userId: number): Promise<Rights | undefined> {
    const row = this.s.member.get(reportId, userId);
    return row && toRights(row.role, row.parts);
  }

  async setMember(reportId: string, userId: number, rights: Rights): Promise<void> {
    if (!this.s.reportExists.get(reportId)) throw new AccountError('unknown-report', `年报 ${reportId} 不存在`);
    if (!this.s.userById.get(userId)) throw new AccountError('unknown-user', `用户 ${userId} 不存在`);
    const parts = rights.parts === 'all' ? null : JSON.stringify(rights.parts satisfies readonly PartKey[]);
    this.db.transaction(() => {
      this.s.upsertMember.run(reportId, userId, rights.role, parts);
      if (rights.role === 'viewer') this.s.deleteSignerOf.run(reportId, userId);
    })();
  }

  async setSigners(reportId: string, signers: Signers): Promise<void> {
    this.db.transaction(() => {
      this.s.deleteSigners.run(reportId);
      for (const step of signoffSteps) {
        for (const userId of signers[step]) {
          if (!this.s.member.get(reportId, userId)) throw new AccountError('not-a-member', `用户 ${userId} 不是年报 ${reportId} 的成员`);
          this.s.insertSigner.run(reportId, step, userId);
        }
      }
    })();
  }

  async removeMember(reportId: string, userId: number): Promise<boolean> {
    return this.s.deleteMember.run(reportId, userId).changes > 0;
  }

  async reportsOf(userId: number): Promise<Set<string>> {
    return new Set(this.s.reportsOf.all(userId).map((row) => row.report_id));
  }

  async clientOwners(reportId: string): Promise<Map<number, number | null>> {
    return new Map(this.s.clientOwners.all(reportId).map((row) => [row.client_id, row.user_id]));
  }

  async bindClients(reportId: string, bindings: readonly ClientBinding[], now: number): Promise<void> {
    if (bindings.length === 0) return;
    this.db.transaction(() => {
      for (const b of bindings) this.s.bindClient.run(reportId, b.client, b.userId, now);
    })();
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    this.db.transaction(() => {
      for (const e of entries) {
        this.s.insertAudit.run(e.reportId, e.userId, e.at, e.part, e.cells === null ? null : JSON.stringify(e.cells), e.bytes);
      }
    })();
  }

  async listAudit(reportId: string, limit: number): Promise<AuditRecord[]> {
    return this.s.audit.all(reportId, limit).map((row) => ({
      id: row.id,
      reportId: row.report_id,
      userId: row.user_id,
      at: row.at,
      part: row.part as AuditEntry['part'],
      cells: row.cells === null ? null : (JSON.parse(row.cells) as string[]),
      bytes: row.bytes,
      userName: row.name,
      userDisplayName: row.display_name,
    }));
  }
}
