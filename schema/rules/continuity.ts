/** `T3.carryOverContinuity`: this year's 上年结转 is last year's 结转下年度继续办理 (warning). */
import { type ApplicantColumnKey, type CellId, applicantColumns } from '../format.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { type RuleContext, type RuleInstance, noDiagnostics } from './context.ts';
import { table3ColumnLabel } from './labels.ts';

export function checkCarryOverContinuity(ctx: RuleContext, column: ApplicantColumnKey): readonly Diagnostic[] {
  const previous = ctx.options().previous;
  if (previous === undefined) return noDiagnostics;
  const carriedOverId: CellId = `requests.carriedOver.${column}`;
  const before = previous.effective(`requests.carriedForward.${column}`);
  const now = ctx.effective(carriedOverId);
  if (before === undefined || now === undefined || before === now) return noDiagnostics;
  const message =
    `第三部分“${table3ColumnLabel(column)}”列：上年结转（${now}）与${previous.data.year}年报告的` +
    `“结转下年度继续办理”（${before}）不一致；如因机构改革或更正数据，请说明`;
  return [{ rule: 'T3.carryOverContinuity', severity: 'warning', message, cells: [carriedOverId] }];
}

export const continuityRules: readonly RuleInstance[] = applicantColumns.map((c) => ({
  key: `T3.carryOverContinuity:${c.key}`,
  rule: 'T3.carryOverContinuity',
  run: (ctx: RuleContext) => checkCarryOverContinuity(ctx, c.key),
}));
