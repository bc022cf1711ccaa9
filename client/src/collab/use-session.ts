import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Person } from '../identity.ts';
import type { ConnectionState } from './connection.ts';
import type { KeyedStore } from './keyed-store.ts';
import type { CopyScope } from './local-copies.ts';
import { ReportSession } from './session.ts';

export interface ReportSessionState {
  readonly session: ReportSession | null;
  /**
   * Set once the server refused an update of this browser and its local copy was dropped: how
   * many unsent changes went with it (the page tells the user).
   */
  readonly discarded: { readonly unsent: number } | null;
}

/**
 * The session of one report page. The Y.Doc and provider are created and destroyed in the same
 * effect: under StrictMode's double mount a provider made during render never synced. A refused
 * update replaces the session by a fresh one, synced from the server (`discardLocalCopy`).
 */
export function useReportSession(reportId: string, self: Person, scope: CopyScope): ReportSessionState {
  const [session, setSession] = useState<ReportSession | null>(null);
  const [discarded, setDiscarded] = useState<{ unsent: number } | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const created = new ReportSession(reportId, self, scope);
    setSession(created);
    let active = true;
    const stopWatching = created.rightsNotices.subscribe((notice) => {
      if (notice !== 'update-refused') return;
      void created.discardLocalCopy().then((unsent) => {
        if (!active) return;
        setDiscarded({ unsent });
        setGeneration((g) => g + 1);
      });
    });
    return () => {
      active = false;
      stopWatching();
      setSession(null);
      created.destroy();
    };
  }, [reportId, self.name, self.color, scope, generation]);
  return { session, discarded };
}

export function useConnection(session: ReportSession): ConnectionState {
  return useSyncExternalStore(session.connection.subscribe, () => session.connection.current);
}

/** One key of a keyed store; the component re-renders only when that key changes. */
export function useKeyed<V>(store: KeyedStore<V>, key: string): V | undefined {
  return useSyncExternalStore(
    (listener) => store.subscribe(key, listener),
    () => store.get(key),
  );
}
