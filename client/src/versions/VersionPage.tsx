/**
 * One version, read-only (`/reports/:id/versions/:n`): what it is (kind, name, who, when, the
 * reasons given at publication), then the report exactly as it was, drawn by the report page's
 * own components over a Y.Doc built from the version's state. Owners may restore it: after a
 * confirmation, the draft becomes this version for everyone who has the report open, and the
 * draft it replaces is first saved as a version.
 */
import { useEffect, useState } from 'react';
import { partTitles } from '../../../schema/format.ts';
import type { Rights } from '../../../schema/permissions.ts';
import { useAccount } from '../account-context.ts';
import { severityLabels } from '../checks/DiagnosticsPanel.tsx';
import type { Person } from '../identity.ts';
import { TopBar } from '../pages/TopBar.tsx';
import { useReportAccess } from '../report/access.ts';
import { type DocumentAccess, ReportDocument } from '../report/ReportDocument.tsx';
import { Link, comparePath, historyPath, reportPath } from '../router.tsx';
import { FrozenDocument } from './frozen-document.ts';
import { formatTime, kindLabel, versionLabel, versionRightsOf } from './history-data.ts';
import { type VersionDetail, type VersionSummary, getVersion, getVersionState, restoreVersion } from './versions-api.ts';

interface Props {
  readonly reportId: string;
  readonly number: number;
  readonly person: Person;
  readonly onRename: () => void;
}

/**
 * Every part read-only and none marked locked: `frozen` is what the document components know as
 * "all read-only, locks as the rights say", and the owner's rights lock nothing.
 */
const ownerRights: Rights = { role: 'owner', parts: 'all' };
const readOnly: DocumentAccess = { rights: ownerRights, members: [], frozen: true, removed: false };

export function VersionPage({ reportId, number, person, onRename }: Props) {
  const { account } = useAccount();
  const access = useReportAccess(reportId, account, null);
  const rights = versionRightsOf(access.rights);
  const [version, setVersion] = useState<VersionDetail | null>(null);
  const [frozen, setFrozen] = useState<FrozenDocument | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let opened: FrozenDocument | null = null;
    let live = true;
    Promise.all([getVersion(reportId, number), getVersionState(reportId, number)]).then(
      ([detail, state]) => {
        if (!live) return;
        opened = new FrozenDocument(state, person);
        setVersion(detail);
        setFrozen(opened);
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
      opened?.destroy();
    };
  }, [reportId, number, person]);

  return (
    <div className="version-page">
      <TopBar person={person} onRename={onRename}>
        <Link to={historyPath(reportId)} className="back-link">
          ← 历史版本
        </Link>
      </TopBar>
      <main className="version-main">
        {error ? <p className="form-error">{error}</p> : null}
        {version ? (
          <VersionHeader
            reportId={reportId}
            version={version}
            canRestore={rights.restore}
            csrfToken={account.kind === 'signed-in' ? account.csrfToken : null}
          />
        ) : null}
        {frozen ? (
          <div className="frozen-document" data-version={number}>
            <ReportDocument session={frozen} access={readOnly} />
          </div>
        ) : error ? null : (
          <p className="page-loading">正在载入{versionLabel(number)}……</p>
        )}
      </main>
    </div>
  );
}

/** The version's exports (server/export/), named after the report by the server. */
const exportLinks = [
  ['html', '网页（HTML）'],
  ['docx', 'Word'],
  ['pdf', 'PDF'],
  ['json', '数据（JSON）'],
  ['csv', '表格（CSV）'],
] as const;

function VersionHeader({ reportId, version, canRestore, csrfToken }: { reportId: string; version: VersionDetail; canRestore: boolean; csrfToken: string | null }) {
  return (
    <header className="version-header">
      <h1>
        {versionLabel(version.number)}：{version.name}
        {version.kind === 'published' ? <span className="status published">已发布</span> : null}
      </h1>
      <p className="muted">
        {kindLabel(version)} · {version.createdBy.displayName} 保存于 {formatTime(version.createdAt)} · 当时的检查结果：{severityLabels.error}{' '}
        {version.counts.error}，{severityLabels.warning} {version.counts.warning}，{severityLabels.info} {version.counts.info}
      </p>
      {version.acknowledgements.length > 0 ? (
        <section className="version-reasons">
          <h2>发布时说明理由的警告</h2>
          <ul>
            {version.acknowledgements.map(({ warning, reason }) => (
              <li key={`${warning.rule}|${warning.message}`}>
                <span>{warning.message}</span>
                <span className="reason">理由：{reason}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {version.override ? (
        <section className="version-reasons">
          <h2>未签批仍发布</h2>
          <p>
            {version.override.parts.map((p) => partTitles[p]).join('、')}
            <span className="reason">理由：{version.override.reason}</span>
          </p>
        </section>
      ) : null}
      <p className="version-exports">
        下载此版本：
        {exportLinks.map(([format, label]) => (
          <a key={format} href={`/api/reports/${encodeURIComponent(reportId)}/versions/${version.number}/export.${format}`} download data-export={format}>
            {label}
          </a>
        ))}
      </p>
      <div className="version-actions">
        <Link to={comparePath(reportId, version.number, 'draft')}>与当前草稿比较</Link>
        {canRestore ? <RestoreControl reportId={reportId} number={version.number} csrfToken={csrfToken} /> : null}
      </div>
    </header>
  );
}

function RestoreControl({ reportId, number, csrfToken }: { reportId: string; number: number; csrfToken: string | null }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ restored: VersionSummary; saved: VersionSummary } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const restore = async () => {
    setBusy(true);
    setError(null);
    try {
      setDone(await restoreVersion(reportId, number, csrfToken));
      setConfirming(false);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (done) {
    return (
      <p className="restore-done" role="status">
        已恢复{versionLabel(done.restored.number)}。恢复前的草稿已保存为{versionLabel(done.saved.number)}。<Link to={reportPath(reportId)}>返回报告</Link>
      </p>
    );
  }
  return (
    <span className="restore-control">
      {confirming ? (
        <span className="restore-confirm" role="alertdialog" aria-label="确认恢复">
          <span>
            恢复后，所有正在编辑此报告的人都会看到{versionLabel(number)}的内容；当前草稿会先自动保存为一个新版本。确定恢复吗？
          </span>
          <button type="button" className="primary" onClick={() => void restore()} disabled={busy}>
            {busy ? '正在恢复……' : '确认恢复'}
          </button>
          <button type="button" onClick={() => setConfirming(false)} disabled={busy}>
            取消
          </button>
        </span>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          恢复此版本
        </button>
      )}
      {error ? <span className="form-error">{error}</span> : null}
    </span>
  );
}
