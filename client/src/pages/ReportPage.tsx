/** `/reports/:id`: the document in the middle, the outline left, the checks right. */
import { useState } from 'react';
import { DiagnosticsPanel } from '../checks/DiagnosticsPanel.tsx';
import { scopeOfUser } from '../collab/local-copies.ts';
import { useReportSession } from '../collab/use-session.ts';
import { useSignedOutBySync } from '../collab/use-signed-out.ts';
import type { Person } from '../identity.ts';
import { Avatars } from '../presence/Avatars.tsx';
import { ConnectionIndicator } from '../presence/ConnectionIndicator.tsx';
import { Outline } from '../report/Outline.tsx';
import { ReportDocument } from '../report/ReportDocument.tsx';
import { Link } from '../router.tsx';
import { TopBar } from './TopBar.tsx';
import { useAccount } from '../account-context.ts';
import { useReportAccess } from '../report/access.ts';
import { AuditPanel } from '../report/AuditPanel.tsx';
import { MembersPanel } from '../report/MembersPanel.tsx';

export function ReportPage({ reportId, person, onRename }: { reportId: string; person: Person; onRename: () => void }) {
  const { account, setAccount } = useAccount();
  const { session, discarded } = useReportSession(reportId, person, scopeOfUser(account.kind === 'signed-in' ? account.user.name : null));
  // A 4401 close (the session ended elsewhere) leads to the sign-in page, not a retry loop.
  useSignedOutBySync(session, account, setAccount);
  // The discard notice stays until read (the page may have been scrolled far from the top).
  const [dismissed, setDismissed] = useState<typeof discarded>(null);
  const access = useReportAccess(reportId, account, session?.rightsNotices ?? null);
  const signedIn = account.kind === 'signed-in';
  return (
    <div className="report-page">
      <TopBar person={person} onRename={onRename}>
        <Link to="/" className="back-link">
          ← 报告列表
        </Link>
        {session ? (
          <>
            <Avatars session={session} />
            <ConnectionIndicator session={session} />
          </>
        ) : null}
      </TopBar>
      {session ? (
        <div className="report-layout">
          <Outline session={session} />
          <main className="report-main">
            {discarded && discarded !== dismissed ? (
              <p className="part-lock page-notice changes-discarded" role="alert">
                <span>{discardedNotice(discarded.unsent)}</span>
                <button type="button" onClick={() => setDismissed(discarded)}>
                  知道了
                </button>
              </p>
            ) : null}
            {access.removed ? (
              <p className="part-lock page-notice access-removed" role="alert">
                您已被移出此年报的成员，不能再编辑，也不会再收到他人的修改。如需继续参与，请联系年报的所有者。
              </p>
            ) : null}
            {signedIn && access.rights === null ? null : (
              <ReportDocument
                session={session}
                access={
                  signedIn && access.rights
                    ? { rights: access.rights, members: access.members, frozen: access.refreshing, removed: access.removed }
                    : undefined
                }
              />
            )}
            {signedIn && !access.removed ? (
              <>
                <MembersPanel
                  reportId={reportId}
                  members={access.members}
                  canManage={access.rights?.role === 'owner'}
                  csrfToken={account.csrfToken}
                  onChanged={access.reload}
                />
                <AuditPanel reportId={reportId} />
              </>
            ) : null}
          </main>
          <DiagnosticsPanel session={session} />
        </div>
      ) : null}
    </div>
  );
}

/** Said once the server refused an update of this browser and its local copy was dropped. */
function discardedNotice(unsent: number): string {
  const what = unsent > 0 ? `本页有 ${unsent} 项未同步的修改` : '本页有修改';
  return `${what}超出了您现在的编辑权限，服务器未予保存。为继续与他人同步，本页已恢复为服务器上的版本，这些修改已丢弃。`;
}
