/**
 * What part 六 says about 信息处理费 (《政府信息公开信息处理费管理办法》): whether it was
 * collected, and how much. Read for `other.processingFee` and `T3.unpaidFeeNotice`.
 */
import { splitSentences } from './sentences.ts';

/**
 * - `amount`: a sum is given ("收取信息处理费120元", "信息处理费0元").
 * - `none`: none was collected ("未收取信息处理费", "不涉及信息处理费").
 * - `unclear`: 信息处理费 is mentioned without saying either.
 * - `absent`: not mentioned at all.
 */
export type FeeStatement = 'amount' | 'none' | 'unclear' | 'absent';

const mentionPattern = /信息处理费/u;
const nonePatterns: readonly RegExp[] = [
  /(?:未|没有|不|无|均未|暂未|并未|未曾)[^，。；]{0,12}?(?:收取|收缴|产生|收费|征收)[^，。；]{0,12}?信息处理费/u,
  /不涉及[^，。；]{0,12}?信息处理费/u,
  /无[^，。；]{0,4}?信息处理费/u,
  /信息处理费[^，。；\d]{0,12}?(?:为零|为0|0元|零元|无|未收取|均未收取|情况：无)/u,
];
const amountPattern = /信息处理费[^，。；]{0,12}?(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千万]+)\s*(?:万)?元/u;
const amountBeforePattern = /收取[^，。；]{0,8}?(?:[0-9０-９]+(?:[.．][0-9０-９]+)?)\s*(?:万)?元[^，。；]{0,6}?信息处理费/u;

/** What one sentence says about 信息处理费. */
function sentenceFeeStatement(sentence: string): FeeStatement {
  if (!mentionPattern.test(sentence)) return 'absent';
  if (nonePatterns.some((p) => p.test(sentence))) return 'none';
  if (amountPattern.test(sentence) || amountBeforePattern.test(sentence)) return 'amount';
  return 'unclear';
}

const strength: Readonly<Record<FeeStatement, number>> = { absent: 0, unclear: 1, none: 2, amount: 2 };

/** The clearest statement in a text: a stated amount or "none" beats a bare mention. */
export function feeStatement(text: string): FeeStatement {
  if (!mentionPattern.test(text)) return 'absent';
  let best: FeeStatement = 'absent';
  for (const sentence of splitSentences(text)) {
    const s = sentenceFeeStatement(sentence);
    if (strength[s] > strength[best]) best = s;
  }
  return best;
}

/** Combines the statements of several paragraphs the same way. */
export function combineFeeStatements(statements: Iterable<FeeStatement>): FeeStatement {
  let best: FeeStatement = 'absent';
  for (const s of statements) if (strength[s] > strength[best]) best = s;
  return best;
}
