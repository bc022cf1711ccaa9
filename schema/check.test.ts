import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkReport, countDiagnostics } from './check.ts';
import { type CellId, table3Cells, table3ResultRowKeys, table4Cells } from './format.ts';
import type { ReportData } from './report.ts';
import { brief } from './test-support/diagnostics.ts';
import { consistentReport, withCell } from './test-support/generate.ts';
import { seedReport } from './test-support/seed-report.ts';
import { isDerivedCell } from './values.ts';
import { propertyTest } from './test-support/seeded-runs.ts';

const errorsOf = (data: ReportData): string[] => brief(checkReport(data).filter((d) => d.severity === 'error')).sort();

/** The error rules (rule + first cell) that changing one cell of a fully printed, consistent report must break. */
function expectedErrors(id: CellId): string[] {
  const [table, ...rest] = id.split('.');
  const column = rest.pop()!;
  const row = rest.join('.');
  if (table === 'appeals') return [`T4.groupTotal error appeals.${row}.total`];
  const rowTotal = `T3.rowTotal error requests.${row}.total`;
  const balance = `T3.balance error requests.received.${column}`;
  const resultTotal = `T3.resultTotal error requests.resultTotal.${column}`;
  if (row === 'resultTotal') return [rowTotal, resultTotal, balance].sort();
  if (table3ResultRowKeys.includes(row)) return [rowTotal, resultTotal].sort();
  return [rowTotal, balance].sort();
}

const countCellIds: CellId[] = [...table3Cells, ...table4Cells].map((c) => c.id);
const detailTable3Ids: CellId[] = table3Cells.filter((c) => !isDerivedCell(c.id)).map((c) => c.id);

describe('checkReport on the seed', () => {
  it('the seed report checks clean: no errors, no warnings, no info', () => {
    expect(checkReport(seedReport())).toEqual([]);
    expect(checkReport(seedReport(), { stage: 'draft', today: '2025-01-20' })).toEqual([]);
  });
  it('the seed with 予以公开 (自然人) changed from 1 to 2 fails T3.rowTotal and T3.resultTotal on the right cells', () => {
    const ds = checkReport(withCell(seedReport(), 'requests.disclosed.natural', '2'));
    expect(brief(ds)).toEqual(['T3.rowTotal error requests.disclosed.total', 'T3.resultTotal error requests.resultTotal.natural']);
    expect(ds[1].message).toBe('第三部分“自然人”列：（七）总计（1）不等于（一）至（六）各项办理结果之和（2）');
    expect(countDiagnostics(ds)).toEqual({ error: 2, warning: 0, info: 0 });
  });
  it('the seed with 新收 changed in every place it is printed fails T3.balance and text.figures only', () => {
    let data = withCell(seedReport(), 'requests.received.natural', '3');
    data = withCell(data, 'requests.received.total', '3');
    expect(brief(checkReport(data))).toEqual([
      'T3.balance error requests.received.natural',
      'T3.balance error requests.received.total',
      'text.figures warning overview',
    ]);
  });
  it('sorts diagnostics by severity, then rule, then first cell', () => {
    let data = withCell(seedReport(), 'requests.received.natural', 'x');
    data = withCell(data, 'appeals.review.total', '5');
    data = { ...data, publishedOn: '2025-03-01', parts: { ...data.parts, other: '' } };
    expect(brief(checkReport(data))).toEqual([
      'T4.groupTotal error appeals.review.total',
      'cell.value error requests.received.natural',
      'text.figures warning overview',
      'other.processingFee warning other',
      'deadline info meta.publishedOn',
    ]);
  });
});

/**
 * Each property runs from a fresh seed, printed (NIANBAO_FUZZ_SEED repeats it); when a run fails,
 * fast-check prints its seed and path, which go into that property's `regressions`.
 */
describe('checkReport on generated reports (properties)', () => {
  propertyTest(
    'a consistent report, totals printed or left to the editor, passes every error rule',
    fc.property(fc.boolean().chain((derivedBlank) => consistentReport({ derivedBlank })), (data) => {
      expect(errorsOf(data)).toEqual([]);
    }),
    { numRuns: 150, regressions: [] },
  );
  propertyTest(
    'changing any single count cell of tables 三 or 四 of a printed report breaks exactly the rules that cover it',
    fc.property(
      consistentReport({ derivedBlank: false }),
      fc.constantFrom(...countCellIds),
      fc.integer({ min: 1, max: 9 }),
      (data, id, delta) => {
        const [table, ...key] = id.split('.') as ['requests' | 'appeals', ...string[]];
        const before = Number(data.tables[table][key.join('.')]);
        expect(errorsOf(withCell(data, id, String(before + delta)))).toEqual(expectedErrors(id));
      },
    ),
    { numRuns: 300, regressions: [] },
  );
  propertyTest(
    'changing a detail cell of table 三 in the editor (totals derived) breaks T3.balance for its column and 总计',
    fc.property(
      consistentReport({ derivedBlank: true }),
      fc.constantFrom(...detailTable3Ids),
      fc.integer({ min: 1, max: 9 }),
      (data, id, delta) => {
        const before = Number(data.tables.requests[id.slice('requests.'.length)]);
        const column = id.split('.').pop();
        expect(errorsOf(withCell(data, id, String(before + delta)))).toEqual(
          [`T3.balance error requests.received.${column}`, 'T3.balance error requests.received.total'].sort(),
        );
      },
    ),
    { numRuns: 200, regressions: [] },
  );
  propertyTest(
    'an unreadable cell is reported once by cell.value and silences the arithmetic that needs it',
    fc.property(consistentReport({ derivedBlank: false }), fc.constantFrom(...countCellIds), fc.constantFrom('—', '/', '1件', '１'), (data, id, raw) => {
      expect(errorsOf(withCell(data, id, raw))).toEqual([`cell.value error ${id}`]);
    }),
    { numRuns: 150, regressions: [] },
  );
});
