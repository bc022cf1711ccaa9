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
import { CommentsState } from '../comments/comments-state.ts';
import type { Person } from '../identity.ts';
import { CellValues } from './cell-values.ts';
import { ConnectionTracker, closeStalledHandshakes } from './connection.ts';
import { type CopyScope, accessCacheKey, localCopyName, unsentCountKey } from './local-copies.ts';
import { type ContentPolicy, OutgoingUpdates, filteredWebSocket } from './outgoing-updates.ts';
import { PresenceStore } from './presence.ts';
import { type FinalVerdict, probeReport } from './report-verdict.ts';
import { RightsNotices } from './rights-notices.ts';
import { SyncGate } from './sync-gate.ts';
import { SignoffStore } from '../signoffs/signoff-store.ts';

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
  /** Comment threads and what the page shows of them. */
  readonly comments: CommentsState;
  /** Each part's sign-off state and the report's status. */
  readonly signoffs: SignoffStore;
  /**
   * Which document updates go to the server (outgoing-updates.ts): held until the page knows the
   * user's rights, then sent, or dropped for a user who may write nothing.
   */
  private readonly outgoing = new OutgoingUpdates('hold');
  /** Connects the provider, and holds its retries after a failed connection (sync-gate.ts). */
  private readonly gate: SyncGate;
  private readonly stopHandshakeWatch: () => void;

  constructor(
    readonly reportId: string,
    readonly self: Person,
    /** Whose copy of the report this browser keeps (local-copies.ts). */
    private readonly scope: CopyScope,
    /**
     * Called once if the server, asked after a failed connection, says this user may not read
     * the report, that it does not exist, or that the session ended. Syncing has stopped then.
     */
    onFinal: (verdict: FinalVerdict) => void,
  ) {
    this.local = new IndexeddbPersistence(localCopyName(scope, reportId), this.doc);
    // disableBc: every change goes through the server, which validates and stores it.
    this.provider = new WebsocketProvider(syncUrl(), reportId, this.doc, {
      disableBc: true,
      connect: false,
      WebSocketPolyfill: filteredWebSocket(this.outgoing),
    });
    this.connection = new ConnectionTracker(this.doc, this.provider, [this.provider, this.local], unsentCountKey(scope, reportId), this.outgoing);
    this.rightsNotices = new RightsNotices(this.provider, this.provider.awareness);
    this.gate = new SyncGate(this.provider, () => probeReport(reportId), onFinal);
    if (navigator.onLine) this.gate.start();
    this.stopHandshakeWatch = closeStalledHandshakes(this.provider, handshakeTimeoutMs);
    this.presence = new PresenceStore(this.provider.awareness, self);
    this.cells = new CellValues(this.doc);
    this.diagnostics = new DiagnosticsStore(this.doc);
    this.comments = new CommentsState(this.doc);
    this.signoffs = new SignoffStore(this.doc);
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
  }

  /**
   * Applies what the page knows of the user's rights to what it sends (`contentPolicyFor`). After
   * content was dropped, sending again starts with a new connection, whose sync step 2 carries
   * what was dropped: the page's next changes build on it.
   */
  setContentPolicy(policy: ContentPolicy): void {
    const resync = this.outgoing.setPolicy(policy);
    this.connection.policyChanged();
    if (!resync) return;
    this.gate.stop();
    if (navigator.onLine) this.gate.start();
  }

  /**
   * Drops this browser's copy of the report (IndexedDB, the unsent count) after the server
   * refused an update it holds: the same update goes out in every sync step 2, so without this
   * the page could never sync again, even after a reload. The session stops syncing; the page
   * then opens a new one, filled from the server. Resolves with the unsent count dropped.
   */
  async discardLocalCopy(): Promise<number> {
    // This session never syncs again, not even when the browser comes back online.
    this.gate.destroy();
    await this.local.clearData();
    return this.connection.forgetUnsent();
  }

  /**
   * Deletes this browser's copy of the report (IndexedDB, the unsent count, the rights last
   * read) once the server removed the user from it: a reload must not bring it back. What the
   * page shows stays until it closes; nothing is stored any more.
   */
  async forgetLocalCopy(): Promise<void> {
    this.connection.forgetUnsent();
    window.localStorage.removeItem(accessCacheKey(this.scope, this.reportId));
    await this.local.clearData();
  }

  destroy(): void {
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.signoffs.destroy();
    this.comments.destroy();
    this.diagnostics.destroy();
    this.cells.destroy();
    this.presence.destroy();
    this.stopHandshakeWatch();
    this.rightsNotices.destroy();
    this.gate.destroy();
    this.connection.destroy();
    this.provider.destroy();
    void this.local.destroy();
    this.doc.destroy();
  }

  // A socket can outlive the network going away; close it so edits count as unsent and the
  // indicator says so, and reconnect as soon as the browser is back online.
  private onOffline = (): void => {
    this.gate.stop();
    this.connection.refresh();
  };

  private onOnline = (): void => {
    this.gate.start();
    this.connection.refresh();
  };
}
