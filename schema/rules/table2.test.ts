import { describe, expect, it } from 'vitest';
import { seedReport } from '../test-support/seed-report.ts';
import { findings } from '../test-support/diagnostics.ts';
import { withCell } from '../test-support/generate.ts';

describe('T2.inForceContinuity', () => {
  const lastYear = withCell(withCell(seedReport(), 'proactive.normativeDocuments.inForce', '10'), 'proactive.regulations.inForce', '2');
  const thisYear = { ...seedReport(), year: 2025 };
  const consistent = withCell(
    withCell(withCell(withCell(thisYear, 'proactive.normativeDocuments.issued', '3'), 'proactive.normativeDocuments.repealed', '1'), 'proactive.normativeDocuments.inForce', '12'),
    'proactive.regulations.inForce',
    '2',
  );
  it('T2.inForceContinuity: inForce = last year + issued − repealed passes', () => {
    expect(findings(consistent, 'T2.inForceContinuity', { previous: { ...lastYear, year: 2024 } })).toEqual([]);
  });
  it('T2.inForceContinuity: is not checked without last year’s report', () => {
    expect(findings(withCell(consistent, 'proactive.normativeDocuments.inForce', '20'), 'T2.inForceContinuity')).toEqual([]);
  });
  it('T2.inForceContinuity: a jump is advice (info) on the 现行有效件数 cell', () => {
    const ds = findings(withCell(consistent, 'proactive.normativeDocuments.inForce', '20'), 'T2.inForceContinuity', { previous: lastYear });
    expect(ds).toEqual([
      {
        rule: 'T2.inForceContinuity',
        severity: 'info',
        message: '第二部分“行政规范性文件”：现行有效件数（20）不等于上年现行有效（10）加本年制发（3）减本年废止（1），即12；如有清理、修订，可忽略',
        cells: ['proactive.normativeDocuments.inForce'],
      },
    ]);
  });
  it('T2.inForceContinuity: checks 规章 as well', () => {
    const ds = findings(withCell(consistent, 'proactive.regulations.inForce', '0'), 'T2.inForceContinuity', { previous: lastYear });
    expect(ds.map((d) => d.cells)).toEqual([['proactive.regulations.inForce']]);
  });
});
