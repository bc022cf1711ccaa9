/**
 * The digest of a part's content: what a sign-off records, and what it is compared with to
 * tell whether the part is still as it was signed. SHA-256 (lib0's, pure JS in the browser) of
 * a canonical serialisation of the part's content (part-content.ts): its fragments — elements
 * with their attributes, text with its marks; a table part's notes and table node included —
 * and, for a table part, its non-blank cells by key. Only what a reader sees counts: the same content gives the same digest however it came
 * about (a paragraph split and joined again, cells written in another order, another replica).
 */
import { toHexString } from 'lib0/buffer';
import { digest } from 'lib0/hash/sha256';
import * as Y from 'yjs';
import { type PartKey, isTablePart } from '../format.ts';
import { fragmentsOfPart } from '../part-content.ts';
import { cellsMap, textFragment } from '../ydoc.ts';

/** 64 lower-case hex digits. */
export type PartDigest = string;

export function isPartDigest(value: unknown): value is PartDigest {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

export function partDigest(doc: Y.Doc, part: PartKey): PartDigest {
  return toHexString(digest(new TextEncoder().encode(partContent(doc, part))));
}

/** The canonical serialisation the digest is taken of (JSON, keys sorted). */
export function partContent(doc: Y.Doc, part: PartKey): string {
  const fragments = fragmentsOfPart(part).map((key) => [key, childrenOf(textFragment(doc, key))]);
  const cells: [string, string][] = [];
  if (isTablePart(part)) {
    cellsMap(doc, part).forEach((value, key) => {
      if (typeof value === 'string' && value !== '') cells.push([key, value]);
    });
    cells.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  return canonicalJson({ part, fragments, cells });
}

function childrenOf(parent: Y.XmlFragment | Y.XmlElement): unknown[] {
  const children: unknown[] = [];
  for (let item = parent._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
    const child = item.content.type;
    if (child instanceof Y.XmlText) {
      const delta = child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
      if (delta.length === 0) continue;
      // Adjacent texts read as one (two can arise from concurrent edits of an empty block).
      const previous = children.at(-1) as unknown[] | undefined;
      let runs: TextRun[];
      if (previous?.[0] === '#text') runs = previous[1] as TextRun[];
      else children.push(['#text', (runs = [])]);
      for (const op of delta) addRun(runs, op.insert, op.attributes ?? {});
    } else if (child instanceof Y.XmlElement) {
      children.push([child.nodeName, child.getAttributes(), childrenOf(child)]);
    }
  }
  return children;
}

type TextRun = [insert: unknown, attributes: Record<string, unknown>];

/** Appends a run of text, merged into the last one when their marks are the same. */
function addRun(runs: TextRun[], insert: unknown, attributes: Record<string, unknown>): void {
  const last = runs.at(-1);
  if (last !== undefined && typeof last[0] === 'string' && typeof insert === 'string' && canonicalJson(last[1]) === canonicalJson(attributes)) {
    last[0] += insert;
    return;
  }
  runs.push([insert, attributes]);
}

/** JSON with every object's keys sorted, so equal values serialise equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
