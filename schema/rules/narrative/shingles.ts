/**
 * Character shingles for `text.overlap`: how much of this year's narrative repeats last year's.
 * Whitespace and punctuation are dropped and every digit reads as one symbol, so that a text
 * copied with only its years and figures changed still counts as copied (内容雷同).
 */

/** Shingle length in characters: long enough that common phrases (政府信息公开) do not match alone. */
export const shingleLength = 8;

const ignored = /[\s\p{P}\p{S}]+/gu;
const digits = /[0-9０-９]/gu;

/** The text as compared: no whitespace or punctuation, every digit as '#'. */
function normalise(text: string): string {
  return text.replace(ignored, '').replace(digits, '#');
}

/** 32-bit FNV-1a hashes of every shingle of a text (one paragraph: shingles never span paragraphs). */
export function shingleHashes(text: string): Int32Array {
  const kept = normalise(text);
  const count = Math.max(0, kept.length - shingleLength + 1);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let h = 0x811c9dc5 | 0;
    for (let j = i; j < i + shingleLength; j++) h = Math.imul(h ^ kept.charCodeAt(j), 0x01000193);
    out[i] = h;
  }
  return out;
}

/** The set of shingles of several texts: last year's narrative, to compare against. */
export function shingleSet(texts: Iterable<string>): ReadonlySet<number> {
  const set = new Set<number>();
  for (const t of texts) for (const h of shingleHashes(t)) set.add(h);
  return set;
}

/** How many of `hashes` occur in `set`. */
export function countShared(hashes: Int32Array, set: ReadonlySet<number>): number {
  let n = 0;
  for (const h of hashes) if (set.has(h)) n++;
  return n;
}
