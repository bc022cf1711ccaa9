/**
 * The connection state shown to the user: 已连接 / 正在重连 / 离线（N 项修改未同步）.
 *
 * "Unsent" counts the local changes made since the provider was last in sync with the server;
 * it survives a reload (localStorage), because the edits themselves survive it in IndexedDB.
 * It resets when the provider reports synced again and the page sends content
 * (outgoing-updates.ts): y-websocket's sync step sends the server everything the server lacks,
 * our offline edits included. A page that may send nothing, synced while it holds unsent
 * changes, holds changes the server would refuse: the tracker says so (`onUnsendable`).
 */
import type * as Y from 'yjs';
import { rightsCloseCodes } from '../../../schema/permissions.ts';
import type { ContentPolicy } from './outgoing-updates.ts';

/**
 * `connecting` is the first attempt; `reconnecting` after a connection was lost; `offline` when
 * the server cannot be reached; `refused` when the server closed the connection for good (a
 * 44xx close code: bad message, forbidden, too many messages) and y-websocket stopped retrying.
 * A close with 4100 (the user's rights changed) is a reconnect the server asked for: it shows as
 * `reconnecting` and does not count as a failed attempt.
 */
export type ConnectionStatus = 'connected' | 'connecting' | 'reconnecting' | 'offline' | 'refused';

export interface ConnectionState {
  readonly status: ConnectionStatus;
  /** Local changes not yet confirmed by a sync with the server. */
  readonly unsent: number;
  /** True once the server's copy has been merged into ours (at least once in this page). */
  readonly everSynced: boolean;
  /** The close code when `refused`. */
  readonly closeCode?: number;
}

/** The part of y-websocket's provider this module reads. */
export interface SyncProviderLike {
  readonly synced: boolean;
  readonly wsconnected: boolean;
  on(event: 'status', listener: (event: { status: 'connected' | 'connecting' | 'disconnected' }) => void): void;
  on(event: 'sync', listener: (synced: boolean) => void): void;
  on(event: 'connection-close', listener: (event: { readonly code: number } | null) => void): void;
  on(event: 'closed', listener: (event: { code: number }) => void): void;
  off(event: 'status', listener: (event: { status: 'connected' | 'connecting' | 'disconnected' }) => void): void;
  off(event: 'sync', listener: (synced: boolean) => void): void;
  off(event: 'connection-close', listener: (event: { readonly code: number } | null) => void): void;
  off(event: 'closed', listener: (event: { code: number }) => void): void;
}

export class ConnectionTracker {
  private state: ConnectionState;
  private readonly listeners = new Set<() => void>();
  private wasConnectedOnce = false;
  /** Socket closes since the last successful connection: attempts that failed. */
  private failedAttempts = 0;
  /** Set when the server refused the connection for good; cleared by a new connection. */
  private refusedCode: number | undefined;
  /**
   * The unsent count when the socket last opened: what this connection's sync step 2 carried.
   * The server's own step 2 may count the page as synced (unsent 0) just before it refuses ours.
   */
  private unsentWhenConnected = 0;
  private readonly unsendableListeners = new Set<() => void>();
  /** Unsent changes this page may not send were reported for the current connection. */
  private unsendableReported = false;

  constructor(
    private readonly doc: Y.Doc,
    private readonly provider: SyncProviderLike,
    /** Origins of updates that did not come from this user (the provider, IndexedDB). */
    private readonly remoteOrigins: readonly unknown[],
    private readonly unsentStorageKey: string,
    /** What the page sends; a step 2 held or dropped did not carry the unsent changes. */
    private readonly outgoing: { readonly current: ContentPolicy } = { current: 'send' },
  ) {
    const stored = Number(window.localStorage.getItem(unsentStorageKey));
    this.state = { status: 'connecting', unsent: Number.isFinite(stored) && stored > 0 ? stored : 0, everSynced: false };
    doc.on('update', this.onUpdate);
    provider.on('status', this.onStatus);
    provider.on('sync', this.onSync);
    provider.on('connection-close', this.onClose);
    provider.on('closed', this.onRefused);
    this.state = { ...this.state, status: this.deriveStatus() };
  }

  get current(): ConnectionState {
    return this.state;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Called once per connection that synced while the page holds unsent changes and may send no
   * content (its rights allow no edit): the server would refuse them, as it refuses an update.
   */
  onUnsendable(listener: () => void): () => void {
    this.unsendableListeners.add(listener);
    return () => this.unsendableListeners.delete(listener);
  }

  /** The page's content policy changed: a held step 2 went out, or will never go. */
  policyChanged(): void {
    this.settle();
    this.refresh();
  }

  destroy(): void {
    this.unsendableListeners.clear();
    this.doc.off('update', this.onUpdate);
    this.provider.off('status', this.onStatus);
    this.provider.off('sync', this.onSync);
    this.provider.off('connection-close', this.onClose);
    this.provider.off('closed', this.onRefused);
    this.listeners.clear();
  }

  /**
   * The local changes are gone (discarded): nothing is unsent any more, here or after a reload.
   * Returns how many there were, as far as this page counted them.
   */
  forgetUnsent(): number {
    const forgotten = Math.max(this.state.unsent, this.unsentWhenConnected);
    this.doc.off('update', this.onUpdate);
    this.set({ unsent: 0 });
    return forgotten;
  }

  private set(next: Partial<ConnectionState>): void {
    const merged = { ...this.state, ...next };
    if (
      merged.status === this.state.status &&
      merged.unsent === this.state.unsent &&
      merged.everSynced === this.state.everSynced &&
      merged.closeCode === this.state.closeCode
    ) {
      return;
    }
    this.state = merged;
    if (merged.unsent > 0) window.localStorage.setItem(this.unsentStorageKey, String(merged.unsent));
    else window.localStorage.removeItem(this.unsentStorageKey);
    this.listeners.forEach((l) => l());
  }

  private onUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (this.remoteOrigins.includes(origin)) return;
    // While connected and synced the provider sends the update at once; it is not "unsent". A
    // page that may write nothing never sends it: its only changes are y-prosemirror's fixups,
    // which stay local (outgoing-updates.ts).
    if (this.provider.wsconnected && this.provider.synced) return;
    this.set({ unsent: this.state.unsent + 1 });
  };

  private onStatus = ({ status }: { status: 'connected' | 'connecting' | 'disconnected' }): void => {
    if (status === 'connected') {
      this.unsentWhenConnected = this.state.unsent;
      this.wasConnectedOnce = true;
      this.failedAttempts = 0;
      this.refusedCode = undefined;
      this.unsendableReported = false;
    }
    this.refresh();
  };

  private onRefused = ({ code }: { code: number }): void => {
    this.refusedCode = code;
    this.refresh();
  };

  private onClose = (event: { readonly code: number } | null): void => {
    if (event?.code !== rightsCloseCodes.rightsChanged) this.failedAttempts++;
    this.refresh();
  };

  private onSync = (synced: boolean): void => {
    if (synced && this.provider.wsconnected) this.set({ everSynced: true });
    this.settle();
    this.refresh();
  };

  /**
   * Synced under `send`: our step 2 carried every unsent change. Under `drop`, it carried none,
   * and never will under these rights. Under `hold`, wait for the rights.
   */
  private settle(): void {
    if (!this.provider.wsconnected || !this.provider.synced) return;
    const policy = this.outgoing.current;
    if (policy === 'send') this.set({ unsent: 0 });
    else if (policy === 'drop' && this.state.unsent > 0 && !this.unsendableReported) {
      this.unsendableReported = true;
      for (const listener of [...this.unsendableListeners]) listener();
    }
  }

  /** Re-derives the status; call it when the browser's online state changes too. */
  refresh = (): void => {
    this.set({ status: this.deriveStatus(), closeCode: this.refusedCode });
  };

  private deriveStatus(): ConnectionStatus {
    // Connected but not yet synced still counts as connecting: the server's state is not merged yet.
    if (this.provider.wsconnected && this.provider.synced) return 'connected';
    if (this.refusedCode !== undefined) return 'refused';
    // navigator.onLine can say "online" while nothing is reachable (captive networks, a reload
    // under DevTools' offline mode): failed attempts also mean offline — the first one if this
    // page never reached the server, the second in a row once it had.
    if (!navigator.onLine || this.failedAttempts >= (this.wasConnectedOnce ? 2 : 1)) return 'offline';
    return this.wasConnectedOnce || this.failedAttempts > 0 ? 'reconnecting' : 'connecting';
  }
}

/** zh-CN label of the indicator. */
export function connectionLabel(state: ConnectionState): string {
  switch (state.status) {
    case 'connected':
      return '已连接';
    case 'connecting':
      return state.unsent > 0 ? `正在连接（${state.unsent} 项修改未同步）` : '正在连接';
    case 'reconnecting':
      return state.unsent > 0 ? `正在重连（${state.unsent} 项修改未同步）` : '正在重连';
    case 'offline':
      return `离线（${state.unsent} 项修改未同步）`;
    case 'refused':
      return `服务器拒绝了连接（代码 ${state.closeCode}，${state.unsent} 项修改未同步）`;
  }
}

/**
 * Closes a socket whose handshake has not completed after `timeoutMs`, so that y-websocket
 * retries and the failure is seen. Without network a handshake can hang for minutes, and
 * y-websocket has no timeout of its own for it. Returns the function that stops the watch.
 */
export function closeStalledHandshakes(provider: { readonly ws: WebSocket | null }, timeoutMs: number): () => void {
  let watched: WebSocket | null = null;
  let since = 0;
  const timer = window.setInterval(() => {
    const ws = provider.ws;
    if (!ws || ws.readyState !== WebSocket.CONNECTING) {
      watched = null;
      return;
    }
    if (ws !== watched) {
      watched = ws;
      since = performance.now();
    } else if (performance.now() - since > timeoutMs) {
      watched = null;
      ws.close();
    }
  }, 250);
  return () => window.clearInterval(timer);
}
