/**
 * What the sync server says about this user's rights when it closes the connection
 * (docs/api.md, "Close codes"): 4100 — the role or parts changed, reload them (y-websocket
 * reconnects by itself); 4403 — the user was removed from the report, or an update of this
 * browser was refused (both final). The report page reloads the rights on any of them and so
 * re-renders locks and toolbars without a reload of the page; after a refused update it also
 * drops the browser's copy of the report (use-session.ts), which the server would refuse again
 * on every reconnect, and after a removal the copy goes too: the user may no longer read it.
 * A 4401 (the session behind the socket ended) is no rights notice: the sync gate asks the REST
 * API who may read the report now (sync-gate.ts). Changes to other members' rights come through
 * the server's awareness state (`server.membersChanged`, server/room/room.ts): the page reloads the members,
 * to name who may edit what.
 */
import { rightsCloseCodes, rightsCloseReasons } from '../../../schema/permissions.ts';

/**
 * `removed`: 4403 `removed from report`, the user may no longer read the report (the page drops
 * its copy); `update-refused`: 4403 `update refused`; `forbidden`: any other 4403.
 */
export type RightsNotice = 'changed' | 'removed' | 'forbidden' | 'update-refused' | 'members-changed';

type CloseListener = (event: { readonly code: number; readonly reason?: string } | null) => void;

/** The part of y-websocket's provider this module reads. */
export interface ProviderCloses {
  on(event: 'connection-close', listener: CloseListener): void;
  off(event: 'connection-close', listener: CloseListener): void;
}

/** The part of y-protocols' Awareness this module reads. */
export interface AwarenessStates {
  getStates(): Map<number, unknown>;
  on(event: 'change', listener: () => void): void;
  off(event: 'change', listener: () => void): void;
}

export class RightsNotices {
  private readonly listeners = new Set<(notice: RightsNotice) => void>();
  private membersChanged: string | undefined;

  constructor(
    private readonly provider: ProviderCloses,
    private readonly awareness: AwarenessStates,
  ) {
    provider.on('connection-close', this.onClose);
    awareness.on('change', this.onAwareness);
  }

  subscribe = (listener: (notice: RightsNotice) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  destroy(): void {
    this.provider.off('connection-close', this.onClose);
    this.awareness.off('change', this.onAwareness);
    this.listeners.clear();
  }

  private notify(notice: RightsNotice): void {
    for (const listener of [...this.listeners]) listener(notice);
  }

  private onAwareness = (): void => {
    for (const state of this.awareness.getStates().values()) {
      const announced = (state as { server?: { membersChanged?: unknown } } | null)?.server?.membersChanged;
      if (typeof announced !== 'string' || announced === this.membersChanged) continue;
      this.membersChanged = announced;
      this.notify('members-changed');
    }
  };

  // `event` is null when the page closed the socket itself (offline, stalled handshake).
  private onClose: CloseListener = (event) => {
    const notice = noticeOf(event?.code, event?.reason);
    if (notice) this.notify(notice);
  };
}

function noticeOf(code: number | undefined, reason: string | undefined): RightsNotice | null {
  switch (code) {
    case rightsCloseCodes.rightsChanged:
      return 'changed';
    case rightsCloseCodes.forbidden:
      if (reason === rightsCloseReasons.updateRefused) return 'update-refused';
      return reason === rightsCloseReasons.removed ? 'removed' : 'forbidden';
    default:
      return null;
  }
}
