/**
 * `deadline` (info): 条例 第四十九条 — a department publishes by 31 January of Y+1, a
 * 人民政府 by 31 March of Y+1.
 */
import type { AgencyKind } from '../format.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { type RuleContext, type RuleInstance, noDiagnostics } from './context.ts';

/** Where a deadline diagnostic points: the report's publication date (meta, not a cell). */
export const publishedOnTarget = 'meta.publishedOn';

/** The last day (ISO) a report for `year` may be published. */
export function publicationDeadline(kind: AgencyKind, year: number): string {
  return `${year + 1}-${kind === 'department' ? '01-31' : '03-31'}`;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/u;
const kindDeadlines: Readonly<Record<AgencyKind, string>> = { department: '部门应于次年1月31日前', government: '人民政府应于次年3月31日前' };

export function checkDeadline(ctx: RuleContext): readonly Diagnostic[] {
  const { kind, year, publishedOn } = ctx.meta();
  if (!Number.isInteger(year) || year <= 0) return noDiagnostics;
  const deadline = publicationDeadline(kind, year);
  const legal = `法定期限${deadline}（${kindDeadlines[kind]}公布）`;
  if (publishedOn !== undefined && isoDate.test(publishedOn)) {
    if (publishedOn <= deadline) return noDiagnostics;
    const message = `报告发布日期${publishedOn}晚于${legal}`;
    return [{ rule: 'deadline', severity: 'info', message, cells: [publishedOnTarget] }];
  }
  const today = ctx.options().today;
  if (today === undefined || !isoDate.test(today) || today <= deadline) return noDiagnostics;
  const message = `报告尚未发布，已过${legal}`;
  return [{ rule: 'deadline', severity: 'info', message, cells: [publishedOnTarget] }];
}

export const deadlineRules: readonly RuleInstance[] = [{ key: 'deadline', rule: 'deadline', run: checkDeadline }];
