import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Person } from '../identity.ts';
import type { ConnectionState } from './connection.ts';
import type { KeyedStore } from './keyed-store.ts';
import { ReportSession } from './session.ts';

/**
 * The session of one report page. The Y.Doc and provider are created and destroyed in the same
 * effect: under StrictMode's double mount a provider made during render never synced.
 */
export function useReportSession(reportId: string, self: Person): ReportSession | null {
  const [session, setSession] = useState<ReportSession | null>(null);
  useEffect(() => {
    const created = new ReportSession(reportId, self);
    setSession(created);
    return () => {
      setSession(null);
      created.destroy();
    };
  }, [reportId, self.name, self.color]);
  return session;
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
