/**
 * Figures the narrative states about the tables ("共受理依申请公开1件", "予以公开20件",
 * "未发生…行政复议或…行政诉讼的情况"), read from Chinese prose for `text.figures`.
 *
 * The reading is deliberately conservative: a number is a claim only when it counts cases
 * (件/起/宗) *and* a keyword of the tables stands shortly before it in the same sentence, so that
 * "信息104条", "25万人次", years, dates, phone numbers and 第二十条 are never read as claims. A
 * missed claim costs nothing; a false one costs the writer's trust in every warning.
 */
import { parseWrittenNumber } from './numbers.ts';
import { splitSentences } from './sentences.ts';

/** What a claim states; `text.figures` maps each kind to the table cells it must agree with. */
export type ClaimKind =
  /** 新收…N件: received.total. */
  | 'received'
  /** 收到/受理…N件 said to include 上年结转: received.total + carriedOver.total. */
  | 'receivedWithCarriedOver'
  /** plain 收到/受理…N件: real reports mean either of the two above. */
  | 'receivedEither'
  | 'carriedOver'
  | 'resultTotal'
  | 'carriedForward'
  | 'disclosed'
  | 'partlyDisclosed'
  | 'withheld'
  | 'unavailable'
  | 'notProcessed'
  | 'otherHandling'
  | 'review'
  /** 行政诉讼: suitDirect.total + suitAfterReview.total. */
  | 'lawsuits'
  /** 行政复议和行政诉讼 N件 together. */
  | 'reviewAndLawsuits'
  | 'regulationsIssued'
  | 'regulationsRepealed'
  | 'regulationsInForce'
  | 'normativeIssued'
  | 'normativeRepealed'
  | 'normativeInForce';

export interface Claim {
  readonly kind: ClaimKind;
  readonly value: number;
  /** The words the claim was read from, for the message. */
  readonly quote: string;
}

/** A number counting cases: digits or Chinese numerals, then 件/起/宗. */
const countPattern = /([0-9０-９]+(?:[.．][0-9０-９]+)?万?|[零〇一二两三四五六七八九十百千万]+)\s*(件|起|宗)/gu;
/** A number right after these is approximate or ordinal (第一件, 几十件, 上千件): not a claim. */
const notAClaimBefore = /[第几数上近逾余多每]$/u;

/**
 * Keywords of the tables. Order matters where one contains another: at one position the first
 * alternative wins (不予公开 before 予以公开, 上年结转 before 结转).
 */
const keywordPattern =
  /不予以?公开|部分公开|予以公开|同意公开|无法提供|不予处理|其他处理|新收|(?:上一?年度?|去年)结转|结转|办结|答复|受理|收到|接收|行政复议|行政诉讼|规范性文件|规章(?!制度)/gu;

/** Words that show a count is about something other than disclosure requests. */
const otherSubject = /建议|提案|议案|信访|来信|来电|诉求|热线|投诉|咨询|留言|许可|审批|处罚|案件|事项|诉讼案/u;
/** After 行政复议/行政诉讼, these make the number a count of outcomes, not of cases. */
const outcomeWords = /纠错|纠正|败诉|撤销|确认违法|维持|审结/u;
/** "收到…75件（含上年结转3件）", "…75件，其中新收72件": the figure includes last year's carry-over. */
const includesCarryOverAfter = /^[^。；]*?(?:含|包括|其中)[^，。；]{0,8}?(?:(?:上一?年度?|去年)结转|新收)/u;
const includesCarryOverBefore = /(?:含|包括)[^，。；]{0,8}?(?:上一?年度?|去年)结转/u;
const documentQualifiers: readonly [RegExp, 'InForce' | 'Issued' | 'Repealed'][] = [
  [/现行有效/u, 'InForce'],
  [/废止|失效/u, 'Repealed'],
  [/制发|印发|出台|制定|新制/u, 'Issued'],
];
/** Farthest a number may stand from its keyword (characters in between). */
const maxKeywordDistance = 30;

interface NumberMatch {
  readonly start: number;
  readonly end: number;
  readonly value: number;
}

function countNumbers(sentence: string): NumberMatch[] {
  const out: NumberMatch[] = [];
  countPattern.lastIndex = 0;
  for (let m = countPattern.exec(sentence); m !== null; m = countPattern.exec(sentence)) {
    const [whole, written, unit] = m;
    const before = sentence.slice(0, m.index);
    const after = sentence.slice(m.index + whole.length);
    if (notAClaimBefore.test(before)) continue;
    const chinese = !/[0-9０-９]/u.test(written);
    // 一起 ("together"), 一件事 (the 一件事一次办 reform), 零件 (spare parts) are words, not counts.
    if (chinese && written === '一' && unit === '起' && !/^(?:[，。；、,;）)]|$|行政)/u.test(after)) continue;
    if (unit === '件' && /^事/u.test(after)) continue;
    if (chinese && written === '零' && unit === '件') continue;
    const value = parseWrittenNumber(written);
    if (value === undefined) continue;
    out.push({ start: m.index, end: m.index + whole.length, value });
  }
  return out;
}

interface Keyword {
  readonly word: string;
  readonly start: number;
}

function lastKeyword(segment: string): Keyword | undefined {
  let last: Keyword | undefined;
  keywordPattern.lastIndex = 0;
  for (let m = keywordPattern.exec(segment); m !== null; m = keywordPattern.exec(segment)) {
    last = { word: m[0], start: m.index };
  }
  return last;
}

function documentClaimKind(subject: 'regulations' | 'normative', segment: string): ClaimKind | undefined {
  for (const [pattern, suffix] of documentQualifiers) if (pattern.test(segment)) return `${subject}${suffix}` as ClaimKind;
  return undefined;
}

/** Claims stated by numbers in one sentence. */
function numberClaims(sentence: string): Claim[] {
  const numbers = countNumbers(sentence);
  const claims: Claim[] = [];
  let previousEnd = 0;
  let previousDocumentSubject: 'regulations' | 'normative' | undefined;
  numbers.forEach((n, i) => {
    const segmentStart = previousEnd;
    const segment = sentence.slice(segmentStart, n.start);
    const after = sentence.slice(n.end, numbers[i + 1]?.start ?? sentence.length);
    previousEnd = n.end;
    const keyword = lastKeyword(segment);
    const quote = (from: number): string => sentence.slice(from, n.end).trim();
    const push = (kind: ClaimKind, from: number): void => {
      claims.push({ kind, value: n.value, quote: quote(from) });
    };
    if (keyword === undefined) {
      // "印发规范性文件3件，现行有效12件": the qualifier alone continues the previous subject.
      const kind = previousDocumentSubject && documentClaimKind(previousDocumentSubject, segment);
      if (kind) push(kind, segmentStart);
      return;
    }
    const between = segment.slice(keyword.start + keyword.word.length);
    const from = segmentStart + keyword.start;
    if (between.length > maxKeywordDistance) return;
    previousDocumentSubject = undefined;
    const word = keyword.word;
    if (word === '规范性文件' || word === '规章') {
      const subject = word === '规章' ? 'regulations' : 'normative';
      previousDocumentSubject = subject;
      const kind = documentClaimKind(subject, segment);
      if (kind) push(kind, from);
      return;
    }
    if (otherSubject.test(between)) return;
    if (word === '行政复议' || word === '行政诉讼') {
      if (outcomeWords.test(between)) return;
      const both = /行政复议/u.test(segment) && /行政诉讼/u.test(segment);
      const start = both ? segmentStart + segment.search(/行政复议|行政诉讼/u) : from;
      if (!both) push(word === '行政复议' ? 'review' : 'lawsuits', from);
      else if (n.value === 0) {
        push('review', start);
        push('lawsuits', start);
      } else push('reviewAndLawsuits', start);
      return;
    }
    if (/不予以?公开/u.test(word)) return push('withheld', from);
    if (word === '部分公开') return push('partlyDisclosed', from);
    if (word === '予以公开' || word === '同意公开') return push('disclosed', from);
    if (word === '无法提供') return push('unavailable', from);
    if (word === '不予处理') return push('notProcessed', from);
    if (word === '其他处理') return push('otherHandling', from);
    if (word === '新收') return push('received', from);
    if (word.endsWith('结转') && word !== '结转') return push('carriedOver', from);
    if (word === '结转') return push('carriedForward', from);
    if (word === '办结' || word === '答复') return push('resultTotal', from);
    // 受理 / 收到 / 接收: only requests for disclosure, and the wording decides what is counted.
    if (!/申请/u.test(between) && !/^[^，。；]*申请/u.test(after)) return;
    if (/新收/u.test(segment)) return push('received', from);
    if (includesCarryOverAfter.test(after) || includesCarryOverBefore.test(segment)) return push('receivedWithCarriedOver', from);
    push('receivedEither', from);
  });
  return claims;
}

/** 未/没有/无 … 行政复议/行政诉讼, 未收到…申请: a negated statement is a claim of zero. */
const negationPattern = /(?:未|没有|无|均未|暂无)(?!法|经|按|正当)/u;

function negationClaims(sentence: string, stated: readonly Claim[]): Claim[] {
  const claims: Claim[] = [];
  for (const clause of sentence.split(/[，,：:]/u)) {
    const neg = negationPattern.exec(clause);
    if (neg === null) continue;
    if (countNumbers(clause).length > 0) continue;
    const rest = clause.slice(neg.index);
    const review = /行政复议/u.exec(rest);
    const suit = /行政诉讼/u.exec(rest);
    const quote = rest.trim();
    const outcome = (m: RegExpExecArray): boolean => outcomeWords.test(rest.slice(m.index + m[0].length));
    if (review && !outcome(review) && !stated.some((c) => c.kind === 'review')) claims.push({ kind: 'review', value: 0, quote });
    if (suit && !outcome(suit) && !stated.some((c) => c.kind === 'lawsuits')) claims.push({ kind: 'lawsuits', value: 0, quote });
    if (review || suit) continue;
    const receive = /收到|受理/u.exec(rest);
    if (receive && /申请/u.test(rest.slice(receive.index)) && !otherSubject.test(rest) && !/结转/u.test(rest)) {
      claims.push({ kind: 'receivedEither', value: 0, quote });
    }
  }
  return claims;
}

/** Text without any of these can state no claim: most paragraphs are skipped at once. */
const claimHint = /[件起宗未无没]/u;
const negationHint = /[未无没]/u;
const countHint = /[件起宗]/u;

/** Every claim stated in a text (one paragraph or more). */
export function extractClaims(text: string): Claim[] {
  if (!claimHint.test(text)) return [];
  const claims: Claim[] = [];
  for (const sentence of splitSentences(text)) {
    const stated = countHint.test(sentence) ? numberClaims(sentence) : [];
    claims.push(...stated);
    if (negationHint.test(sentence)) claims.push(...negationClaims(sentence, stated));
  }
  return claims;
}
