import { describe, expect, it } from 'vitest';
import { seedReport } from '../test-support/seed-report.ts';
import { findings } from '../test-support/diagnostics.ts';
import { withCell } from '../test-support/generate.ts';

describe('T3.carryOverContinuity', () => {
  const lastYear = { ...seedReport(), year: 2023 };
  it('T3.carryOverContinuity: the seed’s 上年结转 (0) matches a previous year that carried 0 forward', () => {
    expect(findings(seedReport(), 'T3.carryOverContinuity', { previous: lastYear })).toEqual([]);
  });
  it('T3.carryOverContinuity: is not checked without last year’s report', () => {
    expect(findings(withCell(seedReport(), 'requests.carriedOver.natural', '3'), 'T3.carryOverContinuity')).toEqual([]);
  });
  it('T3.carryOverContinuity: a column whose 上年结转 differs from last year’s 结转下年度 is a warning on that cell', () => {
    const previous = withCell(withCell(lastYear, 'requests.carriedForward.commercial', '2'), 'requests.carriedForward.total', '2');
    const ds = findings(seedReport(), 'T3.carryOverContinuity', { previous });
    expect(ds).toEqual([
      {
        rule: 'T3.carryOverContinuity',
        severity: 'warning',
        message: '第三部分“商业企业”列：上年结转（0）与2023年报告的“结转下年度继续办理”（2）不一致；如因机构改革或更正数据，请说明',
        cells: ['requests.carriedOver.commercial'],
      },
      expect.objectContaining({ cells: ['requests.carriedOver.total'] }),
    ]);
  });
  it('T3.carryOverContinuity: compares derived totals when either report left them blank', () => {
    const previous = withCell(withCell(lastYear, 'requests.carriedForward.legal', '1'), 'requests.carriedForward.total', undefined);
    const ds = findings(withCell(seedReport(), 'requests.carriedOver.total', undefined), 'T3.carryOverContinuity', { previous });
    expect(ds.map((d) => d.cells[0])).toEqual(['requests.carriedOver.legal', 'requests.carriedOver.total']);
  });
});
