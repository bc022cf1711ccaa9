/** Values every storage backend derives the same way from a version it is given. */
import type { Diagnostic, DiagnosticCounts } from '../../schema/diagnostics.ts';

/** The diagnostic counts of a version, stored beside it so that listing reads no diagnostics. */
export function countsOf(diagnostics: readonly Diagnostic[]): DiagnosticCounts {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}
