/**
 * Everything one open report page shares: one Y.Doc, kept in IndexedDB for offline work and
 * synced through one y-websocket provider, plus the stores the components read.
 * Created and destroyed together (see useReportSession) — never in a render.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { syncUrl } from '../api.ts';
import { DiagnosticsStore } from '../checks/diagnostics-store.ts';
import type { Person } from '../identity.ts';
import { CellValues } from './cell-values.ts';
import { ConnectionTracker, closeStalledHandshakes } from './connection.ts';
import { type CopyScope, localCopyName, unsentCountKey } from './local-copies.ts';
import { PresenceStore } from './presence.ts';
import { RightsNotices } from './rights-notices.ts';

/** A sync handshake that takes longer than this is treated as failed (and retried). */
const handshakeTimeoutMs = 3000;

export class ReportSession {
  readonly doc = new Y.Doc();
  readonly local: IndexeddbPersistence;
  readonly provider: WebsocketProvider;
  readonly connection: ConnectionTracker;
  /** The server closing the socket because this user's rights changed (4100) or were refused (4403). */
  readonly rightsNotices: RightsNotices;
  readonly presence: PresenceStore;
  readonly cells: CellValues;
  readonly diagnostics: DiagnosticsStore;
  private readonly stopHandshakeWatch: () => void;

  constructor(
    readonly reportId: string,
    readonly self: Person,
    /** Whose copy of the report this browser keeps (local-copies.ts). */
    scope: CopyScope,
  ) {
    this.local = new IndexeddbPersistence(localCopyName(scope, reportId), this.doc);
    // disableBc: every change goes through the server, which validates and stores it.
    this.provider = new WebsocketProvider(syncUrl(), reportId, this.doc, { disableBc: true, connect: navigator.onLine });
    this.connection = new ConnectionTracker(this.doc, this.provider, [this.provider, this.local], unsentCountKey(scope, reportId));
    this.rightsNotices = new RightsNotices(this.provider, this.provider.awareness);
    this.stopHandshakeWatch = closeStalledHandshakes(this.provider, handshakeTimeoutMs);
    this.presence = new PresenceStore(this.provider.awareness, self);
    this.cells = new CellValues(this.doc);
    this.diagnostics = new DiagnosticsStore(this.doc);
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
  }

  /**
   * Drops this browser's copy of the report (IndexedDB, the unsent count) after the server
   * refused an update it holds: the same update goes out in every sync step 2, so without this
   * the page could never sync again, even after a reload. The session stops syncing; the page
   * then opens a new one, filled from the server. Resolves with the unsent count dropped.
   */
  async discardLocalCopy(): Promise<number> {
    this.provider.disconnect();
    await this.local.clearData();
    return this.connection.forgetUnsent();
  }

  destroy(): void {
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.diagnostics.destroy();
    this.cells.destroy();
    this.presence.destroy();
    this.stopHandshakeWatch();
    this.rightsNotices.destroy();
    this.connection.destroy();
    this.provider.destroy();
    void this.local.destroy();
    this.doc.destroy();
  }

  // A socket can outlive the network going away; close it so edits count as unsent and the
  // indicator says so, and reconnect as soon as the browser is back online.
  private onOffline = (): void => {
    this.provider.disconnect();
    this.connection.refresh();
  };

  private onOnline = (): void => {
    this.provider.connect();
    this.connection.refresh();
  };
}
