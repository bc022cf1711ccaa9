/**
 * The versions' REST routes (docs/api.md, "Versions"): list, create (the publication gate's
 * 409), read one, its Yjs state, its exports, compare, restore. Who may do what: any member
 * reads; owners and editors save drafts (审核稿); owners publish and restore. The accounts
 * guard has let only members of the report this far.
 */
import type { IncomingMessage } from 'node:http';
import { versionKinds, type VersionDetail, type VersionKind, type VersionSummary } from '../../schema/api.ts';
import { checkName, type NameRule } from '../../schema/names.ts';
import { blockingMessage, parseGateRequest } from '../../schema/publication-gate.ts';
import { type ExportFormat, exportFormats, exportSourceOfState, renderExport } from '../export/export.ts';
import type { PdfPrinter } from '../export/pdf.ts';
import { exportError, sendExport } from '../export/respond.ts';
import { HttpError, readJsonBody, sendJson } from '../http/respond.ts';
import type { RequestActor, Route, RouteParams } from '../http/routes.ts';
import type { StoredVersion, VersionRecord } from '../storage/storage.ts';
import type { ComparedState, ReportVersions, VersionRequest } from './report-versions.ts';

export interface VersionRoutesOptions {
  readonly versions: ReportVersions;
  readonly actor: (req: IncomingMessage, reportId: string) => Promise<RequestActor>;
  readonly maxBodyBytes: number;
  /** Prints a version's PDF export; without one, `export.pdf` answers 503. */
  readonly pdf?: PdfPrinter;
}

export const versionNameRule: NameRule = Object.freeze({ label: '版本名称', maxLength: 100 });

/** The name a version gets when the request gives none. */
export const defaultVersionNames: Readonly<Record<VersionKind, string>> = { published: '发布版本', draft: '提交审核稿' };

const id = '([^/]+)';
const number = '([^/]+)';

export function versionRoutes({ versions, actor, maxBodyBytes, pdf }: VersionRoutesOptions): Route[] {
  return [
    {
      pattern: new RegExp(`^/api/reports/${id}/versions$`),
      methods: {
        GET: async (_req, res, { id: reportId }) => {
          sendJson(res, 200, { versions: (await versions.list(reportId)).map(summaryOf) });
        },
        POST: async (req, res, { id: reportId }) => {
          const request = parseVersionRequest(await readJsonBody(req, maxBodyBytes));
          const who = await actor(req, reportId);
          requireRight(who, request.kind === 'published' ? 'publish' : 'draft');
          const outcome = await versions.create(reportId, authorOf(who), request);
          switch (outcome.kind) {
            case 'unknown-report':
              throw reportNotFound(reportId);
            case 'blocked':
              return sendJson(res, 409, {
                error: { code: 'publication-blocked', message: blockingMessage(outcome.blocking) },
                blocking: outcome.blocking,
                diagnostics: outcome.diagnostics,
              });
            case 'ready':
              return sendJson(res, 200, { ready: true, diagnostics: outcome.diagnostics, unsignedParts: outcome.unsignedParts });
            case 'created':
              return sendJson(res, 201, { version: summaryOf(outcome.version) }, { Location: versionPath(reportId, outcome.version.number) });
          }
        },
      },
    },
    {
      pattern: new RegExp(`^/api/reports/${id}/versions/${number}$`),
      methods: {
        GET: async (_req, res, params) => {
          sendJson(res, 200, { version: detailOf(await existingVersion(versions, params)) });
        },
      },
    },
    {
      pattern: new RegExp(`^/api/reports/${id}/versions/${number}/state$`),
      methods: {
        GET: async (_req, res, params) => {
          const { state } = await existingVersion(versions, params);
          res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': state.byteLength, 'Cache-Control': 'no-store' });
          res.end(state);
        },
      },
    },
    {
      // A version as a file, like the draft's `export.*` (server/export/): the same bytes for
      // the same version every time (HTML, JSON, CSV).
      pattern: new RegExp(`^/api/reports/${id}/versions/${number}/export\\.(${exportFormats.join('|')})$`),
      methods: {
        GET: async (req, res, params) => {
          const { state } = await existingVersion(versions, params);
          const file = await renderExport(exportSourceOfState(state), params.args[1] as ExportFormat, { pdf }).catch((err: unknown) => {
            throw exportError(err);
          });
          sendExport(res, file, req.method ?? 'GET');
        },
      },
    },
    {
      pattern: new RegExp(`^/api/reports/${id}/versions/${number}/compare/${number}$`),
      methods: {
        GET: async (_req, res, { id: reportId, args: [from, to] }) => {
          const before = versionNumber(from!);
          const after: ComparedState = to === 'draft' ? 'draft' : { version: versionNumber(to!) };
          const comparison = await versions.compare(reportId, { version: before }, after);
          if (!comparison) throw new HttpError(404, 'not-found', `年报 ${reportId} 没有第 ${from} 版或第 ${to} 版`);
          sendJson(res, 200, { from: before, to: after === 'draft' ? 'draft' : after.version, comparison });
        },
      },
    },
    {
      pattern: new RegExp(`^/api/reports/${id}/versions/${number}/restore$`),
      methods: {
        POST: async (req, res, { id: reportId, args: [n] }) => {
          const who = await actor(req, reportId);
          requireRight(who, 'restore');
          const outcome = await versions.restore(reportId, versionNumber(n!), authorOf(who));
          if (!outcome) throw reportNotFound(reportId);
          switch (outcome.kind) {
            case 'unknown-version':
              throw versionNotFound(reportId, n!);
            case 'busy':
              throw new HttpError(409, 'busy', '报告正被频繁修改，未能先保存恢复前的草稿，因此没有恢复；请稍后再试');
            case 'restored':
              return sendJson(res, 200, { restored: summaryOf(outcome.restored), saved: summaryOf(outcome.saved) });
          }
        },
      },
    },
  ];
}

type Right = 'publish' | 'draft' | 'restore';

const refusals: Readonly<Record<Right, string>> = {
  publish: '只有年报的所有者可以发布版本',
  draft: '只有年报的所有者和编辑可以保存审核稿',
  restore: '只有年报的所有者可以恢复历史版本',
};

function requireRight({ rights }: RequestActor, right: Right): void {
  const allowed = rights.role === 'owner' || (right === 'draft' && rights.role === 'editor');
  if (!allowed) throw new HttpError(403, 'forbidden', refusals[right]);
}

function authorOf({ name, displayName }: RequestActor) {
  return { name, displayName };
}

/** `{"kind", "name"?, "acknowledgements"?, "overrideReason"?, "dryRun"?}` from untrusted JSON. */
function parseVersionRequest(body: unknown): VersionRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'invalid-field', '请求内容应为 JSON 对象：{"kind": "published" | "draft", "name": …}');
  }
  const fields = body as Record<string, unknown>;
  const kind = fields.kind;
  if (typeof kind !== 'string' || !(versionKinds as readonly string[]).includes(kind)) {
    throw new HttpError(400, 'invalid-field', '版本类型（kind）应为 published（发布版本）或 draft（审核稿）');
  }
  const name = checkName(fields.name ?? defaultVersionNames[kind as VersionKind], versionNameRule);
  if (!name.ok) throw new HttpError(400, 'invalid-field', name.problem);
  if (fields.dryRun !== undefined && typeof fields.dryRun !== 'boolean') throw new HttpError(400, 'invalid-field', 'dryRun 应为 true 或 false');
  const gate = parseGateRequest(fields);
  if (!gate.ok) throw new HttpError(400, 'invalid-field', gate.problem);
  return { kind: kind as VersionKind, name: name.name, gate: gate.request, dryRun: fields.dryRun === true };
}

/** A version number from the path: 1, 2, … (no sign, no leading zero, no fraction). */
function versionNumber(text: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(text)) throw new HttpError(404, 'not-found', `版本 ${text} 不存在`);
  return Number(text);
}

async function existingVersion(versions: ReportVersions, { id: reportId, args: [n] }: RouteParams): Promise<StoredVersion> {
  const version = await versions.get(reportId, versionNumber(n!));
  if (!version) throw versionNotFound(reportId, n!);
  return version;
}

function summaryOf({ reportId: _reportId, ...summary }: VersionRecord): VersionSummary {
  return summary;
}

function detailOf({ state: _state, reportId: _reportId, ...detail }: StoredVersion): VersionDetail {
  return detail;
}

function versionPath(reportId: string, n: number): string {
  return `/api/reports/${encodeURIComponent(reportId)}/versions/${n}`;
}

function reportNotFound(reportId: string): HttpError {
  return new HttpError(404, 'not-found', `年报 ${reportId} 不存在`);
}

function versionNotFound(reportId: string, n: string): HttpError {
  return new HttpError(404, 'not-found', `年报 ${reportId} 没有第 ${n} 版`);
}
