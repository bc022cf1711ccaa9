/**
 * Test-only: the reports the export tests print. The seed as published (with a publication date
 * and notes around table 三, as layout 2 holds them), and the seed with every data cell a
 * different figure and every derived cell left blank, so that a value found at the wrong row or
 * column, or a total not computed, cannot pass for the right one.
 */
import { type CellId, allCells } from '../../../schema/format.ts';
import type { ReportData, TableCells } from '../../../schema/report.ts';
import { seedReport } from '../../../schema/test-support/seed-report.ts';
import { isDerivedCell } from '../../../schema/values.ts';

/** The seed, dated, with notes before and after table 三. */
export function exportedSeed(): ReportData {
  const seed = seedReport();
  return {
    ...seed,
    publishedOn: '2025-01-20',
    notes: { ...seed.notes, requests: { before: '本年度收到和处理政府信息公开申请情况见下表。', after: '注：表中数据单位为件。' } },
  };
}

/** Every data cell a different figure (table 二's fee with decimals), every derived cell blank. */
export function distinctFigures(data: ReportData = exportedSeed()): ReportData {
  const tables = { proactive: {}, requests: {}, appeals: {} } as Record<keyof ReportData['tables'], TableCells>;
  allCells.forEach((def, index) => {
    if (isDerivedCell(def.id)) return;
    tables[def.table][def.key] = def.valueKind === 'amount' ? `${index}.25` : String(100 + index * 7);
  });
  return { ...data, tables };
}

/** The cell ids whose printed value is computed in `distinctFigures`. */
export const derivedIds: readonly CellId[] = allCells.filter((d) => isDerivedCell(d.id)).map((d) => d.id);
