/**
 * How diagnostics name the places they point at, in the words of the printed report
 * (第三部分“自然人”列, “行政复议”“总计”…), so a message can be acted on without the product's keys.
 */
import {
  type CellDef,
  applicantColumns,
  appealColumns,
  appealGroups,
  cellDef,
  partTitles,
  table2Blocks,
  table3Rows,
} from '../format.ts';
import type { NarrativeKey } from '../ydoc.ts';

const table3RowLabels = new Map(table3Rows.map((r) => [r.key, r.group ? `${r.group}${r.label}` : r.label]));
const table3ColumnLabels = new Map<string, string>(applicantColumns.map((c) => [c.key, c.label]));
const table2RowLabels = new Map(table2Blocks.flatMap((b) => b.rows.map((r) => [r.key, r.label] as const)));
const table2ColumnLabels = new Map(table2Blocks.flatMap((b) => b.columns.map((c) => [c.key, c.label] as const)));
const table4GroupLabels = new Map<string, string>(appealGroups.map((g) => [g.key, g.label]));
const table4ColumnLabels = new Map<string, string>(appealColumns.map((c) => [c.key, c.label]));

export function table3RowLabel(row: string): string {
  return table3RowLabels.get(row) ?? row;
}
export function table3ColumnLabel(column: string): string {
  return table3ColumnLabels.get(column) ?? column;
}
export function table4GroupLabel(group: string): string {
  const label = table4GroupLabels.get(group) ?? group;
  return group === 'review' ? label : `行政诉讼（${label}）`;
}
export function table2RowLabel(row: string): string {
  return table2RowLabels.get(row) ?? row;
}

/** 第三部分“一、本年新收政府信息公开申请数量”行“自然人”列 and the like. */
export function cellLabel(def: CellDef): string {
  switch (def.table) {
    case 'proactive':
      return `第二部分“${table2RowLabel(def.row)}”的“${table2ColumnLabels.get(def.column) ?? def.column}”`;
    case 'requests':
      return `第三部分“${table3RowLabel(def.row)}”行“${table3ColumnLabel(def.column)}”列`;
    case 'appeals':
      return `第四部分“${table4GroupLabel(def.row)}”的“${table4ColumnLabels.get(def.column) ?? def.column}”`;
  }
}

export function cellLabelById(id: string): string {
  const def = cellDef(id);
  return def === undefined ? id : cellLabel(def);
}

/** The printed name of a narrative part: 一、总体情况; the preamble is 报告开头（正文前的说明）. */
export function narrativeLabel(key: NarrativeKey): string {
  return key === 'preamble' ? '报告开头' : partTitles[key];
}
