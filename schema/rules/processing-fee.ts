/**
 * `other.processingFee` (warning): part 六 says whether 信息处理费 was collected.
 * `T3.unpaidFeeNotice` (info): fee notices went unpaid, so part 六 should speak to 信息处理费.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { type RuleContext, type RuleInstance, noDiagnostics } from './context.ts';

const example = '如“本年度未收取信息处理费”或“共收取信息处理费X元”';

export function checkProcessingFee(ctx: RuleContext): readonly Diagnostic[] {
  const fee = ctx.part('other').fee;
  if (fee === 'amount' || fee === 'none') return noDiagnostics;
  const message =
    fee === 'unclear'
      ? `六、其他需要报告的事项提到了信息处理费，但没有说明是否收取、收取多少（${example}）`
      : `六、其他需要报告的事项应说明是否收取信息处理费及金额（${example}）`;
  return [{ rule: 'other.processingFee', severity: 'warning', message, cells: ['other'] }];
}

export function checkUnpaidFeeNotice(ctx: RuleContext): readonly Diagnostic[] {
  const unpaid = ctx.effective('requests.otherHandling.unpaidFee.total');
  if (unpaid === undefined || unpaid === 0) return noDiagnostics;
  if (ctx.part('other').fee !== 'absent') return noDiagnostics;
  const message =
    `第三部分有${unpaid}件申请因申请人逾期未缴纳费用而不再处理，说明发出过收费通知；` +
    '六、其他需要报告的事项宜说明信息处理费的收取情况';
  return [
    { rule: 'T3.unpaidFeeNotice', severity: 'info', message, cells: ['other', 'requests.otherHandling.unpaidFee.total'] },
  ];
}

export const processingFeeRules: readonly RuleInstance[] = [
  { key: 'other.processingFee', rule: 'other.processingFee', run: checkProcessingFee },
  { key: 'T3.unpaidFeeNotice', rule: 'T3.unpaidFeeNotice', run: checkUnpaidFeeNotice },
];
