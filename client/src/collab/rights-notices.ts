/**
 * What the sync server says about this user's rights when it closes the connection
 * (docs/api.md, "Close codes"): 4100 — the role or parts changed, reload them (y-websocket
 * reconnects by itself); 4403 — an update was refused or the user was removed from the report
 * (final). The report page reloads the rights on either and so re-renders locks and toolbars
 * without a reload of the page.
 */
import { rightsCloseCodes } from '../../../schema/permissions.ts';

export type RightsNotice = 'changed' | 'forbidden';

type CloseListener = (event: { readonly code: number } | null) => void;

/** The part of y-websocket's provider this module reads. */
export interface ProviderCloses {
  on(event: 'connection-close', listener: CloseListener): void;
  off(event: 'connection-close', listener: CloseListener): void;
}

export class RightsNotices {
  private readonly listeners = new Set<(notice: RightsNotice) => void>();

  constructor(private readonly provider: ProviderCloses) {
    provider.on('connection-close', this.onClose);
  }

  subscribe = (listener: (notice: RightsNotice) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  destroy(): void {
    this.provider.off('connection-close', this.onClose);
    this.listeners.clear();
  }

  // `event` is null when the page closed the socket itself (offline, stalled handshake).
  private onClose: CloseListener = (event) => {
    const notice = noticeOf(event?.code);
    if (notice) for (const listener of [...this.listeners]) listener(notice);
  };
}

function noticeOf(code: number | undefined): RightsNotice | null {
  switch (code) {
    case rightsCloseCodes.rightsChanged:
      return 'changed';
    case rightsCloseCodes.forbidden:
      return 'forbidden';
    default:
      return null;
  }
}
