/** Where a diagnostic points in the page: its part, and how to bring its target into view. */
import { type PartKey, partOfTarget } from '../../../schema/format.ts';
import type { Diagnostic } from '../../../schema/diagnostics.ts';
import { focusCell } from '../tables/focus-cell.ts';

/** The part a diagnostic belongs to; the preamble counts under 一 (its permission unit). */
export function partOfDiagnostic(d: Diagnostic): PartKey | 'report' {
  for (const target of d.cells) {
    if (target === 'preamble') return 'overview';
    const part = partOfTarget(target);
    if (part) return part;
  }
  return 'report';
}

/** Scrolls to the diagnostic's first target and focuses it: its cell, or the part's editor. */
export function revealTarget(target: string): void {
  if (focusCell(target)) return;
  const section = document.getElementById(`part-${target}`);
  if (!section) return;
  section.scrollIntoView({ block: 'start', behavior: 'instant' as ScrollBehavior });
  const editable = section.querySelector<HTMLElement>('[contenteditable="true"]');
  editable?.focus({ preventScroll: true });
}
