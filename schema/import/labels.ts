/**
 * Tolerant label matching for imported text. Reports copied out of Word differ from the format's
 * labels in ways that carry no meaning: full- vs half-width brackets, colons and digits, curly vs
 * straight quotes, `1.` vs `1、` vs `1．`, and line breaks or spaces inside a label ("商业\n企业").
 * `labelKey` maps all of those variants to one key; two labels match when their keys are equal.
 */

/** Quote characters that real reports use interchangeably around 三安全一稳定 and the like. */
const quotePattern = /[“”„‟"'‘’‚‛「」『』〝〞]/gu;
/** Enumeration marks: `一、`, `1.`, `1．` (NFKC already turned `．` into `.`), `1，` is not one. */
const enumerationPattern = /[、.]/gu;

/** The comparison key of a label: width-folded, without whitespace, quotes and enumeration marks unified. */
export function labelKey(label: string): string {
  return label
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(quotePattern, '"')
    .replace(enumerationPattern, '.');
}

/** Whether `text` is the label `label`, up to the variations above. */
export function labelsMatch(text: string, label: string): boolean {
  return labelKey(text) === labelKey(label);
}

/**
 * A lookup from label keys to values, for matching a cell against every label a table may hold.
 * Labels that share a key (none in the 2021 format) would shadow each other: the first one wins.
 */
export class LabelIndex<T> {
  private readonly byKey = new Map<string, T>();

  constructor(entries: Iterable<readonly [label: string, value: T]>) {
    for (const [label, value] of entries) {
      const key = labelKey(label);
      if (!this.byKey.has(key)) this.byKey.set(key, value);
    }
  }

  /** The value whose label matches `text`, if any. */
  find(text: string): T | undefined {
    return this.byKey.get(labelKey(text));
  }

  has(text: string): boolean {
    return this.byKey.has(labelKey(text));
  }
}

/**
 * Cell labels that only the 2019 trial format (国办公开办函〔2019〕60号) has. Its table 二 counts
 * 本年新制作数量/本年新公开数量 and has a 第二十条第（九）项 政府集中采购 block; reading such a
 * report against the 2021 rows would misplace its numbers, so the importer refuses it.
 */
export const trialFormatMarkers: readonly string[] = ['本年新制作数量', '本年新公开数量', '对外公开总数量', '第二十条第（九）项'];

/** The 2019 trial-format marker `text` contains, if any (matched tolerantly, anywhere in the text). */
export function findTrialFormatMarker(text: string): string | undefined {
  const key = labelKey(text);
  return trialFormatMarkers.find((marker) => key.includes(labelKey(marker)));
}
