/**
 * The sticky outline: the six parts in order, each with its problem counts and who is in it.
 * Clicking a part scrolls the document to it.
 */
import { memo, useSyncExternalStore } from 'react';
import { type PartKey, partKeys, partTitles } from '../../../schema/format.ts';
import type { Severity } from '../../../schema/diagnostics.ts';
import type { Peer, PlaceKey } from '../collab/presence.ts';
import type { ReportSession } from '../collab/session.ts';
import { partOfDiagnostic } from '../checks/targets.ts';
import { Avatar } from '../presence/Avatars.tsx';

function partOfPlace(place: PlaceKey | null): PartKey | null {
  if (place === null) return null;
  return place === 'preamble' ? 'overview' : place;
}

export const Outline = memo(function Outline({ session }: { session: ReportSession }) {
  const diagnostics = useSyncExternalStore(session.diagnostics.subscribe, () => session.diagnostics.all);
  const peers = useSyncExternalStore(session.presence.subscribe, () => session.presence.all);
  return (
    <nav className="outline" aria-label="报告目录">
      <h2>目录</h2>
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
              {counts.error + counts.warning + counts.info + here.length === 0 ? null : (
              <div className="outline-meta">
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
