/**
 * `/`: every report with its agency, year, sign-off status (and 已发布 once a version was
 * published), latest version and problem counts; and a form for a new one.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { type AgencyKind, agencyKindLabels, agencyKinds } from '../../../schema/format.ts';
import { reportStatusLabels } from '../../../schema/signoffs/steps.ts';
import { type ReportSummary, createReport, listReports } from '../api.ts';
import type { Person } from '../identity.ts';
import { Link, navigate, reportPath } from '../router.tsx';
import { TopBar } from './TopBar.tsx';


export function ReportListPage({ person, onRename }: { person: Person; onRename: () => void }) {
  const [reports, setReports] = useState<ReportSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    listReports()
      .then((list) => live && setReports(list))
      .catch((error: Error) => live && setLoadError(error.message));
    return () => {
      live = false;
    };
  }, []);
  const sorted = reports ? [...reports].sort((a, b) => b.year - a.year || a.agency.localeCompare(b.agency, 'zh-CN')) : null;

  return (
    <div className="list-page">
      <TopBar person={person} onRename={onRename} />
      <main className="list-main">
        <section className="list-section">
          <h1>年度报告</h1>
          {loadError ? <p className="form-error">{loadError}</p> : null}
          {sorted === null && !loadError ? <p className="muted">正在载入……</p> : null}
          {sorted && sorted.length === 0 ? <p className="muted">还没有报告。请在右侧新建。</p> : null}
          {sorted && sorted.length > 0 ? (
            <table className="report-list">
              <thead>
                <tr>
                  <th>报告</th>
                  <th>年度</th>
                  <th>类型</th>
                  <th>状态</th>
                  <th>最新版本</th>
                  <th>错误</th>
                  <th>警告</th>
                  <th>更新时间</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((r) => (
                  <tr key={r.id} data-report={r.id}>
                    <td>
                      <Link to={reportPath(r.id)} className="report-link">
                        {r.agency}
                      </Link>
                    </td>
                    <td>{r.year}</td>
                    <td>{agencyKindLabels[r.kind] ?? r.kind}</td>
                    <td>
                      <span className={`status ${r.status}`}>{reportStatusLabels[r.status]}</span>
                      {r.publishedVersion === null ? null : (
                        <span className="status published" title={`已发布第 ${r.publishedVersion} 版`}>
                          已发布
                        </span>
                      )}
                    </td>
                    <td className="latest-version">
                      {r.latestVersion === null ? <span className="muted">—</span> : `第 ${r.latestVersion} 版`}
                    </td>
                    <td className={r.counts.error > 0 ? 'num error' : 'num'}>{r.counts.error}</td>
                    <td className={r.counts.warning > 0 ? 'num warning' : 'num'}>{r.counts.warning}</td>
                    <td className="muted">{formatTime(r.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
        <NewReportForm />
      </main>
    </div>
  );
}

function NewReportForm() {
  const [agency, setAgency] = useState('');
  const [kind, setKind] = useState<AgencyKind>('department');
  const [year, setYear] = useState(String(new Date().getFullYear() - 1));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const yearNumber = Number(year);
    if (agency.trim() === '') return setError('请填写机关名称');
    if (!Number.isInteger(yearNumber) || yearNumber < 2008 || yearNumber > 2100) return setError('年度应为四位数年份，例如 2024');
    setBusy(true);
    setError(null);
    try {
      const report = await createReport({ agency: agency.trim(), kind, year: yearNumber });
      navigate(reportPath(report.id));
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <form className="new-report" onSubmit={submit} aria-labelledby="new-report-title">
      <h2 id="new-report-title">新建报告</h2>
      <label>
        机关名称
        <input name="agency" value={agency} placeholder="例如：余杭区商务局" onChange={(e) => setAgency(e.currentTarget.value)} />
      </label>
      <fieldset>
        <legend>机关类型</legend>
        {agencyKinds.map((k) => (
          <label key={k} className="radio">
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            {agencyKindLabels[k]}
          </label>
        ))}
      </fieldset>
      <label>
        年度
        <input name="year" inputMode="numeric" value={year} onChange={(e) => setYear(e.currentTarget.value)} />
      </label>
      {error ? <p className="form-error">{error}</p> : null}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? '正在创建……' : '创建并打开'}
      </button>
    </form>
  );
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString('zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}
