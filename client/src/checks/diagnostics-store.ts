/**
 * Live diagnostics for the page: the shared ReportValidator (the same code the server runs) on
 * this client's Y.Doc, re-read at most once per animation frame, indexed by target (cell id or
 * part key) so that each cell re-renders only when its own findings change.
 */
import type * as Y from 'yjs';
import { type Diagnostic, compareDiagnostics } from '../../../schema/diagnostics.ts';
import type { Stage } from '../../../schema/rules/context.ts';
import { ReportValidator } from '../../../schema/validator.ts';
import { KeyedStore } from '../collab/keyed-store.ts';

export class DiagnosticsStore {
  readonly byTarget = new KeyedStore<readonly Diagnostic[]>(sameDiagnostics);
  private list: readonly Diagnostic[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly validator: ReportValidator;
  private readonly stopListening: () => void;
  private frame = 0;

  /** `stage`: a draft being written (the page; blank cells are warnings), or a frozen version (publication). */
  constructor(doc: Y.Doc, stage: Stage = 'draft') {
    this.validator = new ReportValidator(doc, { stage });
    const off = this.validator.onChange(() => this.schedule());
    this.stopListening = typeof off === 'function' ? off : () => {};
    this.refresh();
  }

  get all(): readonly Diagnostic[] {
    return this.list;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  destroy(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.stopListening();
    this.validator.destroy();
    this.listeners.clear();
  }

  /** Several changes in one frame (a paste, a remote batch) cost one re-read and one render. */
  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.refresh();
    });
  }

  private refresh(): void {
    const list = [...this.validator.diagnostics()].sort(compareDiagnostics);
    const byTarget = new Map<string, Diagnostic[]>();
    for (const d of list) {
      for (const target of d.cells) {
        const bucket = byTarget.get(target);
        if (bucket) bucket.push(d);
        else byTarget.set(target, [d]);
      }
    }
    this.byTarget.replaceAll(byTarget);
    if (!sameDiagnostics(list, this.list)) {
      this.list = list;
      this.listeners.forEach((l) => l());
    }
  }
}

function diagnosticKey(d: Diagnostic): string {
  return `${d.severity}|${d.rule}|${d.message}|${d.cells.join(',')}`;
}

function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i] || diagnosticKey(d) === diagnosticKey(b[i]));
}
