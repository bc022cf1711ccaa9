/**
 * The report laid out like the published document: title, preamble, then the six parts in order
 * under their fixed titles. Titles are rendered here, outside the editors, so nobody can delete
 * or rename them; each part is its own editor (narrative) or table component.
 */
import { type ReactNode, memo } from 'react';
import { type PartKey, isNarrativePart, partKeys, partTitles } from '../../../schema/format.ts';
import { reportTitle } from '../../../schema/report.ts';
import type { ReportSession } from '../collab/session.ts';
import { useKeyed } from '../collab/use-session.ts';
import { NarrativeEditor } from '../editor/NarrativeEditor.tsx';
import { Table2 } from '../tables/Table2.tsx';
import { Table3 } from '../tables/Table3.tsx';
import { Table4 } from '../tables/Table4.tsx';
import { PartNotes } from './PartNotes.tsx';
import { useReportMeta } from './use-meta.ts';

export const ReportDocument = memo(function ReportDocument({ session }: { session: ReportSession }) {
  const meta = useReportMeta(session);
  if (!meta.loaded) {
    return (
      <article className="paper loading" aria-busy="true">
        <p>正在载入报告……</p>
      </article>
    );
  }
  return (
    <article className="paper">
      <header className="doc-header">
        <h1 className="doc-title">{meta.year === null ? meta.agency : reportTitle({ agency: meta.agency, year: meta.year })}</h1>
      </header>
      <PartSection session={session} target="preamble" title={null}>
        <NarrativeEditor session={session} fragment="preamble" label="前言" />
      </PartSection>
      {partKeys.map((part) => (
        <PartSection key={part} session={session} target={part} title={partTitles[part]}>
          <PartBody session={session} part={part} />
        </PartSection>
      ))}
    </article>
  );
});

function PartBody({ session, part }: { session: ReportSession; part: PartKey }) {
  if (isNarrativePart(part)) return <NarrativeEditor session={session} fragment={part} label={partTitles[part]} />;
  switch (part) {
    case 'proactive':
      return <Table2 session={session} />;
    case 'requests':
      return <Table3 session={session} />;
    case 'appeals':
      return <Table4 session={session} />;
  }
}

function PartSection(props: { session: ReportSession; target: string; title: string | null; children: ReactNode }) {
  const diagnostics = useKeyed(props.session.diagnostics.byTarget, props.target);
  const severity = diagnostics?.some((d) => d.severity === 'error')
    ? 'error'
    : diagnostics?.some((d) => d.severity === 'warning')
      ? 'warning'
      : diagnostics?.length
        ? 'info'
        : null;
  return (
    <section id={`part-${props.target}`} className={`part${severity ? ` has-${severity}` : ''}`} data-part={props.target}>
      {props.title ? <h2 className="part-title">{props.title}</h2> : null}
      <PartNotes session={props.session} target={props.target} />
      {props.children}
    </section>
  );
}
