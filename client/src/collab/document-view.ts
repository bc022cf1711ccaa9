/**
 * What the report's document components read: a Y.Doc and the stores built on it. A live
 * `ReportSession` is one (synced, editable); so is a frozen version opened read-only
 * (versions/frozen-document.ts), whose presence goes nowhere.
 */
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { DiagnosticsStore } from '../checks/diagnostics-store.ts';
import type { CommentsState } from '../comments/comments-state.ts';
import type { SignoffStore } from '../signoffs/signoff-store.ts';
import type { Person } from '../identity.ts';
import type { CellValues } from './cell-values.ts';
import type { PresenceStore } from './presence.ts';

export interface DocumentView {
  readonly doc: Y.Doc;
  readonly self: Person;
  /** Whatever carries the carets (CollaborationCaret reads `awareness`). */
  readonly provider: { readonly awareness: Awareness };
  readonly presence: PresenceStore;
  readonly cells: CellValues;
  readonly diagnostics: DiagnosticsStore;
  /** Comment threads and what the page shows of them; absent where none are shown (a frozen version). */
  readonly comments?: CommentsState;
  /** The parts' sign-off states; absent likewise. */
  readonly signoffs?: SignoffStore;
}
