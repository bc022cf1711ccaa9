/**
 * The sticky outline: the report's sign-off status, then the six parts in order, each with its
 * sign-off state, its open comment threads, its problem counts and who is in it. Clicking a part
 * scrolls the document to it.
 */
import { memo, useSyncExternalStore } from 'react';
import { type PartKey, partKeys, partTitles } from '../../../schema/format.ts';
import type { Severity } from '../../../schema/diagnostics.ts';
import type { Peer, PlaceKey } from '../collab/presence.ts';
import type { ReportSession } from '../collab/session.ts';
import { partOfDiagnostic } from '../checks/targets.ts';
import { Avatar } from '../presence/Avatars.tsx';
import { openCountsByPart } from '../comments/thread-filter.ts';
import { useThreads } from '../comments/use-comments.ts';
import { partStateLabels, reportStatusLabels } from '../../../schema/signoffs/steps.ts';
import { usePartSignoff, useReportStatus } from '../signoffs/use-signoffs.ts';

function partOfPlace(place: PlaceKey | null): PartKey | null {
  if (place === null) return null;
  return place === 'preamble' ? 'overview' : place;
}

export const Outline = memo(function Outline({ session }: { session: ReportSession }) {
  const diagnostics = useSyncExternalStore(session.diagnostics.subscribe, () => session.diagnostics.all);
  const peers = useSyncExternalStore(session.presence.subscribe, () => session.presence.all);
  const openThreads = openCountsByPart(useThreads(session.comments));
  const status = useReportStatus(session.signoffs);
  return (
    <nav className="outline" aria-label="报告目录">
      <h2>目录</h2>
      <p className={`outline-status status-${status}`}>签批状态：{reportStatusLabels[status]}</p>
      <ol>
        {partKeys.map((part) => {
          const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
          for (const d of diagnostics) if (partOfDiagnostic(d) === part) counts[d.severity]++;
          const here: Peer[] = peers.filter((p) => partOfPlace(p.place) === part);
          return (
            <li key={part} data-part={part}>
              <a
                href={`#part-${part}`}
                onClick={(e) => {
                  e.preventDefault();
                  document.getElementById(`part-${part}`)?.scrollIntoView({ block: 'start' });
                }}
              >
                {partTitles[part]}
              </a>
              <OutlineSignoff session={session} part={part} />
              {counts.error + counts.warning + counts.info + here.length + openThreads[part] === 0 ? null : (
              <div className="outline-meta">
                {openThreads[part] > 0 ? (
                  <span className="count comments" title="未解决的批注" data-open-threads={openThreads[part]}>
                    批注 {openThreads[part]}
                  </span>
                ) : null}
                {counts.error > 0 ? <span className="count error" title="错误">{counts.error}</span> : null}
                {counts.warning > 0 ? <span className="count warning" title="警告">{counts.warning}</span> : null}
                {counts.info > 0 ? <span className="count info" title="提示">{counts.info}</span> : null}
                <span className="outline-peers">
                  {here.map((p) => (
                    <Avatar key={p.clientId} peer={p} small />
                  ))}
                </span>
              </div>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
});

/** The part's sign-off state, in the outline. */
function OutlineSignoff({ session, part }: { session: ReportSession; part: PartKey }) {
  const signoff = usePartSignoff(session.signoffs, part);
  if (!signoff) return null;
  const lapsed = signoff.steps.some((s) => s.lapsed);
  return (
    <span className={`outline-signoff state-${signoff.state}${lapsed ? ' lapsed' : ''}`} title={lapsed ? '有签署因内容修改已失效' : undefined}>
      {partStateLabels[signoff.state]}
      {lapsed ? '（签署已失效）' : ''}
    </span>
  );
}
