/**
 * What `/reports/:id` shows instead of the report when the server says this user may not read it
 * or that it does not exist. The server answers staff 403 for both (report ids cannot be probed),
 * so a 403 says both — unless this browser held a copy of the report: then it existed and the
 * user was a member, and the page says they no longer are.
 */
import type { FinalVerdict } from '../collab/report-verdict.ts';
import { Link } from '../router.tsx';

export function ReportUnavailable(props: { reportId: string; verdict: Exclude<FinalVerdict, 'signed-out'>; copyDropped: boolean }) {
  const notFound = props.verdict === 'not-found';
  return (
    <main className="report-unavailable" data-verdict={props.verdict}>
      <h1>{notFound ? '报告不存在' : '无权访问'}</h1>
      <p>
        {notFound
          ? `没有编号为 ${props.reportId} 的报告。`
          : props.copyDropped
            ? '您已不是此报告的成员，无权再访问。如需继续参与，请联系报告的所有者。'
            : '无权访问此报告，或报告不存在。'}
      </p>
      {props.copyDropped ? <p>本浏览器中保存的此报告副本已删除。</p> : null}
      <Link to="/">返回报告列表</Link>
    </main>
  );
}
