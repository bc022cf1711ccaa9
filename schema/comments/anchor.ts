/**
 * Where a comment thread points: a whole part, a table cell, or a range of text in one of a
 * part's narrative fragments. Stored as plain JSON in the thread's `anchor` (values.ts), written
 * once, and checked by `parseAnchor` on the server and in the browser alike.
 *
 * A text anchor names its first and last characters by Yjs relative positions (encoded, base64),
 * so that it follows the text as others type around and inside it, and keeps the text it quoted
 * when it was made: the quote shows a thread whose text was deleted (detached), and finds the
 * text again where the editor re-created it (a paragraph split or joined: resolve-anchor.ts).
 */
import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { type PartKey, type TableKey, cellDef, isTablePart, partKeys } from '../format.ts';
import { fragmentsOfPart } from '../part-content.ts';
import type { FragmentKey } from '../ydoc.ts';

export interface PartAnchor {
  readonly part: PartKey;
}

export interface CellAnchor {
  readonly part: TableKey;
  /** The cell's key in its table (`received.natural`). */
  readonly cell: string;
}

export interface TextAnchor {
  readonly part: PartKey;
  /** The fragment the text is in: the part's own (a table part's: its notes), or `preamble` for 一. */
  readonly fragment: FragmentKey;
  /** The first character of the anchored text, an encoded item-based `Y.RelativePosition`. */
  readonly start: string;
  /** The last character of the anchored text, likewise. */
  readonly end: string;
  /** The text as it was when the thread was made; blocks (and hard breaks) as `\n`. */
  readonly quote: string;
}

export type Anchor = PartAnchor | CellAnchor | TextAnchor;

export function isTextAnchor(anchor: Anchor): anchor is TextAnchor {
  return 'quote' in anchor;
}

export function isCellAnchor(anchor: Anchor): anchor is CellAnchor {
  return 'cell' in anchor;
}

/** The longest quote kept: a comment is on a passage, not on a whole part (that is a part anchor). */
export const maxQuoteLength = 10_000;
/** An encoded item position is a tag, two varints and the association: far below this. */
const maxPositionLength = 64;

export function partAnchor(part: PartKey): PartAnchor {
  return { part };
}

/** `cell` is the key in the table (`received.natural`), as `cellsMap(doc, table)` holds it. */
export function cellAnchor(table: TableKey, cell: string): CellAnchor {
  if (cellDef(`${table}.${cell}`) === undefined) throw new Error(`table ${table} has no cell ${cell}`);
  return { part: table, cell };
}

/** A character by its Yjs item id, as an anchor stores it. */
export function encodeCharacterPosition(id: Y.ID, assoc: 0 | -1): string {
  return toBase64(Y.encodeRelativePosition(new Y.RelativePosition(null, null, id, assoc)));
}

/** The character an anchor position names, or undefined if it is not an encoded item position. */
export function decodeCharacterPosition(encoded: string): Y.ID | undefined {
  if (encoded.length === 0 || encoded.length > maxPositionLength || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return undefined;
  try {
    const bytes = fromBase64(encoded);
    const position = Y.decodeRelativePosition(bytes);
    if (position.item === null) return undefined;
    // Canonical only: the bytes decode to exactly what they encode (no trailing bytes).
    if (toBase64(Y.encodeRelativePosition(position)) !== encoded) return undefined;
    if (!Number.isSafeInteger(position.item.client) || !Number.isSafeInteger(position.item.clock)) return undefined;
    return position.item;
  } catch {
    return undefined;
  }
}

/**
 * The anchor `value` states, or undefined if it is not one (a crafted update): exactly the keys
 * of one kind, a known part, a cell of that part's table, a fragment of that part, positions
 * naming characters, a quote of 1 to `maxQuoteLength` characters.
 */
export function parseAnchor(value: unknown): Anchor | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value).sort().join(',');
  const part = value.part;
  if (!(partKeys as readonly unknown[]).includes(part)) return undefined;
  const partKey = part as PartKey;
  switch (keys) {
    case 'part':
      return { part: partKey };
    case 'cell,part': {
      const cell = value.cell;
      if (!isTablePart(partKey) || typeof cell !== 'string' || cellDef(`${partKey}.${cell}`) === undefined) return undefined;
      return { part: partKey, cell };
    }
    case 'end,fragment,part,quote,start': {
      const { fragment, start, end, quote } = value;
      if (!(fragmentsOfPart(partKey) as readonly unknown[]).includes(fragment)) return undefined;
      if (typeof start !== 'string' || typeof end !== 'string' || decodeCharacterPosition(start) === undefined || decodeCharacterPosition(end) === undefined) return undefined;
      if (typeof quote !== 'string' || quote.length === 0 || quote.length > maxQuoteLength) return undefined;
      return { part: partKey, fragment: fragment as FragmentKey, start, end, quote };
    }
    default:
      return undefined;
  }
}

/** A plain object only: an array, bytes, or an object with a prototype set by an update is not. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
