/** What a ReportValidator must report for a doc: the full check of its data plus the doc's layout findings. */
import type * as Y from 'yjs';
import { type CheckOptions, checkReport } from '../check.ts';
import { type Diagnostic, compareDiagnostics } from '../diagnostics.ts';
import { docLayoutDiagnostics } from '../rules/layout.ts';
import { readReportData } from '../ydoc.ts';

export function expectedDocDiagnostics(doc: Y.Doc, options?: CheckOptions): Diagnostic[] {
  const layout = [...docLayoutDiagnostics(doc).values()].flat();
  return [...layout, ...checkReport(readReportData(doc), options)].sort(compareDiagnostics);
}
