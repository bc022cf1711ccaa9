/** The REST API of `nianbao serve` (server/app.ts). */
import type { ReportSummary } from '../../schema/api.ts';
import type { AgencyKind } from '../../schema/format.ts';

export type { ReportSummary };


export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function requestJson<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  } catch {
    throw new ApiError(0, '无法连接服务器，请检查网络');
  }
  const body = (await response.json().catch(() => null)) as (T & { error?: { code?: string; message?: string } }) | null;
  if (!response.ok || body === null) {
    // The server answers errors as {"error": {"code", "message"}} with a zh-CN message.
    throw new ApiError(response.status, body?.error?.message ?? `服务器返回错误（${response.status}）`);
  }
  return body;
}

export async function listReports(): Promise<ReportSummary[]> {
  return (await requestJson<{ reports: ReportSummary[] }>('/api/reports')).reports;
}

/**
 * The CSRF token a signed-in session must send with every change (docs/api.md). Servers run
 * without accounts have no session: then no token is needed and none is sent.
 */
async function csrfHeader(): Promise<Record<string, string>> {
  const response = await fetch('/api/session', { headers: { accept: 'application/json' } }).catch(() => null);
  if (!response?.ok) return {};
  const body = (await response.json().catch(() => null)) as { csrfToken?: string } | null;
  return body?.csrfToken ? { 'x-csrf-token': body.csrfToken } : {};
}

export async function createReport(fields: { agency: string; kind: AgencyKind; year: number }): Promise<ReportSummary> {
  const body = await requestJson<{ report: ReportSummary }>('/api/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await csrfHeader()) },
    body: JSON.stringify(fields),
  });
  return body.report;
}

/** The sync socket's base URL for y-websocket: the room (report id) is appended by the provider. */
export function syncUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}/sync`;
}
