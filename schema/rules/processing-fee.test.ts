import { describe, expect, it } from 'vitest';
import { seedReport } from '../test-support/seed-report.ts';
import { findings } from '../test-support/diagnostics.ts';
import { withCell, withPart } from '../test-support/generate.ts';

describe('other.processingFee', () => {
  it('other.processingFee: the seed’s “本单位2024年未收取信息处理费” passes', () => {
    expect(findings(seedReport(), 'other.processingFee')).toEqual([]);
  });
  it('other.processingFee: a stated amount passes', () => {
    expect(findings(withPart(seedReport(), 'other', '2024年共收取信息处理费120元。'), 'other.processingFee')).toEqual([]);
  });
  it('other.processingFee: a part 六 that does not say is a warning on part 六', () => {
    expect(findings(withPart(seedReport(), 'other', '无其他需要报告的事项。'), 'other.processingFee')).toEqual([
      {
        rule: 'other.processingFee',
        severity: 'warning',
        message: '六、其他需要报告的事项应说明是否收取信息处理费及金额（如“本年度未收取信息处理费”或“共收取信息处理费X元”）',
        cells: ['other'],
      },
    ]);
  });
  it('other.processingFee: a mention that says neither is a warning too', () => {
    const ds = findings(withPart(seedReport(), 'other', '严格执行信息处理费管理办法。'), 'other.processingFee');
    expect(ds.map((d) => d.message)).toEqual([
      '六、其他需要报告的事项提到了信息处理费，但没有说明是否收取、收取多少（如“本年度未收取信息处理费”或“共收取信息处理费X元”）',
    ]);
  });
  it('other.processingFee: a statement in part 一 does not count for part 六', () => {
    let data = withPart(seedReport(), 'other', '无。');
    data = withPart(data, 'overview', '本年度未收取信息处理费。');
    expect(findings(data, 'other.processingFee')).toHaveLength(1);
  });
});

describe('T3.unpaidFeeNotice', () => {
  const unpaid = (() => {
    let data = withCell(seedReport(), 'requests.otherHandling.unpaidFee.natural', '1');
    data = withCell(data, 'requests.otherHandling.unpaidFee.total', '1');
    data = withCell(data, 'requests.received.natural', '2');
    data = withCell(data, 'requests.received.total', '2');
    data = withCell(data, 'requests.resultTotal.natural', '2');
    return withCell(data, 'requests.resultTotal.total', '2');
  })();
  it('T3.unpaidFeeNotice: no unpaid-fee cases, no advice', () => {
    expect(findings(withPart(seedReport(), 'other', '无。'), 'T3.unpaidFeeNotice')).toEqual([]);
  });
  it('T3.unpaidFeeNotice: unpaid-fee cases and a part 六 silent on 信息处理费 give advice', () => {
    expect(findings(withPart(unpaid, 'other', '无其他需要报告的事项。'), 'T3.unpaidFeeNotice')).toEqual([
      {
        rule: 'T3.unpaidFeeNotice',
        severity: 'info',
        message:
          '第三部分有1件申请因申请人逾期未缴纳费用而不再处理，说明发出过收费通知；六、其他需要报告的事项宜说明信息处理费的收取情况',
        cells: ['other', 'requests.otherHandling.unpaidFee.total'],
      },
    ]);
  });
  it('T3.unpaidFeeNotice: satisfied when part 六 speaks to 信息处理费', () => {
    expect(findings(unpaid, 'T3.unpaidFeeNotice')).toEqual([]);
  });
});
