/** The versions REST API (docs/api.md, "Versions") as the history pages use it. */
import type { PublicationBlocking, VersionDetail, VersionKind, VersionSummary } from '../../../schema/api.ts';
import type { ReportComparison } from '../../../schema/compare.ts';
import type { Diagnostic } from '../../../schema/diagnostics.ts';
import type { PartKey } from '../../../schema/format.ts';
import { ApiError, requestJson } from '../api.ts';

export type { VersionDetail, VersionSummary };

function versionsPath(reportId: string, rest = ''): string {
  return `/api/reports/${encodeURIComponent(reportId)}/versions${rest}`;
}

/** Servers without accounts need no CSRF token (and have none to give). */
function changeHeaders(csrfToken: string | null): Record<string, string> {
  return { 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) };
}

/** Oldest first, as the server lists them. */
export async function listVersions(reportId: string): Promise<VersionSummary[]> {
  return (await requestJson<{ versions: VersionSummary[] }>(versionsPath(reportId))).versions;
}

export async function getVersion(reportId: string, number: number): Promise<VersionDetail> {
  return (await requestJson<{ version: VersionDetail }>(versionsPath(reportId, `/${number}`))).version;
}

/** The version's Yjs state, to open it read-only. */
export async function getVersionState(reportId: string, number: number): Promise<Uint8Array> {
  const response = await fetch(versionsPath(reportId, `/${number}/state`)).catch(() => null);
  if (!response) throw new ApiError(0, '无法连接服务器，请检查网络');
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiError(response.status, body?.error?.message ?? `服务器返回错误（${response.status}）`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

export interface VersionRequestBody {
  readonly kind: VersionKind;
  readonly name: string;
  readonly acknowledgements?: readonly { readonly warning: string; readonly reason: string }[];
  readonly overrideReason?: string;
  readonly dryRun?: boolean;
}

export type CreateAnswer =
  | { readonly kind: 'created'; readonly version: VersionSummary }
  | { readonly kind: 'ready'; readonly diagnostics: readonly Diagnostic[]; readonly unsignedParts: readonly PartKey[] }
  | { readonly kind: 'blocked'; readonly message: string; readonly blocking: PublicationBlocking; readonly diagnostics: readonly Diagnostic[] };

/** Saves or publishes (or, with `dryRun`, asks the gate); a refusal other than the gate's throws. */
export async function createVersion(reportId: string, csrfToken: string | null, body: VersionRequestBody): Promise<CreateAnswer> {
  const response = await fetch(versionsPath(reportId), { method: 'POST', headers: changeHeaders(csrfToken), body: JSON.stringify(body) }).catch(() => null);
  if (!response) throw new ApiError(0, '无法连接服务器，请检查网络');
  const answer = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  const message = (answer?.error as { message?: string } | undefined)?.message;
  if (response.status === 409 && answer?.blocking) {
    return { kind: 'blocked', message: message ?? '不能发布', blocking: answer.blocking as PublicationBlocking, diagnostics: answer.diagnostics as Diagnostic[] };
  }
  if (response.status === 201) return { kind: 'created', version: answer!.version as VersionSummary };
  if (response.status === 200 && answer?.ready === true) {
    return { kind: 'ready', diagnostics: answer.diagnostics as Diagnostic[], unsignedParts: answer.unsignedParts as PartKey[] };
  }
  throw new ApiError(response.status, message ?? `服务器返回错误（${response.status}）`);
}

export async function compareVersions(reportId: string, from: number, to: number | 'draft'): Promise<ReportComparison> {
  return (await requestJson<{ comparison: ReportComparison }>(versionsPath(reportId, `/${from}/compare/${to}`))).comparison;
}

export async function restoreVersion(reportId: string, number: number, csrfToken: string | null): Promise<{ restored: VersionSummary; saved: VersionSummary }> {
  return requestJson(versionsPath(reportId, `/${number}/restore`), { method: 'POST', headers: changeHeaders(csrfToken) });
}
