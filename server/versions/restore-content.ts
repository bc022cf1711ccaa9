/**
 * Restoring a version: the report's content made equal to the version's in one transaction on
 * the live document — a change like any other, which the room stores and relays to every open
 * editor (room.ts: a transaction not from a client is stored and relayed as the server's).
 *
 * Content is what `content-hash.ts` hashes: `meta` but its layout version, the narrative
 * fragments, the cells. A fragment that differs has its blocks deleted and the version's
 * inserted (copies, marks and attributes included), so that it holds exactly the version's
 * markup; a fragment that is the same is left alone, so that carets in it stay put. Cells and
 * `meta` keys are set or deleted one by one where they differ. Comments and sign-offs are left
 * as they are.
 */
import * as Y from 'yjs';
import { tablePartKeys } from '../../schema/format.ts';
import { cellsMap, metaMap, narrativeFragment, narrativeKeys } from '../../schema/ydoc.ts';

export function restoreContent(target: Y.Doc, source: Y.Doc, origin: unknown): void {
  target.transact(() => {
    restoreMap(metaMap(target), metaMap(source), (key) => key !== 'layoutVersion');
    for (const key of narrativeKeys) restoreFragment(narrativeFragment(target, key), narrativeFragment(source, key));
    for (const table of tablePartKeys) restoreMap(cellsMap(target, table), cellsMap(source, table), () => true);
  }, origin);
}

/** Sets the keys `restores` that differ, deletes those the source lacks. */
function restoreMap(target: Y.Map<unknown>, source: Y.Map<unknown>, restores: (key: string) => boolean): void {
  for (const key of [...target.keys()]) if (restores(key) && !source.has(key)) target.delete(key);
  for (const [key, value] of source.entries()) {
    if (restores(key) && !sameValue(target.get(key), value)) target.set(key, value);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function restoreFragment(target: Y.XmlFragment, source: Y.XmlFragment): void {
  if (target.toString() === source.toString()) return;
  target.delete(0, target.length);
  target.insert(0, source.toArray().map(copyNode));
}

function copyNode(node: Y.XmlElement | Y.XmlText | Y.XmlHook): Y.XmlElement | Y.XmlText {
  if (node instanceof Y.XmlElement || node instanceof Y.XmlText) return node.clone();
  throw new Error('restoreContent: a version holds a node the report layout does not have');
}
