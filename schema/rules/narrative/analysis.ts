/**
 * What the rules need from a narrative part, computed once per paragraph and reused while the
 * paragraph is unchanged: a keystroke re-reads one paragraph, not the part.
 */
import type { NarrativeKey } from '../../ydoc.ts';
import { type Claim, extractClaims } from './claims.ts';
import { type FeeStatement, combineFeeStatements, feeStatement } from './fee.ts';
import { countShared, shingleHashes } from './shingles.ts';

export class LineAnalysis {
  readonly claims: readonly Claim[];
  readonly fee: FeeStatement;
  private hashes: Int32Array | undefined;
  private sharedWith: ReadonlySet<number> | undefined;
  private shared = 0;

  constructor(readonly text: string) {
    this.claims = extractClaims(text);
    this.fee = feeStatement(text);
  }

  /** Shingle hashes, computed on first use (only `text.overlap` with a previous report needs them). */
  shingles(): Int32Array {
    this.hashes ??= shingleHashes(this.text);
    return this.hashes;
  }

  /** How many of this paragraph's shingles occur in `set`; cached per set. */
  sharedShingles(set: ReadonlySet<number>): number {
    if (this.sharedWith !== set) {
      this.shared = countShared(this.shingles(), set);
      this.sharedWith = set;
    }
    return this.shared;
  }
}

export interface PartAnalysis {
  readonly key: NarrativeKey;
  /** Non-empty paragraphs (lines), in order. */
  readonly lines: readonly LineAnalysis[];
  readonly claims: readonly Claim[];
  readonly fee: FeeStatement;
}

/** The non-empty lines of a narrative text, as `readNarrative` produces them. */
export function narrativeLines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

/**
 * Analyses a part given its lines; paragraphs whose text is unchanged since `previous` are
 * reused as they are.
 */
export function analysePart(key: NarrativeKey, lines: readonly string[], previous?: PartAnalysis): PartAnalysis {
  let reusable: Map<string, LineAnalysis> | undefined;
  if (previous !== undefined && previous.lines.length > 0) {
    reusable = new Map();
    for (const line of previous.lines) reusable.set(line.text, line);
  }
  const analysed = lines.map((text) => reusable?.get(text) ?? new LineAnalysis(text));
  const claims = analysed.length === 1 ? analysed[0].claims : analysed.flatMap((l) => l.claims);
  return { key, lines: analysed, claims, fee: combineFeeStatements(analysed.map((l) => l.fee)) };
}
