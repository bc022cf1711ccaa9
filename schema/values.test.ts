import { describe, expect, it } from 'vitest';
import { seedReport } from './test-support/seed-report.ts';
import { withCell } from './test-support/generate.ts';
import { derivedCellValue, derivedFrom, effectiveCell, parseCell } from './values.ts';

describe('parseCell', () => {
  it('reads ASCII digits, trimming surrounding whitespace (also full-width spaces)', () => {
    expect(parseCell(' 12 ', 'count')).toEqual({ kind: 'number', value: 12 });
    expect(parseCell('\u300012\u3000', 'count')).toEqual({ kind: 'number', value: 12 });
  });
  it('reads blank and whitespace-only cells as blank', () => {
    expect(parseCell(undefined, 'count')).toEqual({ kind: 'blank' });
    expect(parseCell('  ', 'count')).toEqual({ kind: 'blank' });
  });
  it('does not accept full-width digits silently but suggests the half-width form', () => {
    expect(parseCell('１２', 'count')).toEqual({ kind: 'invalid', raw: '１２', problem: { kind: 'fullWidth', suggestion: '12' } });
  });
  it.each(['/', '—', '1件', '无', '1,000', '1 2'])('rejects %s', (raw) => {
    expect(parseCell(raw, 'count')).toMatchObject({ kind: 'invalid', problem: { kind: 'notANumber' } });
  });
  it('rejects negative numbers and fractions of counts; accepts decimal amounts', () => {
    expect(parseCell('-1', 'count')).toMatchObject({ problem: { kind: 'negative' } });
    expect(parseCell('1.5', 'count')).toMatchObject({ problem: { kind: 'fraction' } });
    expect(parseCell('4166.241619', 'amount')).toEqual({ kind: 'number', value: 4166.241619 });
    expect(parseCell('-3.2', 'amount')).toMatchObject({ problem: { kind: 'negative' } });
  });
});

describe('derived cells', () => {
  it('derives the 总计 column, the （七）总计 row and each table 四 total', () => {
    expect(derivedFrom('requests.received.total')).toHaveLength(6);
    expect(derivedFrom('requests.resultTotal.natural')).toHaveLength(21);
    expect(derivedFrom('appeals.review.total')).toHaveLength(4);
    expect(derivedFrom('requests.received.natural')).toBeUndefined();
    expect(derivedFrom('proactive.regulations.inForce')).toBeUndefined();
  });
  it('shows a blank derived cell computed from its parts', () => {
    let data = seedReport();
    for (const id of ['requests.resultTotal.natural', 'requests.resultTotal.total', 'requests.disclosed.total'] as const) {
      data = withCell(data, id, undefined);
    }
    expect(effectiveCell(data.tables, 'requests.resultTotal.total')).toMatchObject({ value: 1, computed: true, display: '1' });
    expect(effectiveCell(data.tables, 'requests.disclosed.total')).toMatchObject({ value: 1, computed: true });
  });
  it('keeps a filled derived cell as data even when it disagrees with its parts', () => {
    const data = withCell(seedReport(), 'requests.received.total', '7');
    expect(effectiveCell(data.tables, 'requests.received.total')).toMatchObject({ value: 7, computed: false, display: '7' });
    expect(derivedCellValue(data.tables, 'requests.received.total')).toBe(1);
  });
  it('leaves a derived cell unknown when a part is blank or unreadable', () => {
    const data = withCell(withCell(seedReport(), 'requests.received.total', undefined), 'requests.received.legal', '—');
    expect(effectiveCell(data.tables, 'requests.received.total')).toMatchObject({ value: undefined, display: '' });
  });
});
