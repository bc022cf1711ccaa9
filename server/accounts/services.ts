/**
 * Everything accounts add to a running server, built from one account store: sessions, sign-in,
 * rights, the audit trail, the websocket hooks and the HTTP routes. `server/app.ts` wires these
 * into the transport; nothing here knows about sockets.
 */
import type { IncomingMessage } from 'node:http';
import { reportNotOpenable, type Authenticate, type AuthenticationResult, type Credential, type Identity } from '../hooks.ts';
import type { Logger } from '../log.ts';
import { ReportAccess } from './access.ts';
import { AuditRecorder } from './audit.ts';
import { authenticateRequest } from './authenticate.ts';
import { UpdateAuthorizer } from './authorize-updates.ts';
import { systemClock, type Clock } from './clock.ts';
import type { CookieOptions } from './cookies.ts';
import { sameOriginProblem } from './csrf.ts';
import { AccountsHttp } from './http.ts';
import { LiveCredentials } from './live-credentials.ts';
import { defaultSessionPolicy, sessionDigest, Sessions, type SessionPolicy } from './sessions.ts';
import { defaultSignInLimits, SignInLimiter, type SignInLimits } from './sign-in-limiter.ts';
import type { AccountStore } from './store.ts';
import { Users } from './users.ts';

export interface AccountServicesOptions {
  readonly store: AccountStore;
  readonly log: Logger;
  readonly cookies: CookieOptions;
  readonly maxBodyBytes: number;
  /** Behind a reverse proxy: take client addresses from X-Forwarded-For. */
  readonly trustProxy?: boolean;
  readonly clock?: Clock;
  readonly sessionPolicy?: SessionPolicy;
  readonly signInLimits?: SignInLimits;
  /** How often the credentials of open websockets are read again (ms); default 5 s. */
  readonly credentialCheckMs?: number;
}

/** Expired sessions and tokens are deleted hourly. */
const sweepEveryMs = 60 * 60 * 1000;
/** `nianbao user passwd` in another process reaches open websockets within this long. */
export const defaultCredentialCheckMs = 5000;

export class AccountServices {
  readonly sessions: Sessions;
  readonly users: Users;
  readonly limiter: SignInLimiter;
  readonly access: ReportAccess;
  readonly audit: AuditRecorder;
  readonly authorizer: UpdateAuthorizer;
  readonly http: AccountsHttp;
  /** Closes open websockets whose session or token ended (`watch` them from the server). */
  readonly credentials: LiveCredentials;
  private readonly sweepTimer: NodeJS.Timeout;

  constructor(private readonly options: AccountServicesOptions) {
    const clock = options.clock ?? systemClock;
    const { store, log } = options;
    this.sessions = new Sessions(store, clock, options.sessionPolicy ?? defaultSessionPolicy);
    this.users = new Users(store, clock);
    this.limiter = new SignInLimiter(clock, options.signInLimits ?? defaultSignInLimits);
    this.access = new ReportAccess(store);
    this.audit = new AuditRecorder(store, clock, (err) => log.error({ err }, 'writing the audit trail failed'));
    this.authorizer = new UpdateAuthorizer({
      access: this.access,
      audit: this.audit,
      owners: store,
      clock,
      onRefusal: (subject, reason) =>
        log.warn({ report: subject.reportId, user: subject.identity.kind === 'user' ? subject.identity.name : null, reason }, 'update refused by permissions'),
      onBindingError: (err) => log.error({ err }, 'storing a Yjs client-id owner failed'),
    });
    this.http = new AccountsHttp({ ...options, trustProxy: options.trustProxy === true, sessions: this.sessions, users: this.users, limiter: this.limiter, access: this.access, audit: this.audit });
    this.credentials = new LiveCredentials({ sessions: this.sessions, log, checkEveryMs: options.credentialCheckMs ?? defaultCredentialCheckMs });
    this.sweepTimer = setInterval(() => {
      this.sessions.sweep().catch((err: unknown) => log.error({ err }, 'sweeping expired sessions failed'));
    }, sweepEveryMs);
    this.sweepTimer.unref();
  }

  /**
   * The websocket `authenticate` hook: a valid session cookie (from this server's own pages:
   * same Origin, against cross-site websocket hijacking) or `?token=`, and a role on the report.
   * It runs before the report is looked up: a report id nobody gave this user a role on is
   * refused as `reportNotOpenable`, whether or not it exists.
   */
  readonly authenticateUpgrade: Authenticate = async (request: IncomingMessage, reportId: string): Promise<AuthenticationResult> => {
    const principal = await authenticateRequest(request, { sessions: this.sessions, cookies: this.options.cookies }, { allowQueryToken: true });
    if (!principal) return { ok: false, rejection: { status: 401, message: '请先登录' } };
    if (principal.via === 'session' && sameOriginProblem(request) !== null) {
      return { ok: false, rejection: { status: 403, message: '同步连接的来源不正确' } };
    }
    const rights = await this.access.rightsOf(principal.user, reportId);
    if (!rights) return { ok: false, rejection: reportNotOpenable };
    await this.authorizer.prepare(reportId);
    // What signed the connection in goes with it, so that it ends with it (live-credentials.ts).
    const credential: Credential =
      principal.via === 'session'
        ? { kind: 'session', digest: sessionDigest(principal.sessionId) }
        : { kind: 'token', digest: principal.tokenDigest, expiresAt: principal.expiresAt };
    const identity: Identity = { kind: 'user', userId: String(principal.user.id), name: principal.user.name, displayName: principal.user.displayName, credential };
    return { ok: true, identity };
  };

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.credentials.stop();
    await this.audit.flushed();
  }
}
