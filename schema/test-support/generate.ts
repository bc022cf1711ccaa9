/**
 * fast-check arbitraries for tests: reports whose tables satisfy every 勾稽关系, with derived
 * cells either filled (as imported reports print them) or blank (as the editor stores them).
 */
import fc from 'fast-check';
import { type CellId, applicantDetailColumns, appealDetailColumns, appealGroups, table3ResultRowKeys } from '../format.ts';
import { type ReportData, type TableCells, formatVersion, noNotes } from '../report.ts';
import { isDerivedCell } from '../values.ts';

export interface ConsistentReportOptions {
  /** Leave derived cells blank (editor) instead of printing their values (import). */
  readonly derivedBlank: boolean;
  /** Narrative text per part; defaults to a part 六 that states no processing fee was collected. */
  readonly narrative?: Partial<Pick<ReportData, 'preamble'> & ReportData['parts']>;
}

const small = fc.nat({ max: 30 });

interface Table3Column {
  results: number[];
  carriedOver: number;
  carriedForward: number;
}

const table3Column: fc.Arbitrary<Table3Column> = fc
  .record({
    results: fc.array(small, { minLength: table3ResultRowKeys.length, maxLength: table3ResultRowKeys.length }),
    carriedForward: small,
    carriedOverShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ results, carriedForward, carriedOverShare }) => {
    const handled = results.reduce((a, b) => a + b, 0) + carriedForward;
    return { results, carriedForward, carriedOver: Math.floor(handled * carriedOverShare) };
  });

/** A report whose tables satisfy T3.balance, T3.rowTotal, T3.resultTotal and T4.groupTotal. */
export function consistentReport(options: ConsistentReportOptions): fc.Arbitrary<ReportData> {
  return fc
    .record({
      columns: fc.array(table3Column, { minLength: 6, maxLength: 6 }),
      appeals: fc.array(fc.array(small, { minLength: 4, maxLength: 4 }), { minLength: 3, maxLength: 3 }),
      proactive: fc.array(small, { minLength: 9, maxLength: 9 }),
      fees: fc.nat({ max: 100_000 }).map((n) => String(n / 100)),
    })
    .map(({ columns, appeals, proactive, fees }) => {
      const requests: TableCells = {};
      const set = (row: string, values: number[]): void => {
        applicantDetailColumns.forEach((c, i) => (requests[`${row}.${c}`] = String(values[i])));
        requests[`${row}.total`] = String(values.reduce((a, b) => a + b, 0));
      };
      const resultTotals = columns.map((c) => c.results.reduce((a, b) => a + b, 0));
      set('received', columns.map((c, i) => resultTotals[i] + c.carriedForward - c.carriedOver));
      set('carriedOver', columns.map((c) => c.carriedOver));
      table3ResultRowKeys.forEach((row, r) => set(row, columns.map((c) => c.results[r])));
      set('resultTotal', resultTotals);
      set('carriedForward', columns.map((c) => c.carriedForward));
      const appealCells: TableCells = {};
      appealGroups.forEach((g, gi) => {
        appealDetailColumns.forEach((c, ci) => (appealCells[`${g.key}.${c}`] = String(appeals[gi][ci])));
        appealCells[`${g.key}.total`] = String(appeals[gi].reduce((a, b) => a + b, 0));
      });
      const proactiveCells: TableCells = {};
      ['regulations.issued', 'regulations.repealed', 'regulations.inForce', 'normativeDocuments.issued',
        'normativeDocuments.repealed', 'normativeDocuments.inForce', 'licensing.decisions', 'penalties.decisions',
        'coercion.decisions'].forEach((k, i) => (proactiveCells[k] = String(proactive[i])));
      proactiveCells['fees.amount'] = fees;
      const strip = (table: 'requests' | 'appeals', cells: TableCells): TableCells =>
        options.derivedBlank
          ? Object.fromEntries(Object.entries(cells).filter(([k]) => !isDerivedCell(`${table}.${k}` as CellId)))
          : cells;
      const n = options.narrative ?? {};
      return {
        formatVersion,
        agency: '测试区商务局',
        kind: 'department' as const,
        year: 2024,
        preamble: n.preamble ?? '',
        parts: { overview: n.overview ?? '', problems: n.problems ?? '', other: n.other ?? '本年度未收取信息处理费。' },
        tables: { proactive: proactiveCells, requests: strip('requests', requests), appeals: strip('appeals', appealCells) },
        notes: noNotes(),
      };
    });
}

/** A copy of `data` with one cell set (or cleared with undefined). */
export function withCell(data: ReportData, id: CellId, value: string | undefined): ReportData {
  const [table, ...rest] = id.split('.') as [keyof ReportData['tables'], ...string[]];
  const key = rest.join('.');
  const cells = { ...data.tables[table] };
  if (value === undefined) delete cells[key];
  else cells[key] = value;
  return { ...data, tables: { ...data.tables, [table]: cells } };
}

/** A copy of `data` with one narrative part replaced. */
export function withPart(data: ReportData, key: 'preamble' | keyof ReportData['parts'], text: string): ReportData {
  return key === 'preamble' ? { ...data, preamble: text } : { ...data, parts: { ...data.parts, [key]: text } };
}
