import { describe, expect, it } from 'vitest';
import { compareReports } from './compare.ts';
import { withCell, withPart } from './test-support/generate.ts';
import { seedReport } from './test-support/seed-report.ts';

describe('comparing two states of a report', () => {
  it('finds nothing in a report compared with itself, and lists every part in order', () => {
    const comparison = compareReports(seedReport(), seedReport());
    expect(comparison.changed).toBe(false);
    expect(comparison.meta).toEqual([]);
    expect(comparison.parts.map((p) => [p.part, p.title, p.changed])).toEqual([
      ['preamble', '报告开头', false],
      ['overview', '一、总体情况', false],
      ['proactive', '二、主动公开政府信息情况', false],
      ['requests', '三、收到和处理政府信息公开申请情况', false],
      ['appeals', '四、政府信息公开行政复议、行政诉讼情况', false],
      ['problems', '五、存在的主要问题及改进情况', false],
      ['other', '六、其他需要报告的事项', false],
    ]);
    const overview = comparison.parts[1];
    expect(overview.texts[0].sentences.length).toBeGreaterThan(10);
    expect(overview.texts[0].sentences.every((s) => s.kind === 'same')).toBe(true);
  });

  it('shows a changed cell with its label and its old and new values, and a changed sentence in its part', () => {
    const seed = seedReport();
    const edited = withPart(
      withCell(withCell(seed, 'requests.received.natural', '3'), 'appeals.review.upheld', undefined),
      'other',
      seed.parts.other.replace('未收取信息处理费', '收取信息处理费20元'),
    );
    const comparison = compareReports(seed, edited);
    expect(comparison.changed).toBe(true);
    const requests = comparison.parts.find((p) => p.part === 'requests')!;
    expect(requests.changed).toBe(true);
    expect(requests.cells).toEqual([
      {
        id: 'requests.received.natural',
        label: '第三部分“一、本年新收政府信息公开申请数量”行“自然人”列',
        before: seed.tables.requests['received.natural'],
        after: '3',
      },
    ]);
    const appeals = comparison.parts.find((p) => p.part === 'appeals')!;
    expect(appeals.cells).toEqual([
      { id: 'appeals.review.upheld', label: '第四部分“行政复议”的“结果维持”', before: seed.tables.appeals['review.upheld'], after: '' },
    ]);
    const other = comparison.parts.find((p) => p.part === 'other')!;
    expect(other.changed).toBe(true);
    expect(other.texts[0].sentences).toEqual([
      { kind: 'changed', before: '本单位2024年未收取信息处理费，无其他需要报告事项。', after: '本单位2024年收取信息处理费20元，无其他需要报告事项。', endsBlock: true },
    ]);
    expect(comparison.parts.filter((p) => p.changed).map((p) => p.part)).toEqual(['requests', 'appeals', 'other']);
  });

  it('marks sentences added to and removed from a part, and keeps the unchanged ones around them', () => {
    const seed = seedReport();
    const lines = seed.parts.problems.split('\n');
    const edited = withPart(seed, 'problems', [...lines, '三是按季度开展自查。'].join('\n').replace('下一步，我局将进一步强化思想认识，抓实抓细政府信息公开各项工作落实。', ''));
    const sentences = compareReports(seed, edited).parts.find((p) => p.part === 'problems')!.texts[0].sentences;
    expect(sentences.filter((s) => s.kind !== 'same')).toEqual([
      { kind: 'deleted', text: '下一步，我局将进一步强化思想认识，抓实抓细政府信息公开各项工作落实。' },
      { kind: 'inserted', text: '三是按季度开展自查。', endsBlock: true },
    ]);
    expect(sentences.filter((s) => s.kind === 'same').length).toBeGreaterThan(2);
  });

  it("lists changes of the report's identity as a reader sees them", () => {
    const seed = seedReport();
    const comparison = compareReports(seed, { ...seed, agency: '余杭区商务局（投资促进局）', kind: 'government', publishedOn: '2025-01-20' });
    expect(comparison.meta).toEqual([
      { field: 'agency', label: '机关名称', before: '余杭区商务局', after: '余杭区商务局（投资促进局）' },
      { field: 'kind', label: '机关类型', before: '部门', after: '人民政府' },
      { field: 'publishedOn', label: '发布日期', before: '', after: '2025-01-20' },
    ]);
    expect(comparison.changed).toBe(true);
  });
});

describe('comparing the notes around a table', () => {
  it('shows sentences changed before and after the table in their places', () => {
    const seed = seedReport();
    const before = { ...seed, notes: { ...seed.notes, requests: { before: '', after: '注：本年度无结转申请。' } } };
    const after = { ...seed, notes: { ...seed.notes, requests: { before: '以下为申请情况。', after: '注：本年度结转申请1件。' } } };
    const requests = compareReports(before, after).parts.find((p) => p.part === 'requests')!;
    expect(requests.changed).toBe(true);
    expect(requests.texts).toEqual([
      { place: 'beforeTable', sentences: [{ kind: 'inserted', text: '以下为申请情况。', endsBlock: true }] },
      { place: 'afterTable', sentences: [{ kind: 'changed', before: '注：本年度无结转申请。', after: '注：本年度结转申请1件。', endsBlock: true }] },
    ]);
    expect(requests.cells).toEqual([]);
  });
});
