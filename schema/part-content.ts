/**
 * What content belongs to a part: the fragments it owns — its own (layout 2: every part has one;
 * a table part's holds its table node and the notes around it) and, for 一, the preamble, as for
 * permissions — and, for a table part, its cells. Comments anchor into these fragments; a
 * sign-off's digest covers exactly this content.
 */
import type { PartKey } from './format.ts';
import type { FragmentKey } from './ydoc.ts';

/** The fragments of `part`, in reading order. */
export function fragmentsOfPart(part: PartKey): readonly FragmentKey[] {
  return part === 'overview' ? ['preamble', 'overview'] : [part];
}

/** The part a fragment belongs to. */
export function partOfFragment(fragment: FragmentKey): PartKey {
  return fragment === 'preamble' ? 'overview' : fragment;
}
