/**
 * The REST API (docs/api.md): reports, their diagnostics and data export, their comments and
 * sign-offs, health and metrics.
 * Routes are matched by path first and method second, so a known path with the wrong method is
 * a 405 with `Allow`, and an unknown path under /api/ is a JSON 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toReportJson } from '../../schema/json.ts';
import { readReportData } from '../../schema/ydoc.ts';
import { type ExportFormat, exportFormats, exportSourceOfDoc, renderExport } from '../export/export.ts';
import type { PdfPrinter } from '../export/pdf.ts';
import { exportError, sendExport } from '../export/respond.ts';
import type { Logger } from '../log.ts';
import type { ServerMetrics } from '../metrics.ts';
import {
  createReportFromTemplate,
  InvalidReportRequest,
  parseNewReportRequest,
  summarizeReport,
  type ReportCreation,
} from '../reports.ts';
import type { Room } from '../room/room.ts';
import type { RoomRegistry } from '../room/registry.ts';
import type { DiagnosticCounts, ReportStatus } from '../storage/storage.ts';
import { reportIdPattern } from '../sync/upgrade.ts';
import { commentsOf, signoffsOf } from './annotations.ts';
import { HttpError, readJsonBody, sendJson } from './respond.ts';
import { anonymousActor, type Handler, type RequestActor, type Route } from './routes.ts';
import { ReportVersions, type UnsignedParts } from '../versions/report-versions.ts';
import { versionRoutes } from '../versions/routes.ts';

/** What the API asks of accounts (issue 5): which reports a request may list, who owns a new one. */
export interface ApiReportAccess {
  /** The ids the request's user may see, or `'all'` (admins). */
  visibleReports(req: IncomingMessage): Promise<ReadonlySet<string> | 'all'>;
  /** Called after `POST /api/reports` created a report: its creator becomes the owner. */
  reportCreated(req: IncomingMessage, reportId: string): Promise<void>;
  /** The request's user and their rights on the report (the guard let only members through). */
  actor(req: IncomingMessage, reportId: string): Promise<RequestActor>;
}

export interface ApiOptions extends ReportCreation {
  /** Absent when accounts are disabled (tests): every report is listed. */
  readonly access?: ApiReportAccess;
  readonly rooms: RoomRegistry;
  readonly metrics: ServerMetrics;
  readonly log: Logger;
  /** Largest JSON request body (bytes). */
  readonly maxBodyBytes: number;
  /** The parts of a report not signed off (the publication gate reads it). */
  readonly unsignedParts: UnsignedParts;
  /** Prints the PDF export; without one, `export.pdf` answers 503. */
  readonly pdf?: PdfPrinter;
}

export class Api {
  private readonly routes: Route[];

  constructor(private readonly options: ApiOptions) {
    const id = '([^/]+)';
    this.routes = [
      { pattern: /^\/healthz$/, methods: { GET: this.health } },
      { pattern: /^\/metrics$/, methods: { GET: this.metricsText } },
      { pattern: /^\/api\/reports$/, methods: { GET: this.listReports, POST: this.createReport } },
      { pattern: new RegExp(`^/api/reports/${id}$`), methods: { GET: this.getReport } },
      { pattern: new RegExp(`^/api/reports/${id}/diagnostics$`), methods: { GET: this.getDiagnostics } },
      { pattern: new RegExp(`^/api/reports/${id}/data$`), methods: { GET: this.getData } },
      { pattern: new RegExp(`^/api/reports/${id}/comments$`), methods: { GET: this.getComments } },
      { pattern: new RegExp(`^/api/reports/${id}/signoffs$`), methods: { GET: this.getSignoffs } },
      { pattern: new RegExp(`^/api/reports/${id}/export\\.(${exportFormats.join('|')})$`), methods: { GET: this.getExport } },
      ...versionRoutes({
        versions: new ReportVersions({ storage: options.storage, rooms: options.rooms, unsignedParts: options.unsignedParts, log: options.log }),
        actor: (req, reportId) => options.access?.actor(req, reportId) ?? Promise.resolve(anonymousActor),
        maxBodyBytes: options.maxBodyBytes,
        pdf: options.pdf,
      }),
    ];
  }

  /**
   * Handles the request if the path is the API's; returns false for paths it does not own
   * (the static client). Throws HttpError for refusals.
   */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const method = req.method ?? 'GET';
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const handler = route.methods[method] ?? (method === 'HEAD' ? route.methods.GET : undefined);
      if (!handler) {
        const allow = Object.keys(route.methods).join(', ');
        throw new HttpError(405, 'method-not-allowed', `此地址不支持 ${method} 方法（可用：${allow}）`, { Allow: allow });
      }
      const [, rawId, ...rawArgs] = match;
      let id = '';
      if (rawId !== undefined) {
        const decoded = safeDecode(rawId);
        if (decoded === undefined || !reportIdPattern.test(decoded)) throw notFound(rawId);
        id = decoded;
      }
      const args = rawArgs.map((arg) => {
        const decoded = safeDecode(arg);
        if (decoded === undefined) throw new HttpError(400, 'bad-request', '请求地址无效');
        return decoded;
      });
      await handler(req, res, { id, args });
      return true;
    }
    if (path === '/api' || path.startsWith('/api/')) throw new HttpError(404, 'not-found', `没有这个接口：${path}`);
    return false;
  }

  private readonly health: Handler = async (_req, res) => {
    sendJson(res, 200, { status: 'ok', openReports: this.options.rooms.openCount, connections: this.options.metrics.connections });
  };

  private readonly metricsText: Handler = async (_req, res) => {
    const text = await this.options.metrics.text();
    res.writeHead(200, { 'Content-Type': this.options.metrics.contentType, 'Cache-Control': 'no-store' });
    res.end(text);
  };

  private readonly listReports: Handler = async (req, res) => {
    const visible = this.options.access ? await this.options.access.visibleReports(req) : 'all';
    const records = (await this.options.storage.listReports()).filter((record) => visible === 'all' || visible.has(record.id));
    const reports = records.map((record) => summarizeReport(record, liveSummary(this.options.rooms.peek(record.id))));
    sendJson(res, 200, { reports });
  };

  private readonly createReport: Handler = async (req, res) => {
    const body = await readJsonBody(req, this.options.maxBodyBytes);
    let request;
    try {
      request = parseNewReportRequest(body);
    } catch (err) {
      if (err instanceof InvalidReportRequest) throw new HttpError(400, 'invalid-field', err.message);
      throw err;
    }
    const record = await createReportFromTemplate(this.options, request);
    await this.options.access?.reportCreated(req, record.id);
    this.options.log.info({ report: record.id, agency: record.agency, year: record.year }, 'report created');
    sendJson(res, 201, { report: summarizeReport(record) }, { Location: `/api/reports/${record.id}` });
  };

  private readonly getReport: Handler = async (_req, res, { id }) => {
    const record = await this.options.storage.getReport(id);
    if (!record) throw notFound(id);
    sendJson(res, 200, { report: summarizeReport(record, liveSummary(this.options.rooms.peek(id))) });
  };

  private readonly getDiagnostics: Handler = async (_req, res, { id }) => {
    await this.withRoom(id, (room) => sendJson(res, 200, { diagnostics: room.diagnostics(), counts: room.counts() }));
  };

  private readonly getData: Handler = async (_req, res, { id }) => {
    await this.withRoom(id, (room) => sendJson(res, 200, toReportJson(readReportData(room.doc))));
  };

  private readonly getComments: Handler = async (_req, res, { id }) => {
    await this.withRoom(id, (room) => sendJson(res, 200, commentsOf(room.doc)));
  };

  private readonly getSignoffs: Handler = async (_req, res, { id }) => {
    await this.withRoom(id, (room) => sendJson(res, 200, signoffsOf(room.doc)));
  };

  /**
   * The draft as a file (`export.html|docx|pdf|json|csv`): the document is read while the room
   * is held, rendered after (a PDF takes a second; the room need not wait for it).
   */
  private readonly getExport: Handler = async (req, res, { id, args }) => {
    const source = await this.withRoom(id, (room) => exportSourceOfDoc(room.doc));
    const file = await renderExport(source, args[0] as ExportFormat, { pdf: this.options.pdf }).catch((err: unknown) => {
      throw exportError(err);
    });
    sendExport(res, file, req.method ?? 'GET');
  };

  /** Loads the report (or finds it in memory) for the duration of `read`. */
  private async withRoom<T>(id: string, read: (room: Room) => T): Promise<T> {
    const room = await this.options.rooms.hold(id);
    if (!room) throw notFound(id);
    try {
      return read(room);
    } finally {
      this.options.rooms.release(room);
    }
  }
}

/** What an open report says that storage may not have yet. */
function liveSummary(room: Room | undefined): { counts?: DiagnosticCounts; status?: ReportStatus } | undefined {
  return room && { counts: room.liveCounts(), status: room.liveStatus() };
}

function notFound(id: string): HttpError {
  return new HttpError(404, 'not-found', `年报 ${id} 不存在`);
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
