/** The findings about a narrative part, shown under its title where the text is. */
import { memo } from 'react';
import type { DocumentView } from '../collab/document-view.ts';
import { useKeyed } from '../collab/use-session.ts';
import { severityLabels } from '../checks/DiagnosticsPanel.tsx';

export const PartNotes = memo(function PartNotes({ session, target }: { session: DocumentView; target: string }) {
  const diagnostics = useKeyed(session.diagnostics.byTarget, target);
  if (!diagnostics || diagnostics.length === 0) return null;
  return (
    <ul className="part-notes" data-target={target}>
      {diagnostics.map((d) => (
        <li key={`${d.rule}|${d.message}`} className={d.severity}>
          <span className={`sev-dot ${d.severity}`} aria-label={severityLabels[d.severity]} />
          {d.message}
        </li>
      ))}
    </ul>
  );
});
