/**
 * The accounts side of the HTTP server: who is asking (`guard`, run before every route) and the
 * routes of issue 5 — sign-in and sign-out, members, audit — and who may take each sign-off step
 * of a report (issue 16) (docs/api.md).
 *
 * `guard` lets `/healthz`, `/metrics` and the static client through (the sign-in page must
 * load); every `/api/` route needs a session or an access token (401), a cookie-borne change
 * needs its CSRF token and a same-origin Origin (403), and a route under `/api/reports/:id/`
 * needs a role on that report (403, whatever the report's existence: no data, no hint).
 */
import { clientAddress } from '../http/client-address.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseRights, type ReportRole, type Rights } from '../../schema/permissions.ts';
import { signoffStepLabels, signoffSteps, type SignoffStep } from '../../schema/signoffs/steps.ts';
import { HttpError, readJsonBody, sendJson } from '../http/respond.ts';
import type { Logger } from '../log.ts';
import type { ReportAccess } from './access.ts';
import type { AuditRecorder } from './audit.ts';
import { authenticateRequest, presentedSessionId, type Principal } from './authenticate.ts';
import { clearedSessionCookie, sessionCookie, type CookieOptions } from './cookies.ts';
import { csrfProblem, sameOriginProblem } from './csrf.ts';
import { csrfTokenFor, type Sessions } from './sessions.ts';
import type { SignInLimiter } from './sign-in-limiter.ts';
import type { AccountStore, Member, Signers, User } from './store.ts';
import type { Users } from './users.ts';

export interface AccountsHttpOptions {
  readonly store: AccountStore;
  readonly sessions: Sessions;
  readonly users: Users;
  readonly limiter: SignInLimiter;
  readonly access: ReportAccess;
  readonly audit: AuditRecorder;
  readonly cookies: CookieOptions;
  readonly maxBodyBytes: number;
  /** Take the client's address from X-Forwarded-For (`clientAddress`). */
  readonly trustProxy: boolean;
  readonly log: Logger;
}

const principals = new WeakMap<IncomingMessage, Principal>();

/** The principal `guard` found for a request (for routes elsewhere, e.g. the report list). */
export function principalOf(req: IncomingMessage): Principal | undefined {
  return principals.get(req);
}

const reportPath = /^\/api\/reports\/([^/]+)(\/.*)?$/;
const membersPath = /^\/api\/reports\/([^/]+)\/members$/;
const memberPath = /^\/api\/reports\/([^/]+)\/members\/([^/]+)$/;
const auditPath = /^\/api\/reports\/([^/]+)\/audit$/;
const signersPath = /^\/api\/reports\/([^/]+)\/signers$/;

/** Public shape of a user in API answers; `id` is how comments and sign-offs name them. */
export function publicUser(user: User): { id: string; name: string; displayName: string; role: User['role'] } {
  return { id: String(user.id), name: user.name, displayName: user.displayName, role: user.role };
}

/** A member as the members panel shows them: `role` is the report role, `signs` the sign-off steps they take. */
function publicMember(
  user: User,
  rights: Rights,
  signs: readonly SignoffStep[],
): { id: string; name: string; displayName: string; role: ReportRole; parts: readonly string[] | 'all'; signs: readonly SignoffStep[] } {
  return { id: String(user.id), name: user.name, displayName: user.displayName, role: rights.role, parts: rights.parts, signs };
}

/** Per step, the sign-in names of the members designated for it. */
function publicSigners(members: readonly Member[]): Record<SignoffStep, string[]> {
  const signers = Object.fromEntries(signoffSteps.map((step) => [step, [] as string[]])) as Record<SignoffStep, string[]>;
  for (const member of members) for (const step of member.signs) signers[step].push(member.user.name);
  return signers;
}

/** The most members one step may be designated to. */
const maxSignersPerStep = 50;

export class AccountsHttp {
  constructor(private readonly options: AccountsHttpOptions) {}

  /**
   * Runs before any route. Returns normally for requests that may proceed (remembering the
   * principal); throws HttpError 401/403 otherwise.
   */
  async guard(req: IncomingMessage, path: string): Promise<void> {
    if (path !== '/api' && !path.startsWith('/api/')) return;
    if (path === '/api/session' && req.method === 'POST') return;
    const principal = await authenticateRequest(req, this.options, { allowQueryToken: false });
    if (!principal) throw new HttpError(401, 'unauthenticated', '请先登录');
    if (principal.via === 'session') {
      const problem = csrfProblem(req, principal.sessionId);
      if (problem) {
        this.options.log.warn({ method: req.method, url: req.url, user: principal.user.name, problem }, 'CSRF check failed');
        throw new HttpError(403, 'csrf', '请求未通过跨站请求伪造（CSRF）校验，请刷新页面后重试');
      }
    }
    principals.set(req, principal);
    const report = reportPath.exec(path);
    if (report) {
      const id = safeDecode(report[1]);
      const rights = id === undefined ? undefined : await this.options.access.rightsOf(principal.user, id);
      if (!rights) throw new HttpError(403, 'forbidden', '您没有此年报的访问权限');
    }
  }

  /** Handles the accounts routes; false for paths it does not own. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const method = req.method ?? 'GET';
    if (path === '/api/session') {
      if (method === 'GET') await this.whoAmI(req, res);
      else if (method === 'POST') await this.signIn(req, res);
      else if (method === 'DELETE') await this.signOut(req, res);
      else throw methodNotAllowed(method, 'GET, POST, DELETE');
      return true;
    }
    let match = membersPath.exec(path);
    if (match) {
      if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method, 'GET');
      await this.listMembers(res, decodeParam(match[1]));
      return true;
    }
    match = memberPath.exec(path);
    if (match) {
      if (method === 'PUT') await this.putMember(req, res, decodeParam(match[1]), decodeParam(match[2]));
      else if (method === 'DELETE') await this.deleteMember(req, res, decodeParam(match[1]), decodeParam(match[2]));
      else throw methodNotAllowed(method, 'PUT, DELETE');
      return true;
    }
    match = signersPath.exec(path);
    if (match) {
      if (method === 'GET' || method === 'HEAD') await this.listSigners(res, decodeParam(match[1]));
      else if (method === 'PUT') await this.putSigners(req, res, decodeParam(match[1]));
      else throw methodNotAllowed(method, 'GET, PUT');
      return true;
    }
    match = auditPath.exec(path);
    if (match) {
      if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method, 'GET');
      await this.listAudit(req, res, decodeParam(match[1]));
      return true;
    }
    return false;
  }

  private async whoAmI(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const principal = principals.get(req)!;
    sendJson(res, 200, {
      user: publicUser(principal.user),
      via: principal.via,
      ...(principal.via === 'session' ? { csrfToken: csrfTokenFor(principal.sessionId) } : {}),
    });
  }

  private async signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = sameOriginProblem(req);
    if (origin) {
      this.options.log.warn({ problem: origin }, 'sign-in from another origin refused');
      throw new HttpError(403, 'csrf', '登录请求来源不正确，请从本系统的登录页面登录');
    }
    const body = (await readJsonBody(req, this.options.maxBodyBytes)) as { name?: unknown; password?: unknown } | null;
    const name = body?.name;
    const password = body?.password;
    if (typeof name !== 'string' || name.length === 0 || name.length > 64 || typeof password !== 'string' || password.length > 1024) {
      throw new HttpError(400, 'invalid-field', '请填写用户名和密码');
    }
    const address = clientAddress(req, this.options.trustProxy);
    const result = await this.options.users.signIn(name, password, address, this.options.limiter);
    if (!result.ok) {
      if (result.reason === 'rate-limited') {
        const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
        this.options.log.warn({ name, address }, 'sign-in rate-limited');
        throw new HttpError(429, 'rate-limited', `登录失败次数过多，请 ${Math.ceil(seconds / 60)} 分钟后再试`, { 'Retry-After': String(seconds) });
      }
      this.options.log.info({ name, address }, 'sign-in failed');
      throw new HttpError(401, 'wrong-credentials', '用户名或密码不正确');
    }
    // Rotation: whatever id the browser presented (planted or old) is ended, a fresh one issued.
    const session = await this.options.sessions.start(result.user, presentedSessionId(req, this.options.cookies));
    this.options.log.info({ user: result.user.name, address }, 'signed in');
    sendJson(res, 200, { user: publicUser(result.user), via: 'session', csrfToken: session.csrfToken }, { 'Set-Cookie': sessionCookie(session.id, this.options.cookies) });
  }

  private async signOut(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const principal = principals.get(req)!;
    if (principal.via === 'session') await this.options.sessions.end(principal.sessionId);
    res.writeHead(204, { 'Set-Cookie': clearedSessionCookie(this.options.cookies), 'Cache-Control': 'no-store' });
    res.end();
  }

  private async listMembers(res: ServerResponse, reportId: string): Promise<void> {
    const members = await this.options.access.listMembers(reportId);
    sendJson(res, 200, { members: members.map((m) => publicMember(m.user, m.rights, m.signs)) });
  }

  private async listSigners(res: ServerResponse, reportId: string): Promise<void> {
    sendJson(res, 200, { signers: publicSigners(await this.options.access.listMembers(reportId)) });
  }

  /**
   * Owners name who may take each step: `{"drafter": ["zhangsan"], "head": ["lisi"], "leader":
   * ["wangwu"]}`, members who may write (not viewers); a step left out has nobody. Replaces
   * what was set; takes effect on the next update of every open connection.
   */
  private async putSigners(req: IncomingMessage, res: ServerResponse, reportId: string): Promise<void> {
    const manager = await this.requireManager(req, reportId);
    const body = (await readJsonBody(req, this.options.maxBodyBytes)) as unknown;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'invalid-field', '请求内容应为 {"drafter": […], "head": […], "leader": […]}');
    const members = await this.options.access.listMembers(reportId);
    const byName = new Map(members.map((m) => [m.user.name.toLowerCase(), m]));
    const signers = Object.fromEntries(signoffSteps.map((step) => [step, [] as number[]])) as Record<SignoffStep, number[]>;
    for (const [step, names] of Object.entries(body as Record<string, unknown>)) {
      if (!(signoffSteps as readonly string[]).includes(step)) throw new HttpError(400, 'invalid-field', `未知的签署环节：${step}（应为 ${signoffSteps.join('、')} 之一）`);
      const label = signoffStepLabels[step as SignoffStep];
      if (!Array.isArray(names) || names.length > maxSignersPerStep || !names.every((n) => typeof n === 'string')) {
        throw new HttpError(400, 'invalid-field', `${label}应为成员用户名的列表（最多 ${maxSignersPerStep} 人）`);
      }
      for (const name of names as string[]) {
        const member = byName.get(name.toLowerCase());
        if (member === undefined) throw new HttpError(400, 'invalid-field', `${name} 不是此年报的成员，不能担任${label}`);
        if (member.rights.role === 'viewer') throw new HttpError(400, 'invalid-field', `${name} 是查看者，不能担任${label}；请先调整其角色`);
        if (!signers[step as SignoffStep].includes(member.user.id)) signers[step as SignoffStep].push(member.user.id);
      }
    }
    await this.options.access.setSigners(reportId, signers satisfies Signers);
    this.options.log.info({ report: reportId, by: manager.name, signers }, 'sign-off designations set');
    sendJson(res, 200, { signers: publicSigners(await this.options.access.listMembers(reportId)) });
  }

  /** Owners manage members; admins too, on every report. */
  private async requireManager(req: IncomingMessage, reportId: string): Promise<User> {
    const principal = principals.get(req)!;
    const rights = await this.options.access.rightsOf(principal.user, reportId);
    if (rights?.role !== 'owner') throw new HttpError(403, 'forbidden', '只有年报的所有者或管理员可以管理成员');
    return principal.user;
  }

  private async targetUser(name: string): Promise<User> {
    const found = await this.options.store.findUserByName(name);
    if (!found) throw new HttpError(404, 'not-found', `用户 ${name} 不存在`);
    const { passwordHash: _hash, ...user } = found;
    return user;
  }

  private async putMember(req: IncomingMessage, res: ServerResponse, reportId: string, name: string): Promise<void> {
    const manager = await this.requireManager(req, reportId);
    const body = (await readJsonBody(req, this.options.maxBodyBytes)) as { role?: unknown; parts?: unknown } | null;
    if (body === null || typeof body !== 'object') throw new HttpError(400, 'invalid-field', '请求内容应为 {"role": …, "parts": […]}');
    const parsed = parseRights(body.role, body.parts);
    if (!parsed.ok) throw new HttpError(400, 'invalid-field', parsed.message);
    const user = await this.targetUser(name);
    await this.keepAnOwner(reportId, user, parsed.rights.role);
    await this.options.access.setMember(reportId, user, parsed.rights);
    this.options.log.info({ report: reportId, by: manager.name, member: user.name, role: parsed.rights.role, parts: parsed.rights.parts }, 'member set');
    const signs = (await this.options.access.listMembers(reportId)).find((m) => m.user.id === user.id)?.signs ?? [];
    sendJson(res, 200, { member: publicMember(user, parsed.rights, signs) });
  }

  private async deleteMember(req: IncomingMessage, res: ServerResponse, reportId: string, name: string): Promise<void> {
    const manager = await this.requireManager(req, reportId);
    const user = await this.targetUser(name);
    await this.keepAnOwner(reportId, user, undefined);
    if (!(await this.options.access.removeMember(reportId, user))) throw new HttpError(404, 'not-found', `${name} 不是此年报的成员`);
    this.options.log.info({ report: reportId, by: manager.name, member: user.name }, 'member removed');
    res.writeHead(204, { 'Cache-Control': 'no-store' });
    res.end();
  }

  /** A report keeps at least one owner: otherwise only an admin could ever manage it again. */
  private async keepAnOwner(reportId: string, user: User, newRole: ReportRole | undefined): Promise<void> {
    if (newRole === 'owner') return;
    const owners = (await this.options.access.listMembers(reportId)).filter((m) => m.rights.role === 'owner');
    if (owners.length === 1 && owners[0].user.id === user.id) {
      throw new HttpError(409, 'last-owner', '年报至少要有一位所有者：请先指定另一位所有者');
    }
  }

  private async listAudit(req: IncomingMessage, res: ServerResponse, reportId: string): Promise<void> {
    await this.options.audit.flushed();
    const limitText = new URL(req.url ?? '/', 'http://localhost').searchParams.get('limit');
    const limit = limitText === null ? 200 : Number(limitText);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 5000) throw new HttpError(400, 'invalid-field', 'limit 应为 1 至 5000 之间的整数');
    const lines = await this.options.store.listAudit(reportId, limit);
    sendJson(res, 200, {
      audit: lines.map((l) => ({
        at: new Date(l.at).toISOString(),
        user: l.userName,
        displayName: l.userDisplayName,
        part: l.part,
        cells: l.cells,
        bytes: l.bytes,
      })),
    });
  }
}

function methodNotAllowed(method: string, allow: string): HttpError {
  return new HttpError(405, 'method-not-allowed', `此地址不支持 ${method} 方法（可用：${allow}）`, { Allow: allow });
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function decodeParam(text: string): string {
  const decoded = safeDecode(text);
  if (decoded === undefined) throw new HttpError(400, 'bad-request', '请求地址无效');
  return decoded;
}

