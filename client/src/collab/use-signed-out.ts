/**
 * The sync server closes the socket with 4401 when the session behind it ends: signed out in
 * another tab, the password changed (`nianbao user passwd`), expired. y-websocket does not
 * reconnect after a 44xx code, so the page asks who is signed in now: nobody, and the app shows
 * the sign-in page; the same user again (signed in anew in another tab), and the socket
 * reconnects on the new session; someone else, and the app reopens the page as them.
 */
import { useEffect } from 'react';
import { type AccountState, fetchAccount } from '../account.ts';
import type { ReportSession } from './session.ts';

export function useSignedOutBySync(session: ReportSession | null, account: AccountState, setAccount: (state: AccountState) => void): void {
  useEffect(() => {
    if (!session || account.kind !== 'signed-in') return;
    let active = true;
    const stop = session.rightsNotices.subscribe((notice) => {
      if (notice !== 'signed-out') return;
      void fetchAccount().then((now) => {
        if (!active) return;
        if (now.kind === 'signed-in' && now.user.name === account.user.name) session.provider.connect();
        setAccount(now);
      });
    });
    return () => {
      active = false;
      stop();
    };
  }, [session, account, setAccount]);
}
