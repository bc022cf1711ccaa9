/**
 * The verdict on one incoming Yjs update for one connection: apply it, or drop it and close the
 * connection. Called by the room's `authorize` hook before `Y.applyUpdate`, for every update a
 * client sends (sync step 2 and update messages alike).
 */
import type * as Y from 'yjs';
import { cellDef } from '../../schema/format.ts';
import { type Rights, canEditRoot, hasAllContentRights } from '../../schema/permissions.ts';
import { rootRole } from '../../schema/ydoc.ts';
import { type UpdateFootprint, inspectUpdate } from './inspect.ts';

export type UpdateVerdict =
  | { readonly ok: true; readonly footprint: UpdateFootprint }
  | {
      readonly ok: false;
      /** Why, in English, for the server log and the audit trail. */
      readonly reason: string;
      /** The root types at fault (empty when nothing could be resolved). */
      readonly rootNames: readonly string[];
      readonly footprint: UpdateFootprint;
    };

/** Inspects `update` against `doc` (without applying it) and judges it for `rights`. */
export function authorizeUpdate(doc: Y.Doc, update: Uint8Array, rights: Rights): UpdateVerdict {
  return judgeFootprint(inspectUpdate(doc, update), rights);
}

/**
 * The rules, in order: bytes that do not decode, content the report's schema does not allow
 * where it lands (`violations`: an element, attribute or mark the narrative editor lacks, a
 * cell value that is not a short string, a write to a reserved root), a root the layout does not
 * know, or a cell key the format does not have, is refused to everyone (a client bug or an
 * attack; our clients never write one). These need no rights: they may move into the room. An update
 * that cannot be fully resolved is refused to restricted connections, since what it touches is
 * unknown. Otherwise every touched root must be writable for the rights.
 */
export function judgeFootprint(footprint: UpdateFootprint, rights: Rights): UpdateVerdict {
  if (footprint.malformed) return refuse(footprint, 'is not a Yjs update (V1 encoding)', []);
  const roots = [...footprint.roots];
  if (footprint.violations.length > 0) {
    return refuse(footprint, `holds content the report's schema does not allow: ${footprint.violations.join('; ')}`, roots);
  }
  const unknownRoots = roots.filter((root) => rootRole(root) === undefined);
  if (unknownRoots.length > 0) {
    return refuse(footprint, `touches root types the layout does not know: ${unknownRoots.join(', ')}`, unknownRoots);
  }

  const badCells: string[] = [];
  const badCellRoots: string[] = [];
  for (const [root, keys] of footprint.cellKeys) {
    const role = rootRole(root);
    if (role?.kind !== 'cells') continue;
    const bad = [...keys].filter((key) => key === null || cellDef(`${role.table}.${key}`) === undefined);
    if (bad.length === 0) continue;
    badCellRoots.push(root);
    for (const key of bad) badCells.push(key === null ? `${root} (unkeyed list content)` : `${root}[${JSON.stringify(key)}]`);
  }
  if (badCells.length > 0) {
    return refuse(footprint, `writes cells the format does not have: ${badCells.join(', ')}`, badCellRoots);
  }

  if (footprint.unresolved && !hasAllContentRights(rights)) {
    return refuse(
      footprint,
      `references items the server does not have, or is malformed; refused to restricted rights (${describeRights(rights)})`,
      roots,
    );
  }

  const forbidden = roots.filter((root) => !canEditRoot(rights, root));
  if (forbidden.length > 0) {
    return refuse(footprint, `${describeRights(rights)} may not change ${forbidden.join(', ')}`, forbidden);
  }
  return { ok: true, footprint };
}

function refuse(footprint: UpdateFootprint, reason: string, rootNames: readonly string[]): UpdateVerdict {
  return { ok: false, reason, rootNames, footprint };
}

/** `editor of requests, appeals`, `viewer`: for log lines. */
export function describeRights(rights: Rights): string {
  return rights.role === 'editor' && rights.parts !== 'all' ? `editor of ${rights.parts.join(', ')}` : rights.role;
}
