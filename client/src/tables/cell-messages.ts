/** zh-CN wording of why a typed cell is not a value (schema/values.ts decides that it is not). */
import type { CellValueKind } from '../../../schema/format.ts';
import type { CellProblem } from '../../../schema/values.ts';

export function cellProblemMessage(problem: CellProblem, kind: CellValueKind): string {
  switch (problem.kind) {
    case 'fullWidth':
      return `请使用半角数字：${problem.suggestion}`;
    case 'negative':
      return '不能为负数';
    case 'fraction':
      return '应为整数';
    case 'notANumber':
      return kind === 'amount' ? '只能填写数字（可含小数，单位：万元）' : '只能填写整数';
  }
}
