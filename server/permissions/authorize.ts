/**
 * The verdict on one incoming Yjs update for one connection: apply it, or drop it and close the
 * connection. Called by the room's `authorize` hook before `Y.applyUpdate`, for every update a
 * client sends (sync step 2 and update messages alike).
 */
import type * as Y from 'yjs';
import { cellDef } from '../../schema/format.ts';
import { type Rights, canEditRoot, isReadOnly } from '../../schema/permissions.ts';
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

/** Why an update may not be taken from anyone, with the root types at fault. */
export interface ContentViolation {
  readonly reason: string;
  readonly rootNames: readonly string[];
}

/**
 * Rights-free, refused to everyone (a client bug or an attack; our clients never write one):
 * bytes that do not decode, content the report's schema does not allow where it lands
 * (`violations`: an element, attribute or mark the narrative editor lacks, a cell value that is
 * not a short string, a write to a reserved root), a root the layout does not know, or a cell key
 * the format does not have. The room asks this of every update, whatever its authorize hook.
 */
export function contentViolation(footprint: UpdateFootprint): ContentViolation | undefined {
  if (footprint.malformed) return { reason: 'is not a Yjs update (V1 encoding)', rootNames: [] };
  if (footprint.violations.length > 0) {
    return { reason: `holds content the report's schema does not allow: ${footprint.violations.join('; ')}`, rootNames: [...footprint.roots] };
  }
  let unknownRoots: string[] | undefined;
  for (const root of footprint.roots) if (rootRole(root) === undefined) (unknownRoots ??= []).push(root);
  if (unknownRoots) return { reason: `touches root types the layout does not know: ${unknownRoots.join(', ')}`, rootNames: unknownRoots };

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
  if (badCells.length > 0) return { reason: `writes cells the format does not have: ${badCells.join(', ')}`, rootNames: badCellRoots };
  return undefined;
}

/**
 * The rules, in order: a content violation (above) is refused to everyone. Every touched root
 * must be writable for the rights, and a connection that may write nothing (a viewer) may add
 * no struct at all, not even a GC: it would claim client ids and clock space, stored and
 * relayed. An unresolved footprint is judged on what resolves: a refusal is final, but `ok`
 * only says that nothing forbidden is known yet. What the rest touches is decided once its
 * dependencies arrive, so such an update must never be applied on this verdict: the room holds
 * it and judges it again then (room/held-updates.ts).
 */
export function judgeFootprint(footprint: UpdateFootprint, rights: Rights): UpdateVerdict {
  const violation = contentViolation(footprint);
  if (violation) return refuse(footprint, violation.reason, violation.rootNames);
  const roots = [...footprint.roots];
  const forbidden = roots.filter((root) => !canEditRoot(rights, root));
  if (forbidden.length > 0) {
    return refuse(footprint, `${describeRights(rights)} may not change ${forbidden.join(', ')}`, forbidden);
  }
  if (footprint.clients.size > 0 && isReadOnly(rights)) {
    return refuse(footprint, `${describeRights(rights)} may not write (the update adds structs under ${footprint.clients.size} client id(s))`, roots);
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
