/** `/reports/:id`: the document in the middle, the outline left, the checks right. */
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { DiagnosticsPanel } from '../checks/DiagnosticsPanel.tsx';
import { scopeOfUser } from '../collab/local-copies.ts';
import { contentPolicyFor } from '../collab/outgoing-updates.ts';
import { type ReportSessionState, useReportSession } from '../collab/use-session.ts';
import type { Person } from '../identity.ts';
import { Avatars } from '../presence/Avatars.tsx';
import { ConnectionIndicator } from '../presence/ConnectionIndicator.tsx';
import { Outline } from '../report/Outline.tsx';
import { ReportDocument } from '../report/ReportDocument.tsx';
import { Link, historyPath } from '../router.tsx';
import { TopBar } from './TopBar.tsx';
import { useAccount } from '../account-context.ts';
import { useReportAccess } from '../report/access.ts';
import { AuditPanel } from '../report/AuditPanel.tsx';
import { MembersPanel } from '../report/MembersPanel.tsx';
import { ReportUnavailable } from './ReportUnavailable.tsx';
import { CommentsBar } from '../comments/CommentsBar.tsx';
import { MentionsMenu } from '../comments/MentionsMenu.tsx';
import { ViewerContext, useReportViewer } from '../report/viewer.ts';

export function ReportPage({ reportId, person, onRename }: { reportId: string; person: Person; onRename: () => void }) {
  const { account, setAccount } = useAccount();
  const opened = useReportSession(reportId, person, scopeOfUser(account.kind === 'signed-in' ? account.user.name : null));
  // The session behind the page ended: the sign-in page, which comes back here once signed in.
  const signedOut = opened.kind === 'closed' && opened.verdict === 'signed-out';
  useEffect(() => {
    if (signedOut) setAccount({ kind: 'signed-out' });
  }, [signedOut, setAccount]);
  const session = opened.kind === 'open' ? opened.session : null;
  // Where the open report puts 我的提及, in the top bar.
  const [topBarSlot, setTopBarSlot] = useState<HTMLElement | null>(null);
  return (
    <div className="report-page">
      <TopBar person={person} onRename={onRename}>
        <Link to="/" className="back-link">
          ← 报告列表
        </Link>
        <Link to={historyPath(reportId)} className="history-link">
          历史版本
        </Link>
        {session ? (
          <>
            <span className="topbar-slot" ref={setTopBarSlot} />
            <Avatars session={session} />
            <ConnectionIndicator session={session} />
          </>
        ) : null}
      </TopBar>
      {opened.kind === 'open' ? (
        <OpenReport reportId={reportId} opened={opened} topBarSlot={topBarSlot} />
      ) : opened.kind === 'closed' && opened.verdict !== 'signed-out' ? (
        <ReportUnavailable reportId={reportId} verdict={opened.verdict} copyDropped={opened.copyDropped} />
      ) : (
        <p className="page-loading">正在打开年报…</p>
      )}
    </div>
  );
}

function OpenReport({ reportId, opened, topBarSlot }: { reportId: string; opened: Extract<ReportSessionState, { kind: 'open' }>; topBarSlot: HTMLElement | null }) {
  const { session, discarded, syncStopped, reconnect } = opened;
  const { account } = useAccount();
  // The discard notice stays until read (the page may have been scrolled far from the top).
  const [dismissed, setDismissed] = useState<typeof discarded>(null);
  const access = useReportAccess(reportId, account, session.rightsNotices);
  const policy = contentPolicyFor(access);
  useEffect(() => session.setContentPolicy(policy), [session, policy]);
  const signedIn = account.kind === 'signed-in';
  const viewer = useReportViewer(session, reportId, account, access, access.refreshing || syncStopped);
  return (
    <ViewerContext.Provider value={viewer}>
      {topBarSlot ? createPortal(<MentionsMenu session={session} />, topBarSlot) : null}
      <div className="report-layout">
        <Outline session={session} />
        <main className="report-main">
          {syncStopped ? (
            <p className="part-lock page-notice sync-stopped" role="alert">
              <span>
                服务器再次拒绝了本页自动发出的修改。为避免反复重连，本页已停止同步：页面上的内容不会再更新，在本页所做的修改也不会保存。这通常是因为报告中有本页无法显示的内容，请联系年报的所有者或管理员。
              </span>
              <button type="button" onClick={reconnect}>
                重新连接
              </button>
            </p>
          ) : discarded && discarded !== dismissed ? (
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
          {signedIn && access.rights === null ? null : <CommentsBar session={session} />}
          {signedIn && access.rights === null ? null : (
            <ReportDocument
              session={session}
              access={
                access.rights && (signedIn || syncStopped)
                  ? { rights: access.rights, members: access.members, frozen: access.refreshing || syncStopped, removed: access.removed }
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
    </ViewerContext.Provider>
  );
}

/** Said once the server refused an update of this browser and its local copy was dropped. */
function discardedNotice(unsent: number): string {
  const what = unsent > 0 ? `本页有 ${unsent} 项未同步的修改` : '本页有修改';
  return `${what}超出了您现在的编辑权限，服务器未予保存。为继续与他人同步，本页已恢复为服务器上的版本，这些修改已丢弃。`;
}
