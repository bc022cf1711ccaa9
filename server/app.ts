/**
 * The nianbao server: one HTTP port for the REST API, the websocket sync (`/sync/<reportId>`),
 * `/healthz`, `/metrics` and the built client. `startServer` wires the modules together;
 * each does one job (room/, sync/, http/, metrics.ts, log.ts, storage/).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import type * as Y from 'yjs';
import { ReportValidator, type EvaluationScheduler } from '../schema/validator.ts';
import { defaultClientDir, defaultHost, defaultLimits, defaultLogLevel, defaultPort, type ServerLimits } from './config.ts';
import type { AuthHooks } from './hooks.ts';
import { PdfPrinter } from './export/pdf.ts';
import { Api } from './http/api.ts';
import { HttpError, sendError } from './http/respond.ts';
import { setSecurityHeaders } from './http/security-headers.ts';
import { StaticClient } from './http/static.ts';
import { createLogger, isLogLevel } from './log.ts';
import { ServerMetrics } from './metrics.ts';
import { createSampleIfEmpty, type ReportCreation } from './reports.ts';
import { closeCodes } from './room/room.ts';
import type { RoomChecks } from './room/checks.ts';
import { RoomRegistry } from './room/registry.ts';
import { openSqliteStorage } from './storage/sqlite.ts';
import type { ReportStorage } from './storage/storage.ts';
import { SyncUpgrade } from './sync/upgrade.ts';
import { closeConnectionsOnRightsChange } from './accounts/live-rights.ts';
import { ensureFirstAdmin } from './accounts/bootstrap.ts';
import { principalOf } from './accounts/http.ts';
import { openAccountStore } from './accounts/open.ts';
import { AccountServices } from './accounts/services.ts';
import { sampleReportId } from './reports.ts';
import { unsignedParts } from './versions/unsigned-parts.ts';

export interface ServerOptions {
  /** Listening address; default 127.0.0.1 (loopback: reachable from this machine only). */
  host?: string;
  /** 0 = any free port. Default 8080. */
  port?: number;
  /** Where the SQLite database lives (created if missing). */
  dataDir: string;
  /** The built client; default dist/client in the project. */
  clientDir?: string;
  /** Create the sample report on an empty data folder; default true. */
  sample?: boolean;
  /** pino level; default info. */
  logLevel?: string;
  /** Overrides of `defaultLimits` (config.ts explains each). */
  limits?: Partial<ServerLimits>;
  /** Where log lines go; default stdout. */
  logDestination?: DestinationStream;
  /**
   * `'accounts'` (the default): sign-in, roles and per-part checks (server/accounts/).
   * Otherwise the hooks themselves, no accounts: for tests and benchmarks of other concerns
   * (test-support/open-hooks.ts lets everyone in) and tests of the seams. Only code can pass
   * them; neither the CLI nor the environment can (cli/serve-config.ts has no such option).
   */
  auth?: 'accounts' | AuthHooks;
  /** Session cookie `Secure` + `__Host-` prefix: set when browsers reach the server over https. */
  secureCookies?: boolean;
  /** Behind one reverse proxy: client addresses come from X-Forwarded-For (server/http/client-address.ts). */
  trustProxy?: boolean;
  /**
   * Storage to use instead of SQLite in `dataDir` (tests). The caller owns it: `close()` does
   * not close it.
   */
  storage?: ReportStorage;
  /** The Chromium that prints the PDF export; default /usr/bin/chromium, looked for on the first PDF only. */
  chromiumPath?: string;
  /** The report checks; default `ReportValidator` from schema/validator.ts. */
  createChecks?: (doc: Y.Doc, schedule?: EvaluationScheduler) => RoomChecks;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** The registry of loaded reports (tests, diagnostics). */
  readonly rooms: RoomRegistry;
  readonly metrics: ServerMetrics;
  /** Accounts, when enabled (tests add users and tokens through it). */
  readonly accounts?: AccountServices;
  /** Set when this start created the first admin: print the password once. */
  readonly firstAdmin?: { readonly name: string; readonly password: string };
  /** Graceful: stop accepting, store pending updates, close sockets with 1001, close storage. */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logLevel = options.logLevel ?? defaultLogLevel;
  if (!isLogLevel(logLevel)) throw new Error(`unknown log level: ${logLevel}`);
  const log = createLogger(logLevel, options.logDestination);
  const limits: ServerLimits = { ...defaultLimits, ...options.limits };
  const ownsStorage = options.storage === undefined;
  const storage = options.storage ?? openSqliteStorage(options.dataDir, { journal: true });
  const createChecks = options.createChecks ?? ((doc: Y.Doc, schedule?: EvaluationScheduler) => new ReportValidator(doc, {}, { schedule }));
  const creation: ReportCreation = { storage, createChecks };
  const metrics = new ServerMetrics();

  const host = options.host ?? defaultHost;
  let hooks: AuthHooks;
  let accountDb: ReturnType<typeof openAccountStore> | undefined;
  let accounts: AccountServices | undefined;
  let firstAdmin: RunningServer['firstAdmin'];
  try {
    if (typeof options.auth === 'object') hooks = options.auth;
    else {
      // A second connection to the same file (WAL): accounts and reports share the database.
      accountDb = openAccountStore(options.dataDir);
      accounts = new AccountServices({
        store: accountDb.store,
        log,
        cookies: { secure: options.secureCookies === true },
        trustProxy: options.trustProxy === true,
        maxBodyBytes: limits.maxBodyBytes,
        credentialCheckMs: limits.credentialCheckMs,
      });
      hooks = { authenticate: accounts.authenticateUpgrade, authorize: accounts.authorizer.authorize };
      const admin = await ensureFirstAdmin(accountDb.store, accounts.users, host, options.dataDir);
      if (admin.kind === 'created') {
        firstAdmin = { name: admin.user.name, password: admin.password };
        log.info({ user: admin.user.name }, 'no admin account: created one with a one-time password');
      }
    }
    if (options.sample !== false) {
      const sample = await createSampleIfEmpty(creation);
      if (sample.created) log.info({ dataDir: options.dataDir }, 'empty data folder: created the sample report');
      if (sample.created && accounts && firstAdmin) {
        const admin = (await accountDb!.store.findUserByName(firstAdmin.name))!;
        await accounts.access.setMember(sampleReportId, admin, { role: 'owner', parts: 'all' });
      }
    }
  } catch (err) {
    await accounts?.close();
    accountDb?.close();
    if (ownsStorage) await storage.close();
    throw err;
  }

  const rooms = new RoomRegistry({
    storage,
    createChecks,
    authorize: hooks.authorize,
    log,
    metrics,
    compactAfterUpdates: limits.compactAfterUpdates,
    countsIntervalMs: limits.countsIntervalMs,
    idleUnloadMs: limits.idleUnloadMs,
  });
  const upgrade = new SyncUpgrade({
    rooms,
    authenticate: hooks.authenticate,
    admits: accounts ? (identity) => accounts.credentials.admits(identity) : undefined,
    maxMessageBytes: limits.maxMessageBytes,
    rateLimit: limits.rateLimit,
    pingIntervalMs: limits.pingIntervalMs,
    maxBufferedBytes: limits.maxBufferedBytes,
    log,
    metrics,
  });
  // Launches Chromium on the first PDF export only: the server starts without it.
  const pdf = new PdfPrinter(options.chromiumPath === undefined ? {} : { chromiumPath: options.chromiumPath });
  const api = new Api({
    ...creation,
    rooms,
    metrics,
    log,
    pdf,
    maxBodyBytes: limits.maxBodyBytes,
    access: accounts && {
      visibleReports: (req) => accounts.access.visibleReports(principalOf(req)!.user),
      reportCreated: async (req, reportId) => accounts.access.setMember(reportId, principalOf(req)!.user, { role: 'owner', parts: 'all' }),
      actor: async (req, reportId) => {
        const { user } = principalOf(req)!;
        const rights = await accounts.access.rightsOf(user, reportId);
        // The guard found a role a moment ago; a removal since then refuses as the guard would.
        if (!rights) throw new HttpError(403, 'forbidden', '您没有此年报的访问权限');
        return { name: user.name, displayName: user.displayName, rights };
      },
    },
    unsignedParts,
  });
  // A member's open connections to the report close at once when their rights change: 4100 to
  // reconnect with the new rights, 4403 when removed (accounts/live-rights.ts).
  if (accounts) closeConnectionsOnRightsChange(accounts.access, rooms, log);
  // And with 4401 when the session or token behind them ends (accounts/live-credentials.ts).
  accounts?.credentials.watch(() => upgrade.openConnections());
  const client = new StaticClient(options.clientDir ?? defaultClientDir);

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      throw new HttpError(400, 'bad-request', '请求地址无效');
    }
    if (accounts) {
      await accounts.http.guard(req, path);
      if (await accounts.http.handle(req, res, path)) return;
    }
    if (!(await api.handle(req, res, path))) await client.handle(req, res, path);
  };

  const server = createServer((req, res) => {
    setSecurityHeaders(res);
    handleRequest(req, res).catch((err: unknown) => {
      const error = err instanceof HttpError ? err : new HttpError(500, 'internal', '服务器内部错误');
      if (err instanceof HttpError) {
        if (err.status >= 400) log.info({ method: req.method, url: req.url, status: err.status, code: err.code }, 'request refused');
      } else {
        log.error({ err, method: req.method, url: req.url }, 'request failed');
      }
      if (!res.headersSent) sendError(res, error);
      else res.destroy();
    });
  });
  server.on('upgrade', upgrade.handle);
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? defaultPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${urlHost}:${port}`;
  log.info({ url, dataDir: options.dataDir, limits }, 'nianbao server listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      log.info('shutting down: no new connections; storing pending updates');
      upgrade.stopAccepting();
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Every room stores what is pending, then closes its sockets with 1001 (going away).
      await rooms.close();
      await upgrade.close();
      await pdf.close();
      server.closeAllConnections();
      await httpClosed;
      if (ownsStorage) await storage.close();
      await accounts?.close();
      accountDb?.close();
      log.info({ code: closeCodes.goingAway }, 'shut down');
    })());

  return { url, port, rooms, metrics, accounts, firstAdmin, close };
}
