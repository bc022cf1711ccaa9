/** Table 三's 勾稽关系: `T3.balance`, `T3.rowTotal`, `T3.resultTotal` (all errors). */
import { type ApplicantColumnKey, type CellId, applicantColumns, applicantDetailColumns, table3ResultRowKeys, table3Rows } from '../format.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { type RuleContext, type RuleInstance, noDiagnostics } from './context.ts';
import { table3ColumnLabel, table3RowLabel } from './labels.ts';

const id = (row: string, column: string): CellId => `requests.${row}.${column}`;

/** Sums effective values; undefined when any is unknown (cell.value reports those, not us). */
export function sumEffective(ctx: RuleContext, ids: readonly string[]): { sum: number; values: number[] } | undefined {
  const values: number[] = [];
  let sum = 0;
  for (const cid of ids) {
    const v = ctx.effective(cid);
    if (v === undefined) return undefined;
    values.push(v);
    sum += v;
  }
  return { sum, values };
}

/** received + carriedOver = resultTotal + carriedForward, in one column. */
export function checkTable3Balance(ctx: RuleContext, column: ApplicantColumnKey): readonly Diagnostic[] {
  const cells = [id('received', column), id('carriedOver', column), id('resultTotal', column), id('carriedForward', column)];
  const left = sumEffective(ctx, cells.slice(0, 2));
  const right = left && sumEffective(ctx, cells.slice(2));
  if (!left || !right || left.sum === right.sum) return noDiagnostics;
  const message =
    `第三部分“${table3ColumnLabel(column)}”列：一加二（${left.values.join('+')}=${left.sum}）` +
    `不等于三加四（${right.values.join('+')}=${right.sum}）`;
  return [{ rule: 'T3.balance', severity: 'error', message, cells }];
}

/** total = the six applicant columns, in one row. A blank (derived) total is the sum by definition. */
export function checkTable3RowTotal(ctx: RuleContext, row: string): readonly Diagnostic[] {
  const total = ctx.cell(id(row, 'total'));
  if (total.kind !== 'number') return noDiagnostics;
  const details = applicantDetailColumns.map((c) => id(row, c));
  const parts = sumEffective(ctx, details);
  if (!parts || parts.sum === total.value) return noDiagnostics;
  const message =
    `第三部分“${table3RowLabel(row)}”行：总计（${total.value}）不等于各类申请人之和` +
    `（${parts.values.join('+')}=${parts.sum}）`;
  return [{ rule: 'T3.rowTotal', severity: 'error', message, cells: [id(row, 'total'), ...details] }];
}

/** （七）总计 = the 21 result rows, in one column. */
export function checkTable3ResultTotal(ctx: RuleContext, column: ApplicantColumnKey): readonly Diagnostic[] {
  const total = ctx.cell(id('resultTotal', column));
  if (total.kind !== 'number') return noDiagnostics;
  const rows = table3ResultRowKeys.map((r) => id(r, column));
  const parts = sumEffective(ctx, rows);
  if (!parts || parts.sum === total.value) return noDiagnostics;
  const message =
    `第三部分“${table3ColumnLabel(column)}”列：（七）总计（${total.value}）` +
    `不等于（一）至（六）各项办理结果之和（${parts.sum}）`;
  return [{ rule: 'T3.resultTotal', severity: 'error', message, cells: [id('resultTotal', column), ...rows] }];
}

export const table3Rules: readonly RuleInstance[] = [
  ...applicantColumns.map(
    (c): RuleInstance => ({ key: `T3.balance:${c.key}`, rule: 'T3.balance', run: (ctx) => checkTable3Balance(ctx, c.key) }),
  ),
  ...table3Rows.map(
    (r): RuleInstance => ({ key: `T3.rowTotal:${r.key}`, rule: 'T3.rowTotal', run: (ctx) => checkTable3RowTotal(ctx, r.key) }),
  ),
  ...applicantColumns.map(
    (c): RuleInstance => ({
      key: `T3.resultTotal:${c.key}`,
      rule: 'T3.resultTotal',
      run: (ctx) => checkTable3ResultTotal(ctx, c.key),
    }),
  ),
];
