/** `text.figures`: figures quoted in the narrative agree with the tables (warning). */
import { type CellId, table3ResultRowKeys } from '../format.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { type NarrativeKey, narrativeKeys } from '../ydoc.ts';
import { type RuleContext, type RuleInstance, noDiagnostics } from './context.ts';
import { narrativeLabel } from './labels.ts';
import type { Claim, ClaimKind } from './narrative/claims.ts';

interface ClaimTarget {
  /** The cells whose effective values add up to what the claim states. */
  readonly cells: readonly CellId[];
  /** How the message names that figure. */
  readonly label: string;
}

const rowTotals = (prefix: string): CellId[] =>
  table3ResultRowKeys.filter((r) => r.startsWith(`${prefix}.`)).map((r): CellId => `requests.${r}.total`);

const claimTargets: Readonly<Record<Exclude<ClaimKind, 'receivedEither'>, ClaimTarget>> = {
  received: { cells: ['requests.received.total'], label: '第三部分“本年新收”总计' },
  receivedWithCarriedOver: {
    cells: ['requests.received.total', 'requests.carriedOver.total'],
    label: '第三部分“本年新收”与“上年结转”总计之和',
  },
  carriedOver: { cells: ['requests.carriedOver.total'], label: '第三部分“上年结转”总计' },
  resultTotal: { cells: ['requests.resultTotal.total'], label: '第三部分“（七）总计”' },
  carriedForward: { cells: ['requests.carriedForward.total'], label: '第三部分“结转下年度继续办理”总计' },
  disclosed: { cells: ['requests.disclosed.total'], label: '第三部分“（一）予以公开”总计' },
  partlyDisclosed: { cells: ['requests.partlyDisclosed.total'], label: '第三部分“（二）部分公开”总计' },
  withheld: { cells: rowTotals('withheld'), label: '第三部分“（三）不予公开”各项总计之和' },
  unavailable: { cells: rowTotals('unavailable'), label: '第三部分“（四）无法提供”各项总计之和' },
  notProcessed: { cells: rowTotals('notProcessed'), label: '第三部分“（五）不予处理”各项总计之和' },
  otherHandling: { cells: rowTotals('otherHandling'), label: '第三部分“（六）其他处理”各项总计之和' },
  review: { cells: ['appeals.review.total'], label: '第四部分“行政复议”总计' },
  lawsuits: {
    cells: ['appeals.suitDirect.total', 'appeals.suitAfterReview.total'],
    label: '第四部分“行政诉讼”（未经复议直接起诉与复议后起诉）总计之和',
  },
  reviewAndLawsuits: {
    cells: ['appeals.review.total', 'appeals.suitDirect.total', 'appeals.suitAfterReview.total'],
    label: '第四部分行政复议与行政诉讼总计之和',
  },
  regulationsIssued: { cells: ['proactive.regulations.issued'], label: '第二部分“规章”本年制发件数' },
  regulationsRepealed: { cells: ['proactive.regulations.repealed'], label: '第二部分“规章”本年废止件数' },
  regulationsInForce: { cells: ['proactive.regulations.inForce'], label: '第二部分“规章”现行有效件数' },
  normativeIssued: { cells: ['proactive.normativeDocuments.issued'], label: '第二部分“行政规范性文件”本年制发件数' },
  normativeRepealed: { cells: ['proactive.normativeDocuments.repealed'], label: '第二部分“行政规范性文件”本年废止件数' },
  normativeInForce: { cells: ['proactive.normativeDocuments.inForce'], label: '第二部分“行政规范性文件”现行有效件数' },
};

function sum(ctx: RuleContext, cells: readonly string[]): number | undefined {
  let total = 0;
  for (const c of cells) {
    const v = ctx.effective(c);
    if (v === undefined) return undefined;
    total += v;
  }
  return total;
}

function checkClaim(ctx: RuleContext, part: NarrativeKey, claim: Claim): Diagnostic | undefined {
  const where = `${narrativeLabel(part)}：“${claim.quote}”`;
  if (claim.kind === 'receivedEither') {
    const received = ctx.effective('requests.received.total');
    const carriedOver = ctx.effective('requests.carriedOver.total');
    if (received === undefined || carriedOver === undefined) return undefined;
    if (claim.value === received || claim.value === received + carriedOver) return undefined;
    const withCarried = carriedOver === 0 ? '' : `，加上年结转为${received + carriedOver}件`;
    return {
      rule: 'text.figures',
      severity: 'warning',
      message: `${where}与表格不符：第三部分“本年新收”总计为${received}件${withCarried}`,
      cells: [part, 'requests.received.total', 'requests.carriedOver.total'],
    };
  }
  const target = claimTargets[claim.kind];
  const actual = sum(ctx, target.cells);
  if (actual === undefined || actual === claim.value) return undefined;
  return {
    rule: 'text.figures',
    severity: 'warning',
    message: `${where}与表格不符：${target.label}为${actual}件`,
    cells: [part, ...target.cells],
  };
}

export function checkNarrativeFigures(ctx: RuleContext, part: NarrativeKey): readonly Diagnostic[] {
  const { claims } = ctx.part(part);
  if (claims.length === 0) return noDiagnostics;
  const out: Diagnostic[] = [];
  for (const claim of claims) {
    const d = checkClaim(ctx, part, claim);
    if (d) out.push(d);
  }
  return out;
}

export const figuresRules: readonly RuleInstance[] = narrativeKeys.map((key) => ({
  key: `text.figures:${key}`,
  rule: 'text.figures',
  run: (ctx: RuleContext) => checkNarrativeFigures(ctx, key),
}));
