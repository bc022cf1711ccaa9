import { describe, expect, it } from 'vitest';
import { seedReport } from '../test-support/seed-report.ts';
import { findings } from '../test-support/diagnostics.ts';
import { withPart } from '../test-support/generate.ts';

describe('text.overlap', () => {
  const lastYear = { ...seedReport(), year: 2023 };
  it('text.overlap: not checked without last year’s report', () => {
    expect(findings(seedReport(), 'text.overlap')).toEqual([]);
  });
  it('text.overlap: a narrative copied from last year with only the year changed is a warning on the copied parts', () => {
    const copy = JSON.parse(JSON.stringify(seedReport()).replaceAll('2024', '2025'));
    const ds = findings(copy, 'text.overlap', { previous: lastYear });
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ severity: 'warning', cells: ['overview', 'problems', 'other'] });
    expect(ds[0].message).toBe(
      '叙述部分约100%与2023年报告相同（超过一半），请按本年实际情况撰写：一、总体情况（100%）、五、存在的主要问题及改进情况（100%）、六、其他需要报告的事项（100%）',
    );
  });
  it('text.overlap: a rewritten overview with reused parts 五 and 六 points at those parts only when over half overall', () => {
    const rewritten = withPart(seedReport(), 'overview', '本年度围绕优化营商环境，新建企业服务专栏，集中发布惠企政策解读材料，开展线上直播答疑活动。');
    const ds = findings(rewritten, 'text.overlap', { previous: lastYear });
    expect(ds.map((d) => d.cells)).toEqual([['problems', 'other']]);
  });
  it('text.overlap: a narrative that is mostly new passes', () => {
    let data = withPart(seedReport(), 'overview', '本年度围绕优化营商环境，新建企业服务专栏，集中发布惠企政策解读材料。');
    data = withPart(data, 'problems', '存在的问题：栏目更新不及时。改进：建立周调度机制，明确专人负责。');
    expect(findings(data, 'text.overlap', { previous: lastYear })).toEqual([]);
  });
});
