import { describe, expect, it } from 'vitest';
import { seedReport } from '../test-support/seed-report.ts';
import { findings } from '../test-support/diagnostics.ts';
import { publicationDeadline } from './deadline.ts';

describe('deadline', () => {
  it('deadline: a department by 31 January of Y+1, a 人民政府 by 31 March', () => {
    expect(publicationDeadline('department', 2024)).toBe('2025-01-31');
    expect(publicationDeadline('government', 2024)).toBe('2025-03-31');
  });
  it('deadline: published on the last day passes', () => {
    expect(findings({ ...seedReport(), publishedOn: '2025-01-31' }, 'deadline')).toEqual([]);
  });
  it('deadline: a department published in February is late (info)', () => {
    expect(findings({ ...seedReport(), publishedOn: '2025-02-01' }, 'deadline')).toEqual([
      {
        rule: 'deadline',
        severity: 'info',
        message: '报告发布日期2025-02-01晚于法定期限2025-01-31（部门应于次年1月31日前公布）',
        cells: ['meta.publishedOn'],
      },
    ]);
  });
  it('deadline: a 人民政府 publishing in February is on time', () => {
    expect(findings({ ...seedReport(), kind: 'government', publishedOn: '2025-02-20' }, 'deadline')).toEqual([]);
  });
  it('deadline: unpublished and past the deadline by `today` is advice; before it, nothing', () => {
    expect(findings(seedReport(), 'deadline', { today: '2025-01-15' })).toEqual([]);
    expect(findings(seedReport(), 'deadline', { today: '2025-02-03' }).map((d) => d.message)).toEqual([
      '报告尚未发布，已过法定期限2025-01-31（部门应于次年1月31日前公布）',
    ]);
    expect(findings(seedReport(), 'deadline')).toEqual([]);
  });
});
