/**
 * Which parts of a report are not signed off, as the publication gate asks it: the one place
 * that decides. No sign-off can be recorded yet (the `signoffs` root is reserved until the
 * comments and sign-off feature defines it), so no part is signed off and every publication
 * needs the owner's override with a reason.
 */
import type * as Y from 'yjs';
import { type PartKey, partKeys } from '../../schema/format.ts';

export function unsignedParts(_doc: Y.Doc): readonly PartKey[] {
  return partKeys;
}
