/**
 * Comparing lists of diagnostics by content: what the incremental validator reports as added and
 * removed after each evaluation. Identity is rule, severity, message and cells.
 */
import type { Diagnostic } from './diagnostics.ts';

export interface DiagnosticsChange {
  added: Diagnostic[];
  removed: Diagnostic[];
}

const diagnosticKeys = new WeakMap<Diagnostic, string>();

/** Identity of a diagnostic by content, computed once per diagnostic object. */
export function diagnosticKey(d: Diagnostic): string {
  let key = diagnosticKeys.get(d);
  if (key === undefined) {
    key = `${d.rule}\u0000${d.severity}\u0000${d.message}\u0000${d.cells.join('\u0001')}`;
    diagnosticKeys.set(d, key);
  }
  return key;
}

export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (diagnosticKey(a[i]) !== diagnosticKey(b[i])) return false;
  return true;
}

/** Adds to `change` what `after` lacks of `before` (removed) and has beyond it (added), as multisets. */
export function diffDiagnostics(before: readonly Diagnostic[], after: readonly Diagnostic[], change: DiagnosticsChange): void {
  if (before.length === 0 || after.length === 0) {
    change.removed.push(...before);
    change.added.push(...after);
    return;
  }
  const counts = new Map<string, number>();
  for (const d of before) counts.set(diagnosticKey(d), (counts.get(diagnosticKey(d)) ?? 0) + 1);
  const added: Diagnostic[] = [];
  for (const d of after) {
    const n = counts.get(diagnosticKey(d)) ?? 0;
    if (n > 0) counts.set(diagnosticKey(d), n - 1);
    else added.push(d);
  }
  for (const d of before) {
    const n = counts.get(diagnosticKey(d)) ?? 0;
    if (n > 0) {
      counts.set(diagnosticKey(d), n - 1);
      change.removed.push(d);
    }
  }
  change.added.push(...added);
}
