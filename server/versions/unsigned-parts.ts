/**
 * Which parts of a report are not signed off, as the publication gate asks it: the one place
 * that decides. A part is signed off once its chain is complete for its content now — 分管领导
 * 已审定 (`approved`, schema/signoffs/state.ts): a step counts only while its record's digest is
 * the part's digest, so an edit after the sign-off makes the part unsigned again by itself.
 */
import type * as Y from 'yjs';
import type { PartKey } from '../../schema/format.ts';
import { reportSignoffs } from '../../schema/signoffs/state.ts';

export function unsignedParts(doc: Y.Doc): readonly PartKey[] {
  return reportSignoffs(doc)
    .filter((signoff) => signoff.state !== 'approved')
    .map((signoff) => signoff.part);
}
