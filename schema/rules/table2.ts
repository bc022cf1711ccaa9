/** `T2.inForceContinuity`: inForce ≈ last year's inForce + issued − repealed (info; 清理 and revisions break it). */
import type { CellId } from '../format.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { type RuleContext, type RuleInstance, noDiagnostics } from './context.ts';
import { table2RowLabel } from './labels.ts';

export type DocumentRow = 'regulations' | 'normativeDocuments';

export function checkInForceContinuity(ctx: RuleContext, row: DocumentRow): readonly Diagnostic[] {
  const previous = ctx.options().previous;
  if (previous === undefined) return noDiagnostics;
  const inForceId: CellId = `proactive.${row}.inForce`;
  const before = previous.effective(inForceId);
  const issued = ctx.effective(`proactive.${row}.issued`);
  const repealed = ctx.effective(`proactive.${row}.repealed`);
  const now = ctx.effective(inForceId);
  if (before === undefined || issued === undefined || repealed === undefined || now === undefined) return noDiagnostics;
  const expected = before + issued - repealed;
  if (expected === now) return noDiagnostics;
  const message =
    `第二部分“${table2RowLabel(row)}”：现行有效件数（${now}）不等于上年现行有效（${before}）加本年制发（${issued}）` +
    `减本年废止（${repealed}），即${expected}；如有清理、修订，可忽略`;
  return [{ rule: 'T2.inForceContinuity', severity: 'info', message, cells: [inForceId] }];
}

export const table2Rules: readonly RuleInstance[] = (['regulations', 'normativeDocuments'] as const).map((row) => ({
  key: `T2.inForceContinuity:${row}`,
  rule: 'T2.inForceContinuity',
  run: (ctx: RuleContext) => checkInForceContinuity(ctx, row),
}));
