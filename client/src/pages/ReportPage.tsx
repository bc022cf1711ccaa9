/** `/reports/:id`: the document in the middle, the outline left, the checks right. */
import { DiagnosticsPanel } from '../checks/DiagnosticsPanel.tsx';
import { useReportSession } from '../collab/use-session.ts';
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
  const session = useReportSession(reportId, person);
  const { account } = useAccount();
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
            {access.removed ? (
              <p className="part-lock access-removed" role="alert">
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
