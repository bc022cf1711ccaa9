/** The side panel: every problem of the report, grouped by part and severity, in zh-CN. */
import { memo, useSyncExternalStore } from 'react';
import { type PartKey, allCells, partKeys, partTitles } from '../../../schema/format.ts';
import { type Diagnostic, type Severity, severities } from '../../../schema/diagnostics.ts';
import type { ReportSession } from '../collab/session.ts';
import { partOfDiagnostic, revealTarget } from './targets.ts';

/** Cells in the order a reader meets them in the tables; part-level targets first. */
const readingOrder = new Map(allCells.map((c, i) => [c.id as string, i]));
function byReadingOrder(a: Diagnostic, b: Diagnostic): number {
  return (readingOrder.get(a.cells[0]) ?? -1) - (readingOrder.get(b.cells[0]) ?? -1);
}

export const severityLabels: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

export const DiagnosticsPanel = memo(function DiagnosticsPanel({ session }: { session: ReportSession }) {
  const all = useSyncExternalStore(session.diagnostics.subscribe, () => session.diagnostics.all);
  const groups: { part: PartKey | 'report'; items: Diagnostic[] }[] = [];
  for (const part of [...partKeys, 'report' as const]) {
    const items = all.filter((d) => partOfDiagnostic(d) === part).sort(byReadingOrder);
    if (items.length > 0) groups.push({ part, items });
  }
  const counts = severities.map((s) => [s, all.filter((d) => d.severity === s).length] as const);
  return (
    <aside className="diagnostics-panel" aria-label="检查结果">
      <header>
        <h2>检查结果</h2>
        <div className="diag-summary">
          {counts.map(([s, n]) => (
            <span key={s} className={`badge ${s}`} data-severity={s}>
              {severityLabels[s]} {n}
            </span>
          ))}
        </div>
      </header>
      {all.length === 0 ? <p className="diag-empty">未发现问题。</p> : null}
      {groups.map(({ part, items }) => (
        <section key={part} className="diag-group">
          <h3>{part === 'report' ? '整体' : partTitles[part]}</h3>
          {severities.map((severity) => {
            const ofSeverity = items.filter((d) => d.severity === severity);
            if (ofSeverity.length === 0) return null;
            return (
              <ul key={severity} className={`diag-list ${severity}`}>
                {ofSeverity.map((d) => (
                  <li key={`${d.rule}|${d.cells.join(',')}|${d.message}`}>
                    <button
                      type="button"
                      className="diag-item"
                      data-rule={d.rule}
                      data-target={d.cells[0]}
                      onClick={() => revealTarget(d.cells[0])}
                    >
                      <span className={`sev-dot ${severity}`} aria-label={severityLabels[severity]} />
                      <span className="diag-message">{d.message}</span>
                    </button>
                  </li>
                ))}
              </ul>
            );
          })}
        </section>
      ))}
    </aside>
  );
});
