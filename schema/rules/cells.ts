/** `cell.value`: every cell holds a non-negative integer (`fees.amount`: a non-negative number). */
import { type CellDef, allCells } from '../format.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { type ParsedCell, isDerivedCell } from '../values.ts';
import { type RuleContext, type RuleInstance, noDiagnostics } from './context.ts';
import { cellLabel } from './labels.ts';

function invalidMessage(def: CellDef, parsed: Extract<ParsedCell, { kind: 'invalid' }>): string {
  const label = cellLabel(def);
  const raw = parsed.raw.trim();
  const expected = def.valueKind === 'count' ? '非负整数' : '非负数（单位为万元，可带小数）';
  switch (parsed.problem.kind) {
    case 'fullWidth':
      return `${label}：“${raw}”使用了全角数字，请改为半角“${parsed.problem.suggestion}”`;
    case 'negative':
      return `${label}：“${raw}”是负数，应填写${expected}`;
    case 'fraction':
      return `${label}：“${raw}”不是整数，应填写${expected}`;
    case 'notANumber':
      return `${label}：“${raw}”不是数字，应填写${expected}，不加单位，不用“/”“—”或文字；没有的填“0”`;
  }
}

export function checkCellValue(ctx: RuleContext, def: CellDef): readonly Diagnostic[] {
  const parsed = ctx.cell(def.id);
  if (parsed.kind === 'number') return noDiagnostics;
  if (parsed.kind === 'invalid') {
    return [{ rule: 'cell.value', severity: 'error', message: invalidMessage(def, parsed), cells: [def.id] }];
  }
  // A blank derived cell is shown computed; it is not missing.
  if (isDerivedCell(def.id)) return noDiagnostics;
  const severity = ctx.options().stage === 'draft' ? 'warning' : 'error';
  return [{ rule: 'cell.value', severity, message: `${cellLabel(def)}未填写；没有的请填“0”`, cells: [def.id] }];
}

export const cellValueRules: readonly RuleInstance[] = allCells.map((def) => ({
  key: `cell.value:${def.id}`,
  rule: 'cell.value',
  run: (ctx: RuleContext) => checkCellValue(ctx, def),
}));
