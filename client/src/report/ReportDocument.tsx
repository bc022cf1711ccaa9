/**
 * The report laid out like the published document: title, preamble, then the six parts in order
 * under their fixed titles. Titles are rendered here, outside the editors, so nobody can delete
 * or rename them; each part is one editor, a table part's holding its table among its notes.
 */
import { type ReactNode, memo } from 'react';
import { type Rights, lockReason } from '../../../schema/permissions.ts';
import { type MemberView, editorsOf } from './access.ts';
import { type PartKey, type TableKey, isNarrativePart, partKeys, partTitles } from '../../../schema/format.ts';
import { reportTitle } from '../../../schema/report.ts';
import type { FragmentKey } from '../../../schema/ydoc.ts';
import type { DocumentView } from '../collab/document-view.ts';
import { useKeyed } from '../collab/use-session.ts';
import { NarrativeEditor } from '../editor/NarrativeEditor.tsx';
import { PartTable } from '../tables/PartTable.tsx';
import { PartNotes } from './PartNotes.tsx';
import { PartAnnotations } from './PartAnnotations.tsx';
import { SectionThreads } from '../comments/SectionThreads.tsx';
import { useHasTableNode } from './use-table-node.ts';
import { useReportMeta } from './use-meta.ts';

/** What this user may edit; absent: everything (a server without accounts). */
export interface DocumentAccess {
  readonly rights: Rights;
  readonly members: readonly MemberView[];
  /** Everything read-only, locks unchanged: the rights are being reloaded after a change. */
  readonly frozen: boolean;
  /** Removed from the report while the page was open: every part locked as such. */
  readonly removed: boolean;
}

/** The lock of every part once the user was removed (the page says more above the document). */
const removedLock = '您已不是此年报的成员，只能阅读本页已有的内容';

export const ReportDocument = memo(function ReportDocument({ session, access }: { session: DocumentView; access?: DocumentAccess }) {
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
        <NarrativeEditor session={session} fragment="preamble" label="前言" readOnly={isReadOnly(access, 'overview')} />
      </PartSection>
      {partKeys.map((part) => (
        <PartSection key={part} session={session} target={part} title={partTitles[part]} lock={lockOf(access, part)}>
          <PartBody session={session} part={part} readOnly={isReadOnly(access, part)} />
        </PartSection>
      ))}
    </article>
  );
});

/** Why `part` is locked for this user and who may edit it, or null when it is editable. */
function lockOf(access: DocumentAccess | undefined, part: PartKey): string | null {
  if (!access) return null;
  if (access.removed) return removedLock;
  const reason = lockReason(access.rights, part);
  if (reason === null) return null;
  const editors = editorsOf(access.members, part);
  return editors.length > 0 ? `${reason}。可编辑此部分的成员：${editors.join('、')}` : reason;
}

function isReadOnly(access: DocumentAccess | undefined, part: PartKey): boolean {
  return access !== undefined && (access.frozen || lockOf(access, part) !== null);
}

function PartBody({ session, part, readOnly }: { session: DocumentView; part: PartKey; readOnly: boolean }) {
  if (isNarrativePart(part)) return <NarrativeEditor session={session} fragment={part} label={partTitles[part]} readOnly={readOnly} />;
  return <TablePartBody session={session} table={part} readOnly={readOnly} />;
}

/** A table part: its editor once the fragment holds the table node, the table alone before (use-table-node.ts). */
function TablePartBody({ session, table, readOnly }: { session: DocumentView; table: TableKey; readOnly: boolean }) {
  const editorReady = useHasTableNode(session, table);
  if (!editorReady) return <PartTable session={session} table={table} readOnly={readOnly} />;
  return <NarrativeEditor session={session} fragment={table} label={partTitles[table]} readOnly={readOnly} />;
}

function PartSection(props: { session: DocumentView; target: string; title: string | null; lock?: string | null; children: ReactNode }) {
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
      {props.target === 'preamble' ? null : <PartAnnotations session={props.session} part={props.target as PartKey} />}
      {props.lock ? (
        <p className="part-lock" data-locked={props.target}>
          <span aria-hidden="true">🔒</span> {props.lock}
        </p>
      ) : null}
      <PartNotes session={props.session} target={props.target} />
      {props.children}
      <SectionThreads session={props.session} section={props.target as FragmentKey} />
    </section>
  );
}
