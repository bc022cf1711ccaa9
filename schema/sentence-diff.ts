/**
 * Narrative text as sentences, and the difference between two texts sentence by sentence: what
 * the history view highlights. Pure.
 *
 * A sentence ends at 。！？； (or their ASCII forms), with the closing quotes and brackets that
 * follow them, and at every line end (a block). Sentences keep their punctuation, so that
 * joining a text's sentences per line gives the text back.
 */

export type SentenceChange = (
  | { readonly kind: 'same'; readonly text: string }
  | { readonly kind: 'inserted'; readonly text: string }
  | { readonly kind: 'deleted'; readonly text: string }
  /** A sentence rewritten in place: deleted and inserted between the same unchanged neighbours. */
  | { readonly kind: 'changed'; readonly before: string; readonly after: string }
) & {
  /**
   * The sentence ends its block (paragraph, heading) — in the later text, or in the earlier one
   * for a deleted sentence: where a view starts a new paragraph.
   */
  readonly endsBlock?: true;
};

const terminator = /[。！？；!?;]/u;
const closing = /[”’」』）)》〉"'】]/u;

/** The sentences of `text`, trimmed, empty ones left out. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split('\n')) {
    const chars = [...line];
    let current = '';
    for (let i = 0; i < chars.length; i++) {
      current += chars[i];
      if (!terminator.test(chars[i])) continue;
      // The rest of a run of terminators and the closing marks after them stay with the sentence.
      while (i + 1 < chars.length && (terminator.test(chars[i + 1]) || closing.test(chars[i + 1]))) current += chars[++i];
      push(sentences, current);
      current = '';
    }
    push(sentences, current);
  }
  return sentences;
}

function push(sentences: string[], sentence: string): void {
  const trimmed = sentence.trim();
  if (trimmed !== '') sentences.push(trimmed);
}

/**
 * Above this many cells of the comparison table (sentences before × after, once the common
 * start and end are set aside), the differing middle is reported as rewritten sentence by
 * sentence instead of aligned: a whole part rewritten, which the reader sees as such anyway.
 * 4 million cells is about 50 ms and 4 MB.
 */
const maxAlignmentCells = 4_000_000;

/** The sentences of `after` against those of `before`, in reading order, block ends marked. */
export function diffSentences(before: string, after: string): SentenceChange[] {
  const a = blockSentences(before);
  const b = blockSentences(after);
  const changes = diffSequences(a.sentences, b.sentences);
  let i = 0;
  let j = 0;
  return changes.map((change) => {
    const endsBlock = change.kind === 'deleted' ? a.blockEnds.has(i) : b.blockEnds.has(j);
    if (change.kind !== 'inserted') i++;
    if (change.kind !== 'deleted') j++;
    return endsBlock ? { ...change, endsBlock: true } : change;
  });
}

/** The sentences of a text and the indices of those that end a line (a block). */
function blockSentences(text: string): { sentences: string[]; blockEnds: Set<number> } {
  const sentences: string[] = [];
  const blockEnds = new Set<number>();
  for (const line of text.split('\n')) {
    sentences.push(...splitSentences(line));
    if (sentences.length > 0) blockEnds.add(sentences.length - 1);
  }
  return { sentences, blockEnds };
}

export function diffSequences(a: readonly string[], b: readonly string[]): SentenceChange[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: SentenceChange[] = a.slice(0, start).map((text) => ({ kind: 'same', text }));
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  if (middleA.length * middleB.length > maxAlignmentCells) pushGap(out, middleA, middleB);
  else align(out, middleA, middleB);
  for (const text of a.slice(endA)) out.push({ kind: 'same', text });
  return out;
}

/** A longest common subsequence of `a` and `b`; what lies between its sentences are gaps. */
function align(out: SentenceChange[], a: readonly string[], b: readonly string[]): void {
  const n = a.length;
  const m = b.length;
  // lengths[i * (m + 1) + j]: the LCS length of a[i..] and b[j..].
  const lengths = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * (m + 1) + j] =
        a[i] === b[j] ? lengths[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(lengths[(i + 1) * (m + 1) + j], lengths[i * (m + 1) + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  let gapA: string[] = [];
  let gapB: string[] = [];
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      pushGap(out, gapA, gapB);
      gapA = [];
      gapB = [];
      out.push({ kind: 'same', text: a[i] });
      i++;
      j++;
    } else if (j < m && (i === n || lengths[i * (m + 1) + j + 1] >= lengths[(i + 1) * (m + 1) + j])) {
      gapB.push(b[j++]);
    } else {
      gapA.push(a[i++]);
    }
  }
  pushGap(out, gapA, gapB);
}

/** Sentences deleted and inserted between the same neighbours: paired in order as changed. */
function pushGap(out: SentenceChange[], deleted: readonly string[], inserted: readonly string[]): void {
  const paired = Math.min(deleted.length, inserted.length);
  for (let k = 0; k < paired; k++) out.push({ kind: 'changed', before: deleted[k], after: inserted[k] });
  for (const text of deleted.slice(paired)) out.push({ kind: 'deleted', text });
  for (const text of inserted.slice(paired)) out.push({ kind: 'inserted', text });
}
