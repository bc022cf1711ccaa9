/** Table 四: `T4.groupTotal` — upheld + corrected + other + pending = total, per group. */
import { type AppealGroupKey, type CellId, appealDetailColumns, appealGroups } from '../format.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { type RuleContext, type RuleInstance, noDiagnostics } from './context.ts';
import { table4GroupLabel } from './labels.ts';
import { sumEffective } from './table3.ts';

export function checkTable4GroupTotal(ctx: RuleContext, group: AppealGroupKey): readonly Diagnostic[] {
  const totalId: CellId = `appeals.${group}.total`;
  const total = ctx.cell(totalId);
  if (total.kind !== 'number') return noDiagnostics;
  const details = appealDetailColumns.map((c): CellId => `appeals.${group}.${c}`);
  const parts = sumEffective(ctx, details);
  if (!parts || parts.sum === total.value) return noDiagnostics;
  const message =
    `第四部分“${table4GroupLabel(group)}”：总计（${total.value}）不等于结果维持、结果纠正、其他结果、尚未审结之和` +
    `（${parts.values.join('+')}=${parts.sum}）`;
  return [{ rule: 'T4.groupTotal', severity: 'error', message, cells: [totalId, ...details] }];
}

export const table4Rules: readonly RuleInstance[] = appealGroups.map((g) => ({
  key: `T4.groupTotal:${g.key}`,
  rule: 'T4.groupTotal',
  run: (ctx: RuleContext) => checkTable4GroupTotal(ctx, g.key),
}));
