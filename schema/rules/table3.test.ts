import { describe, expect, it } from 'vitest';
import { checkReport } from '../check.ts';
import { seedReport } from '../test-support/seed-report.ts';
import { brief, findings } from '../test-support/diagnostics.ts';
import { withCell } from '../test-support/generate.ts';

const errors = (data: ReturnType<typeof seedReport>): string[] => brief(checkReport(data).filter((d) => d.severity === 'error'));

describe('T3.balance', () => {
  it('T3.balance: holds in every column of the seed', () => {
    expect(findings(seedReport(), 'T3.balance')).toEqual([]);
  });
  it('T3.balance: a column where 一+二 ≠ 三+四 is an error naming the column and the numbers', () => {
    const data = withCell(withCell(seedReport(), 'requests.carriedOver.natural', '2'), 'requests.carriedOver.total', '2');
    expect(findings(data, 'T3.balance')).toEqual([
      {
        rule: 'T3.balance',
        severity: 'error',
        message: '第三部分“自然人”列：一加二（1+2=3）不等于三加四（1+0=1）',
        cells: ['requests.received.natural', 'requests.carriedOver.natural', 'requests.resultTotal.natural', 'requests.carriedForward.natural'],
      },
      expect.objectContaining({ rule: 'T3.balance', cells: expect.arrayContaining(['requests.received.total']) }),
    ]);
  });
  it('T3.balance: a blank derived （七）总计 is computed before balancing', () => {
    let data = withCell(seedReport(), 'requests.resultTotal.natural', undefined);
    expect(findings(data, 'T3.balance')).toEqual([]);
    data = withCell(data, 'requests.partlyDisclosed.natural', '1');
    data = withCell(data, 'requests.partlyDisclosed.total', '1');
    expect(brief(findings(data, 'T3.balance'))).toEqual(['T3.balance error requests.received.natural']);
  });
  it('T3.balance: is silent when a cell it needs is unreadable (cell.value reports it)', () => {
    const data = withCell(seedReport(), 'requests.carriedForward.natural', '一');
    expect(errors(data)).toEqual(['cell.value error requests.carriedForward.natural']);
  });
});

describe('T3.rowTotal', () => {
  it('T3.rowTotal: holds in every row of the seed', () => {
    expect(findings(seedReport(), 'T3.rowTotal')).toEqual([]);
  });
  it('T3.rowTotal: a mistyped 总计 fails its row, and balance for the 总计 column only', () => {
    const data = withCell(seedReport(), 'requests.disclosed.total', '2');
    expect(findings(data, 'T3.rowTotal')).toEqual([
      {
        rule: 'T3.rowTotal',
        severity: 'error',
        message: '第三部分“（一）予以公开”行：总计（2）不等于各类申请人之和（1+0+0+0+0+0=1）',
        cells: [
          'requests.disclosed.total',
          'requests.disclosed.natural',
          'requests.disclosed.commercial',
          'requests.disclosed.research',
          'requests.disclosed.nonprofit',
          'requests.disclosed.legal',
          'requests.disclosed.otherOrg',
        ],
      },
    ]);
    expect(errors(data)).toEqual(['T3.rowTotal error requests.disclosed.total', 'T3.resultTotal error requests.resultTotal.total']);
  });
  it('T3.rowTotal: a blank 总计 is derived and cannot disagree', () => {
    expect(findings(withCell(seedReport(), 'requests.disclosed.total', undefined), 'T3.rowTotal')).toEqual([]);
  });
});

describe('T3.resultTotal', () => {
  it('T3.resultTotal: holds in every column of the seed', () => {
    expect(findings(seedReport(), 'T3.resultTotal')).toEqual([]);
  });
  it('T3.resultTotal: a result row that does not add up to （七）总计 is an error for that column', () => {
    const data = withCell(seedReport(), 'requests.withheld.thirdParty.legal', '1');
    expect(errors(data)).toEqual(['T3.rowTotal error requests.withheld.thirdParty.total', 'T3.resultTotal error requests.resultTotal.legal']);
    expect(findings(data, 'T3.resultTotal')[0].message).toBe('第三部分“法律服务机构”列：（七）总计（0）不等于（一）至（六）各项办理结果之和（1）');
  });
});
