/**
 * Restoring a version: the report's content made equal to the version's in one transaction on
 * the live document — a change like any other, which the room stores and relays to every open
 * editor (room.ts: a transaction not from a client is stored and relayed as the server's).
 *
 * Content is what `content-hash.ts` hashes: `meta` but its layout version, the fragments, the
 * cells. Where a run of blocks differs, its blocks are deleted and copies of the version's
 * inserted (marks and attributes included), so that the fragment holds exactly the version's
 * markup; a run that is the same is left alone, so that carets in it stay put. A table part's
 * fragment keeps its table node (layout 2: exactly one, created only by the server) and has the
 * blocks before it and after it restored separately. Cells and `meta` keys are set or deleted
 * one by one where they differ. Comments and sign-offs are left as they are.
 */
import * as Y from 'yjs';
import { tablePartKeys } from '../../schema/format.ts';
import { cellsMap, fragmentKeys, isTableElement, metaMap, textFragment } from '../../schema/ydoc.ts';

type Block = Y.XmlElement | Y.XmlText | Y.XmlHook;

export function restoreContent(target: Y.Doc, source: Y.Doc, origin: unknown): void {
  target.transact(() => {
    restoreMap(metaMap(target), metaMap(source), (key) => key !== 'layoutVersion');
    for (const key of fragmentKeys) restoreFragment(textFragment(target, key), textFragment(source, key));
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
  const blocks = source.toArray();
  const sourceTable = blocks.findIndex(isTableElement);
  const targetTable = target.toArray().findIndex(isTableElement);
  if (targetTable === -1) {
    // A fragment without a table node: the prose of 一, 五, 六 and the preamble (or a table part
    // that lost its node, which the version's brings back).
    replaceBlocks(target, 0, target.length, blocks);
    return;
  }
  // The table node stays: the blocks after it first, so that its index holds for those before.
  // A version without one (none is made so) has all its blocks read as notes after the table.
  replaceBlocks(target, targetTable + 1, target.length, sourceTable === -1 ? blocks : blocks.slice(sourceTable + 1));
  replaceBlocks(target, 0, targetTable, sourceTable === -1 ? [] : blocks.slice(0, sourceTable));
}

/** Replaces `target`'s blocks in [start, end) by copies of `blocks`, unless they are the same. */
function replaceBlocks(target: Y.XmlFragment, start: number, end: number, blocks: readonly Block[]): void {
  const current = target.slice(start, end);
  if (markup(current) === markup(blocks)) return;
  target.delete(start, end - start);
  target.insert(start, blocks.map(copyBlock));
}

function markup(blocks: readonly Block[]): string {
  return blocks.map((block) => block.toString()).join('');
}

function copyBlock(block: Block): Y.XmlElement | Y.XmlText {
  if (block instanceof Y.XmlElement || block instanceof Y.XmlText) return block.clone();
  throw new Error('restoreContent: a version holds a node the report layout does not have');
}
