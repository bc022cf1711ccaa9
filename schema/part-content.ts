/**
 * What content belongs to a part: the narrative fragments it owns (the preamble belongs to 一,
 * as for permissions) and, for a table part, its cells. Comments anchor into these fragments;
 * a sign-off's digest covers exactly this content.
 */
import { type PartKey, isNarrativePart, isTablePart } from './format.ts';
import type { NarrativeKey } from './ydoc.ts';

/** The narrative fragments of `part`, in reading order. */
export function fragmentsOfPart(part: PartKey): readonly NarrativeKey[] {
  if (part === 'overview') return ['preamble', 'overview'];
  return isNarrativePart(part) ? [part] : [];
}

/** The part a narrative fragment belongs to. */
export function partOfFragment(fragment: NarrativeKey): PartKey {
  return fragment === 'preamble' ? 'overview' : fragment;
}

export function hasCells(part: PartKey): boolean {
  return isTablePart(part);
}
