import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { Person } from '../identity.ts';
import type { ConnectionState } from './connection.ts';
import type { KeyedStore } from './keyed-store.ts';
import { type CopyScope, forgetLocalCopy } from './local-copies.ts';
import { RefusalGuard } from './refusal-guard.ts';
import { type FinalVerdict, isFinalVerdict, probeReport } from './report-verdict.ts';
import { ReportSession } from './session.ts';

/**
 * `checking`: asking the server about the report before anything of it is shown or opened.
 * `open`: a session, synced or working offline from the browser's copy.
 * `closed`: the server said the user may not read the report, that it does not exist (its copy
 * in this browser is gone: `copyDropped` says whether there was one), or that the session ended.
 */
export type ReportSessionState =
  | { readonly kind: 'checking' }
  | {
      readonly kind: 'open';
      readonly session: ReportSession;
      /**
       * Set once the server refused an update of this browser and its local copy was dropped: how
       * many unsent changes went with it (the page tells the user).
       */
      readonly discarded: { readonly unsent: number } | null;
      /**
       * The server refused this page's updates again right after a reopen (refusal-guard.ts): the
       * session no longer syncs, until the user asks to `reconnect`.
       */
      readonly syncStopped: boolean;
      readonly reconnect: () => void;
    }
  | { readonly kind: 'closed'; readonly verdict: FinalVerdict; readonly copyDropped: boolean };

type Phase = { readonly kind: 'checking' } | { readonly kind: 'open'; readonly session: ReportSession } | Extract<ReportSessionState, { kind: 'closed' }>;

/**
 * The session of one report page. The server is asked about the report first (`probeReport`):
 * a report the user may not read, or that does not exist, is never opened — its copy in this
 * browser is deleted instead — and without an answer (offline) the browser's copy opens. The
 * Y.Doc and provider are created and destroyed in the same effect: under StrictMode's double
 * mount a provider made during render never synced. A refused update replaces the session by a
 * fresh one, synced from the server (`discardLocalCopy`), unless the refusal guard says stop.
 */
export function useReportSession(reportId: string, self: Person, scope: CopyScope): ReportSessionState {
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const [discarded, setDiscarded] = useState<{ unsent: number } | null>(null);
  const [syncStopped, setSyncStopped] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [guard] = useState(() => new RefusalGuard());

  useEffect(() => {
    let active = true;
    let session: ReportSession | null = null;
    const close = (verdict: FinalVerdict): void => {
      session?.destroy();
      session = null;
      if (!active) return;
      if (verdict === 'signed-out') {
        setPhase({ kind: 'closed', verdict, copyDropped: false });
        return;
      }
      // Nothing of the report is shown while its copy is deleted.
      setPhase({ kind: 'checking' });
      void forgetLocalCopy(scope, reportId).then((copyDropped) => {
        if (active) setPhase({ kind: 'closed', verdict, copyDropped });
      });
    };
    void probeReport(reportId).then((verdict) => {
      if (!active) return;
      if (isFinalVerdict(verdict)) return close(verdict);
      const created = new ReportSession(reportId, self, scope, close);
      session = created;
      // The server refused an update of this page, or the page holds changes its rights no
      // longer allow (which the server would refuse): handled once per session.
      let refused = false;
      const onRefused = (): void => {
        if (refused) return;
        refused = true;
        const decision = guard.afterRefusal(Date.now());
        void created.discardLocalCopy().then((unsent) => {
          if (!active) return;
          setDiscarded({ unsent });
          if (decision === 'reopen') setGeneration((g) => g + 1);
          else setSyncStopped(true);
        });
      };
      created.connection.onUnsendable(onRefused);
      created.rightsNotices.subscribe((notice) => {
        if (notice === 'removed') void created.forgetLocalCopy();
        if (notice === 'update-refused') onRefused();
      });
      setPhase({ kind: 'open', session: created });
    });
    return () => {
      active = false;
      setPhase({ kind: 'checking' });
      session?.destroy();
    };
  }, [reportId, self.name, self.color, scope, generation, guard]);

  const reconnect = useCallback(() => {
    guard.reconnectedByUser(Date.now());
    setSyncStopped(false);
    setDiscarded(null);
    setGeneration((g) => g + 1);
  }, [guard]);

  if (phase.kind !== 'open') return phase;
  return { kind: 'open', session: phase.session, discarded, syncStopped, reconnect };
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
