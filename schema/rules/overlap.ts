/** `text.overlap` (warning): the narrative repeats more than half of last year's (内容雷同). */
import type { Diagnostic } from '../diagnostics.ts';
import { narrativeKeys } from '../ydoc.ts';
import { type RuleContext, type RuleInstance, noDiagnostics } from './context.ts';
import { narrativeLabel } from './labels.ts';

/** Share of this year's shingles found in last year's text above which the rule warns. */
export const overlapThreshold = 0.5;

const percent = (ratio: number): string => `${Math.round(ratio * 100)}%`;

export function checkNarrativeOverlap(ctx: RuleContext): readonly Diagnostic[] {
  const previous = ctx.options().previous;
  if (previous === undefined) return noDiagnostics;
  const before = previous.narrativeShingles();
  if (before.size === 0) return noDiagnostics;
  let shared = 0;
  let total = 0;
  const perPart = narrativeKeys.map((key) => {
    let partShared = 0;
    let partTotal = 0;
    for (const line of ctx.part(key).lines) {
      partShared += line.sharedShingles(before);
      partTotal += line.shingles().length;
    }
    shared += partShared;
    total += partTotal;
    return { key, ratio: partTotal === 0 ? 0 : partShared / partTotal, partTotal };
  });
  if (total === 0 || shared / total <= overlapThreshold) return noDiagnostics;
  const copied = perPart.filter((p) => p.ratio > overlapThreshold);
  const pointed = copied.length > 0 ? copied : perPart.filter((p) => p.partTotal > 0);
  const message =
    `叙述部分约${percent(shared / total)}与${previous.data.year}年报告相同（超过一半），请按本年实际情况撰写：` +
    pointed.map((p) => `${narrativeLabel(p.key)}（${percent(p.ratio)}）`).join('、');
  return [{ rule: 'text.overlap', severity: 'warning', message, cells: pointed.map((p) => p.key) }];
}

export const overlapRules: readonly RuleInstance[] = [
  { key: 'text.overlap', rule: 'text.overlap', run: checkNarrativeOverlap },
];
