import { describe, expect, it } from 'vitest';
import { seedReport } from '../test-support/seed-report.ts';
import { findings } from '../test-support/diagnostics.ts';
import { withCell } from '../test-support/generate.ts';

describe('cell.value', () => {
  it('cell.value: the seed has no unreadable or blank cell', () => {
    expect(findings(seedReport(), 'cell.value')).toEqual([]);
  });
  it('cell.value: a unit in a count cell is an error pointing at the cell', () => {
    const ds = findings(withCell(seedReport(), 'requests.received.natural', '1件'), 'cell.value');
    expect(ds).toEqual([
      {
        rule: 'cell.value',
        severity: 'error',
        message:
          '第三部分“一、本年新收政府信息公开申请数量”行“自然人”列：“1件”不是数字，应填写非负整数，不加单位，不用“/”“—”或文字；没有的填“0”',
        cells: ['requests.received.natural'],
      },
    ]);
  });
  it.each(['/', '—', '无'])('cell.value: “%s” in table 四 is an error', (raw) => {
    expect(findings(withCell(seedReport(), 'appeals.review.upheld', raw), 'cell.value').map((d) => d.cells)).toEqual([
      ['appeals.review.upheld'],
    ]);
  });
  it('cell.value: full-width digits are reported with the half-width suggestion', () => {
    const [d] = findings(withCell(seedReport(), 'proactive.licensing.decisions', '１２'), 'cell.value');
    expect(d.message).toBe('第二部分“行政许可”的“本年处理决定数量”：“１２”使用了全角数字，请改为半角“12”');
  });
  it('cell.value: a negative count and a fractional count are errors; a decimal fee amount is fine', () => {
    expect(findings(withCell(seedReport(), 'requests.carriedOver.legal', '-1', ), 'cell.value')[0].message).toContain('是负数');
    expect(findings(withCell(seedReport(), 'requests.carriedOver.legal', '0.5'), 'cell.value')[0].message).toContain('不是整数');
    expect(findings(withCell(seedReport(), 'proactive.fees.amount', '96171.6'), 'cell.value')).toEqual([]);
  });
  it('cell.value: a blank cell is an error at publication and a warning in draft', () => {
    const data = withCell(seedReport(), 'requests.disclosed.research', undefined);
    expect(findings(data, 'cell.value').map((d) => d.severity)).toEqual(['error']);
    expect(findings(data, 'cell.value', { stage: 'draft' }).map((d) => d.severity)).toEqual(['warning']);
    expect(findings(data, 'cell.value')[0].message).toBe('第三部分“（一）予以公开”行“科研机构”列未填写；没有的请填“0”');
  });
  it('cell.value: a blank derived cell is computed, not missing', () => {
    const data = withCell(withCell(seedReport(), 'requests.resultTotal.total', undefined), 'appeals.review.total', undefined);
    expect(findings(data, 'cell.value')).toEqual([]);
  });
});
