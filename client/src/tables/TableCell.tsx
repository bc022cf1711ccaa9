/**
 * One cell of a statistical table: an input bound to its own key of the table's Y.Map.
 *
 * Typed text is written on every input (nothing typed is lost; what is not a number is kept and
 * flagged). While this user is editing, a remote change does not overwrite the input; it shows
 * after blur or Escape. Derived cells (totals) are read-only and show the computed sum unless an
 * imported figure fills them, which the rules then check.
 */
import { type CSSProperties, type KeyboardEvent, memo, useContext, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { type CellId, cellDef } from '../../../schema/format.ts';
import type { Diagnostic } from '../../../schema/diagnostics.ts';
import { derivedFrom, effectiveValue, isDerivedCell, parseCell } from '../../../schema/values.ts';
import type { Peer } from '../collab/presence.ts';
import type { DocumentView } from '../collab/document-view.ts';
import { useKeyed } from '../collab/use-session.ts';
import { CellCommentMark } from '../comments/CellCommentMark.tsx';
import { cellProblemMessage } from './cell-messages.ts';
import { focusCell } from './focus-cell.ts';
import { type Move, moveFrom } from './grid.ts';
import { type TableEdge, type TableExit, TableExitContext } from './table-exit.ts';

interface Props {
  session: DocumentView;
  id: CellId;
  /** Accessible name: row label and column label. */
  label: string;
  colSpan?: number;
  /** A table this user may not edit is shown but cannot be changed. */
  readOnly?: boolean;
}

export const TableCell = memo(function TableCell(props: Props) {
  return isDerivedCell(props.id) ? <DerivedCell {...props} /> : <DataCell {...props} />;
});

function DataCell({ session, id, label, colSpan, readOnly = false }: Props) {
  const def = cellDef(id)!;
  const stored = useKeyed(session.cells.store, id) ?? '';
  const diagnostics = useKeyed(session.diagnostics.byTarget, id);
  const editor = useKeyed(session.presence.cellEditors, id);
  const exit = useContext(TableExitContext);
  // `draft` is what the input shows while this user edits; null when it mirrors the document.
  const [draft, setDraft] = useState<string | null>(null);
  const before = useRef('');
  const shown = draft ?? stored;
  const parsed = parseCell(shown, def.valueKind);
  const problem = parsed.kind === 'invalid' ? cellProblemMessage(parsed.problem, def.valueKind) : null;

  const finishEdit = () => setDraft(null);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      // Restore the value from before this edit, only if this user changed it.
      if (draft !== null) session.cells.set(id, before.current);
      finishEdit();
      event.currentTarget.select();
      return;
    }
    navigateOnKey(event, id, finishEdit, exit);
  };

  return (
    <td colSpan={colSpan} className={cellClass(diagnostics, editor, problem !== null)} style={editorStyle(editor)}>
      <input
        data-cell={id}
        aria-label={label}
        aria-invalid={problem !== null || hasError(diagnostics)}
        inputMode={def.valueKind === 'amount' ? 'decimal' : 'numeric'}
        autoComplete="off"
        readOnly={readOnly}
        value={shown}
        title={tooltip(diagnostics, problem)}
        onFocus={(e) => {
          before.current = stored;
          session.presence.setPlace(def.table, id);
          e.currentTarget.select();
        }}
        onBlur={() => {
          finishEdit();
          session.presence.setPlace(null);
        }}
        onChange={(e) => {
          if (readOnly) return;
          const value = e.currentTarget.value;
          if (draft === null) before.current = stored;
          setDraft(value);
          session.cells.set(id, value.trim() === '' ? '' : value);
        }}
        onKeyDown={onKeyDown}
      />
      {problem ? <span className="cell-problem">{problem}</span> : null}
      {editor ? <PeerTag peer={editor} /> : null}
      <CellCommentMark session={session} id={id} />
    </td>
  );
}

function DerivedCell({ session, id, label, colSpan }: Props) {
  const def = cellDef(id)!;
  const dependencies = useMemo(() => dependencyClosure(id), [id]);
  const snapshot = useCellsSnapshot(session, dependencies);
  const diagnostics = useKeyed(session.diagnostics.byTarget, id);
  const editor = useKeyed(session.presence.cellEditors, id);
  const exit = useContext(TableExitContext);
  const stored = session.cells.get(id);
  const value = useMemo(
    () => effectiveValue(id, (cid) => parseCell(session.cells.get(cid as CellId), cellDef(cid)!.valueKind)),
    // The snapshot string changes exactly when one of the cells read here changes.
    [id, session, snapshot],
  );
  const imported = stored.trim() !== '';
  const shown = imported ? stored : value === undefined ? '' : String(value);
  const parsed = parseCell(stored, def.valueKind);
  const problem = parsed.kind === 'invalid' ? cellProblemMessage(parsed.problem, def.valueKind) : null;
  const note = imported ? '导入的数值（自动计算的合计请先清除此值）' : '自动计算，不可编辑';

  return (
    <td colSpan={colSpan} className={`${cellClass(diagnostics, editor, problem !== null)} derived`} style={editorStyle(editor)}>
      <input
        data-cell={id}
        data-derived={imported ? 'imported' : 'computed'}
        aria-label={`${label}（${note}）`}
        aria-readonly="true"
        readOnly
        value={shown}
        title={tooltip(diagnostics, problem) ?? note}
        onFocus={(e) => {
          session.presence.setPlace(def.table, null);
          e.currentTarget.select();
        }}
        onKeyDown={(event) => {
          if (imported && (event.key === 'Delete' || event.key === 'Backspace')) {
            // The one edit a total takes: dropping an imported figure so the sum is computed.
            event.preventDefault();
            session.cells.set(id, '');
            return;
          }
          navigateOnKey(event, id, () => {}, exit);
        }}
      />
      {editor ? <PeerTag peer={editor} /> : null}
      <CellCommentMark session={session} id={id} />
    </td>
  );
}

function PeerTag({ peer }: { peer: Peer }) {
  return (
    <span className="cell-peer" style={{ background: peer.color }}>
      {peer.name}
    </span>
  );
}

const navigationKeys: Record<string, Move | undefined> = {
  Tab: 'next',
  Enter: 'down',
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
};

/** Where a move past the table's edge goes: Tab and ArrowDown below it, Shift+Tab and ArrowUp above. */
const exitEdges: Partial<Record<Move, TableEdge>> = { next: 'after', down: 'after', previous: 'before', up: 'before' };

/**
 * Tab/Shift+Tab, Enter/Shift+Enter, arrows (Left/Right only at the text's edge). Past the table's
 * edge, `exit` (the part editor around the table) takes the caret into the text there.
 */
function navigateOnKey(event: KeyboardEvent<HTMLInputElement>, id: CellId, finishEdit: () => void, exit: TableExit | null): void {
  let move = navigationKeys[event.key];
  if (!move || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === 'Tab' && event.shiftKey) move = 'previous';
  if (event.key === 'Enter' && event.shiftKey) move = 'up';
  const input = event.currentTarget;
  const collapsed = input.selectionStart === input.selectionEnd;
  const allSelected = input.selectionStart === 0 && input.selectionEnd === input.value.length;
  if (move === 'left' && !(allSelected || (collapsed && input.selectionStart === 0))) return;
  if (move === 'right' && !(allSelected || (collapsed && input.selectionEnd === input.value.length))) return;
  if ((move === 'left' || move === 'right') && event.shiftKey) return;
  const target = moveFrom(id, move);
  if (!target) {
    // Enter at the bottom of a table ends the edit and stays; without an editor around the
    // table, Tab leaves it as the browser moves focus.
    if (event.key === 'Enter') {
      finishEdit();
      return;
    }
    const edge = exitEdges[move];
    if (edge && exit?.leave(edge)) {
      event.preventDefault();
      finishEdit();
    }
    return;
  }
  event.preventDefault();
  finishEdit();
  focusCell(target);
}

/** Every data cell a derived cell's sum reads, through derived cells it sums in turn. */
function dependencyClosure(id: CellId): readonly CellId[] {
  const out: CellId[] = [id];
  const visit = (cid: CellId) => {
    for (const part of derivedFrom(cid) ?? []) {
      out.push(part);
      visit(part);
    }
  };
  visit(id);
  return [...new Set(out)];
}

/** A string that changes whenever one of `ids` changes: re-render on those cells only. */
function useCellsSnapshot(session: DocumentView, ids: readonly CellId[]): string {
  const store = session.cells.store;
  return useSyncExternalStore(
    (listener) => {
      const offs = ids.map((cid) => store.subscribe(cid, listener));
      return () => offs.forEach((off) => off());
    },
    () => ids.map((cid) => store.get(cid) ?? '').join('\u0000'),
  );
}

function worstSeverity(diagnostics: readonly Diagnostic[] | undefined): Diagnostic['severity'] | null {
  if (!diagnostics || diagnostics.length === 0) return null;
  if (diagnostics.some((d) => d.severity === 'error')) return 'error';
  if (diagnostics.some((d) => d.severity === 'warning')) return 'warning';
  return 'info';
}

function hasError(diagnostics: readonly Diagnostic[] | undefined): boolean {
  return worstSeverity(diagnostics) === 'error';
}

function cellClass(diagnostics: readonly Diagnostic[] | undefined, editor: Peer | undefined, invalid: boolean): string {
  const severity = invalid ? 'error' : worstSeverity(diagnostics);
  return ['cell', severity ? `has-${severity}` : '', editor ? 'peer-editing' : ''].filter(Boolean).join(' ');
}

function editorStyle(editor: Peer | undefined) {
  return editor ? ({ '--peer-color': editor.color } as CSSProperties) : undefined;
}

function tooltip(diagnostics: readonly Diagnostic[] | undefined, problem: string | null): string | undefined {
  const lines = [...(problem ? [problem] : []), ...(diagnostics ?? []).map((d) => d.message)];
  return lines.length > 0 ? [...new Set(lines)].join('\n') : undefined;
}
