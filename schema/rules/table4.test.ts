import { describe, expect, it } from 'vitest';
import { seedReport } from '../test-support/seed-report.ts';
import { brief, findings } from '../test-support/diagnostics.ts';
import { withCell } from '../test-support/generate.ts';

describe('T4.groupTotal', () => {
  it('T4.groupTotal: holds in every group of the seed', () => {
    expect(findings(seedReport(), 'T4.groupTotal')).toEqual([]);
  });
  it('T4.groupTotal: a group whose outcomes do not add up to 总计 is an error for that group only', () => {
    const data = withCell(seedReport(), 'appeals.suitAfterReview.pending', '1');
    expect(findings(data, 'T4.groupTotal')).toEqual([
      {
        rule: 'T4.groupTotal',
        severity: 'error',
        message: '第四部分“行政诉讼（复议后起诉）”：总计（0）不等于结果维持、结果纠正、其他结果、尚未审结之和（0+0+0+1=1）',
        cells: [
          'appeals.suitAfterReview.total',
          'appeals.suitAfterReview.upheld',
          'appeals.suitAfterReview.corrected',
          'appeals.suitAfterReview.other',
          'appeals.suitAfterReview.pending',
        ],
      },
    ]);
  });
  it('T4.groupTotal: a blank 总计 is derived and cannot disagree', () => {
    const data = withCell(withCell(seedReport(), 'appeals.review.total', undefined), 'appeals.review.upheld', '2');
    expect(brief(findings(data, 'T4.groupTotal'))).toEqual([]);
  });
});
