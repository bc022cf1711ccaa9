/**
 * A version opened read-only: a Y.Doc built from the version's Yjs state (`GET …/versions/:n/
 * state`), with the stores the report's document components read. Nothing is connected: the
 * presence is a local awareness nobody receives, and whatever the editors might write (none
 * are editable) stays in this doc, which is dropped with the page.
 */
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { DiagnosticsStore } from '../checks/diagnostics-store.ts';
import { CellValues } from '../collab/cell-values.ts';
import type { DocumentView } from '../collab/document-view.ts';
import { PresenceStore } from '../collab/presence.ts';
import type { Person } from '../identity.ts';

export class FrozenDocument implements DocumentView {
  readonly doc = new Y.Doc();
  readonly provider: { readonly awareness: Awareness };
  readonly presence: PresenceStore;
  readonly cells: CellValues;
  readonly diagnostics: DiagnosticsStore;

  constructor(
    state: Uint8Array,
    readonly self: Person,
  ) {
    Y.applyUpdate(this.doc, state);
    this.provider = { awareness: new Awareness(this.doc) };
    this.presence = new PresenceStore(this.provider.awareness, self);
    this.cells = new CellValues(this.doc);
    // A version is judged as for publication (a blank cell is an error), as the server did.
    this.diagnostics = new DiagnosticsStore(this.doc, 'publication');
  }

  destroy(): void {
    this.diagnostics.destroy();
    this.cells.destroy();
    this.presence.destroy();
    this.provider.awareness.destroy();
    this.doc.destroy();
  }
}
