/**
 * A report's content hash: SHA-256 (hex) of its content in one canonical form — `meta` but its
 * layout version, every fragment (the preamble's and each part's, table nodes and notes included) as markup (elements, attributes and marks, in Yjs's
 * `toString`, which sorts attributes), every table's cells by key. Two documents with the same
 * hash show the same report, whatever their histories (a Yjs state never does: it carries what
 * was deleted). Comments and sign-offs are not content.
 */
import { createHash } from 'node:crypto';
import type * as Y from 'yjs';
import { tablePartKeys } from '../../schema/format.ts';
import { cellsMap, fragmentKeys, metaMap, textFragment } from '../../schema/ydoc.ts';

export function contentHash(doc: Y.Doc): string {
  return createHash('sha256').update(canonicalContent(doc)).digest('hex');
}

/** The content as one JSON text: the same for the same content, key order fixed. */
export function canonicalContent(doc: Y.Doc): string {
  const meta = sortedEntries(metaMap(doc)).filter(([key]) => key !== 'layoutVersion');
  const text = fragmentKeys.map((key) => [key, textFragment(doc, key).toString()]);
  const cells = tablePartKeys.map((table) => [table, sortedEntries(cellsMap(doc, table))]);
  return JSON.stringify({ meta, text, cells });
}

function sortedEntries(map: Y.Map<unknown>): [string, unknown][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
