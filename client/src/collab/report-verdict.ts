/**
 * What the server says about this user and one report, asked over REST (`GET /api/reports/:id`).
 *
 * A browser cannot see the HTTP status of a refused websocket upgrade (the socket just closes
 * with 1006), so the page asks this before opening the sync connection, and again whenever a
 * connection fails to open, before letting it be retried (sync-gate.ts). Only an answer from the
 * server ends anything: without one (no network, a timeout, a proxy's 502) the browser's own copy
 * keeps working offline.
 */

/**
 * `forbidden`: 403, no role on the report — or no such report: the server answers 403 for both to
 * staff, so that ids cannot be probed. `not-found`: 404, no such report (what admins are told).
 * `signed-out`: 401, the session ended. `unreachable`: no answer, or an answer that says nothing
 * about the report (5xx, a proxy's error page).
 */
export type ReportVerdict = 'readable' | 'unreachable' | 'forbidden' | 'not-found' | 'signed-out';

/** The verdicts after which the page stops syncing for good and shows why. */
export type FinalVerdict = Extract<ReportVerdict, 'forbidden' | 'not-found' | 'signed-out'>;

export function isFinalVerdict(verdict: ReportVerdict): verdict is FinalVerdict {
  return verdict === 'forbidden' || verdict === 'not-found' || verdict === 'signed-out';
}

/** The verdict of an HTTP status of `GET /api/reports/:id`; null: no answer at all. */
export function verdictOfStatus(status: number | null): ReportVerdict {
  if (status === null) return 'unreachable';
  if (status >= 200 && status < 300) return 'readable';
  switch (status) {
    case 401:
      return 'signed-out';
    case 403:
      return 'forbidden';
    // 400: the id cannot be a report's; 410: gone.
    case 400:
    case 404:
    case 410:
      return 'not-found';
    default:
      return 'unreachable';
  }
}

/** How long to wait for the answer before treating the server as unreachable. */
export const probeTimeoutMs = 4000;

/** Asks the server whether this user may read `reportId`. Never rejects. */
export async function probeReport(reportId: string, fetchImpl: typeof fetch = fetch, timeoutMs = probeTimeoutMs): Promise<ReportVerdict> {
  try {
    const response = await fetchImpl(`/api/reports/${encodeURIComponent(reportId)}`, {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The body is not needed; reading it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    return verdictOfStatus(response.status);
  } catch {
    return 'unreachable';
  }
}
