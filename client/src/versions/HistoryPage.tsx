/**
 * 历史版本 (`/reports/:id/history`): the report's versions, newest first, with who saved each and
 * when, 已发布 on published ones; 发布版本 (owners, through the gate) and 保存审核稿 (owners and
 * editors); opening a version, and comparing two versions or a version with the draft.
 */
import { type FormEvent, useState } from 'react';
import type { VersionSummary } from '../../../schema/api.ts';
import { reportTitle } from '../../../schema/report.ts';
import { useAccount } from '../account-context.ts';
import type { Person } from '../identity.ts';
import { TopBar } from '../pages/TopBar.tsx';
import { useReportAccess } from '../report/access.ts';
import { Link, comparePath, navigate, reportPath, versionPath } from '../router.tsx';
import { formatTime, kindLabel, useReportSummary, useVersions, versionLabel, versionRightsOf } from './history-data.ts';
import { PublishPanel } from './PublishPanel.tsx';
import { createVersion } from './versions-api.ts';

interface Props {
  readonly reportId: string;
  readonly person: Person;
  readonly onRename: () => void;
}

export function HistoryPage({ reportId, person, onRename }: Props) {
  const { account } = useAccount();
  const access = useReportAccess(reportId, account, null);
  const rights = versionRightsOf(access.rights);
  const csrfToken = account.kind === 'signed-in' ? account.csrfToken : null;
  const { report, error: reportError } = useReportSummary(reportId);
  const { versions, error, reload } = useVersions(reportId);
  const [notice, setNotice] = useState<string | null>(null);
  const saved = (version: VersionSummary, what: string) => {
    setNotice(`已${what}：${versionLabel(version.number)}（${version.name}）`);
    reload();
  };

  return (
    <div className="history-page">
      <TopBar person={person} onRename={onRename}>
        <Link to={reportPath(reportId)} className="back-link">
          ← 返回报告
        </Link>
      </TopBar>
      <main className="history-main">
        <h1>历史版本</h1>
        {report ? <p className="history-report">{reportTitle(report)}</p> : null}
        {reportError ? <p className="form-error">{reportError}</p> : null}
        <div className="history-actions">
          {rights.publish ? <PublishPanel reportId={reportId} csrfToken={csrfToken} onPublished={(v) => saved(v, '发布')} /> : null}
          {rights.saveDraft ? <SaveDraftForm reportId={reportId} csrfToken={csrfToken} onSaved={(v) => saved(v, '保存审核稿')} /> : null}
        </div>
        {notice ? (
          <p className="history-notice" role="status">
            {notice}
          </p>
        ) : null}
        {error ? <p className="form-error">{error}</p> : null}
        {versions === null && !error ? <p className="muted">正在载入……</p> : null}
        {versions && versions.length === 0 ? <p className="muted">还没有保存过版本。</p> : null}
        {versions && versions.length > 0 ? (
          <>
            <CompareForm reportId={reportId} versions={versions} />
            <VersionList reportId={reportId} versions={versions} />
          </>
        ) : null}
      </main>
    </div>
  );
}

function SaveDraftForm({ reportId, csrfToken, onSaved }: { reportId: string; csrfToken: string | null; onSaved: (v: VersionSummary) => void }) {
  const [name, setName] = useState('提交审核稿');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await createVersion(reportId, csrfToken, { kind: 'draft', name });
      if (answer.kind === 'created') onSaved(answer.version);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="draft-form" onSubmit={submit} aria-label="保存审核稿">
      <label>
        审核稿名称
        <input name="draft-name" value={name} maxLength={100} onChange={(e) => setName(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy || name.trim() === ''}>
        {busy ? '正在保存……' : '保存审核稿'}
      </button>
      {error ? <p className="form-error">{error}</p> : null}
    </form>
  );
}

function CompareForm({ reportId, versions }: { reportId: string; versions: readonly VersionSummary[] }) {
  const [from, setFrom] = useState(String(versions.length > 1 ? versions[1].number : versions[0].number));
  const [to, setTo] = useState(versions.length > 1 ? String(versions[0].number) : 'draft');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(comparePath(reportId, Number(from), to === 'draft' ? 'draft' : Number(to)));
  };
  return (
    <form className="compare-form" onSubmit={submit} aria-label="比较版本">
      <span>比较</span>
      <select name="compare-from" aria-label="原版本" value={from} onChange={(e) => setFrom(e.currentTarget.value)}>
        {versions.map((v) => (
          <option key={v.number} value={v.number}>
            {versionLabel(v.number)}
          </option>
        ))}
      </select>
      <span>与</span>
      <select name="compare-to" aria-label="对比对象" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
        <option value="draft">当前草稿</option>
        {versions.map((v) => (
          <option key={v.number} value={v.number}>
            {versionLabel(v.number)}
          </option>
        ))}
      </select>
      <button type="submit">比较</button>
    </form>
  );
}

function VersionList({ reportId, versions }: { reportId: string; versions: readonly VersionSummary[] }) {
  return (
    <table className="version-list">
      <thead>
        <tr>
          <th>版本</th>
          <th>类型</th>
          <th>名称</th>
          <th>保存人</th>
          <th>时间</th>
          <th>检查结果</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <tr key={v.number} data-version={v.number} data-kind={v.kind}>
            <td>{versionLabel(v.number)}</td>
            <td>
              {kindLabel(v)}
              {v.kind === 'published' ? <span className="status published">已发布</span> : null}
            </td>
            <td>{v.name}</td>
            <td title={v.createdBy.name}>{v.createdBy.displayName}</td>
            <td className="muted">{formatTime(v.createdAt)}</td>
            <td>
              <span className={v.counts.error > 0 ? 'num error' : 'num'}>错误 {v.counts.error}</span>
              <span className={v.counts.warning > 0 ? 'num warning' : 'num'}>警告 {v.counts.warning}</span>
            </td>
            <td className="version-links">
              <Link to={versionPath(reportId, v.number)}>查看</Link>
              <Link to={comparePath(reportId, v.number, 'draft')}>与草稿比较</Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
