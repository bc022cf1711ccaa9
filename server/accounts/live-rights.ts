/**
 * A role change reaches the browser at once: when a member's rights on a report change, their
 * open connections to that report are closed, so that the page learns of it without a reload.
 *
 * - Role or parts changed: close code 4100 (`rightsCloseCodes.rightsChanged`). The server
 *   already judges the next message with the new rights; the close tells the client to reload
 *   its rights (locks, toolbars) and y-websocket reconnects by itself, under the new rights.
 * - Removed from the report: 4403 (`forbidden`), which y-websocket treats as final; the
 *   reconnect would be refused at the upgrade anyway (403).
 * - Every other connection to the report hears that the members changed (the room's
 *   `announceMembersChanged`), so that the names of who may edit each part stay current; so
 *   does every connection when the sign-off designations change (`PUT …/signers`).
 */
import { rightsCloseCodes, rightsCloseReasons } from '../../schema/permissions.ts';
import type { Identity } from '../hooks.ts';
import type { Logger } from '../log.ts';
import type { ReportAccess } from './access.ts';
import { accountIdOf } from './authorize-updates.ts';

/** The reports in memory, as far as closing a user's connections goes (`RoomRegistry`). */
export interface OpenReports {
  peek(reportId: string):
    | {
        closeConnectionsOf(matches: (identity: Identity) => boolean, code: number, reason: string): number;
        announceMembersChanged(): void;
      }
    | undefined;
}

/** Subscribes to `access`; returns the function that stops it. */
export function closeConnectionsOnRightsChange(access: ReportAccess, reports: OpenReports, log: Logger): () => void {
  // Who may take each sign-off step shows on every page (the members payload): reload it.
  const stopSigners = access.onSignersChange((reportId) => reports.peek(reportId)?.announceMembersChanged());
  const stopRights = access.onChange((reportId, userId, rights) => {
    const [code, reason] = rights
      ? [rightsCloseCodes.rightsChanged, rightsCloseReasons.rightsChanged]
      : [rightsCloseCodes.forbidden, rightsCloseReasons.removed];
    const room = reports.peek(reportId);
    // Everyone else's page shows who may edit each part: it reloads the members.
    room?.announceMembersChanged();
    const closed = room?.closeConnectionsOf((identity) => accountIdOf(identity) === userId, code, reason) ?? 0;
    if (closed > 0) log.info({ report: reportId, userId, code, closed }, 'rights changed: closed the member\'s connections');
  });
  return () => {
    stopSigners();
    stopRights();
  };
}
