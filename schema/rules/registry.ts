/**
 * Every rule instance, in one list: the full check runs them all; the incremental validator
 * indexes them by what they read. What each rule checks, its severity and source: docs/format.md, "Rules".
 */
import { cellValueRules } from './cells.ts';
import type { RuleInstance } from './context.ts';
import { continuityRules } from './continuity.ts';
import { deadlineRules } from './deadline.ts';
import { figuresRules } from './figures.ts';
import { layoutRules } from './layout.ts';
import { overlapRules } from './overlap.ts';
import { processingFeeRules } from './processing-fee.ts';
import { table2Rules } from './table2.ts';
import { table3Rules } from './table3.ts';
import { table4Rules } from './table4.ts';

export const ruleInstances: readonly RuleInstance[] = [
  ...layoutRules,
  ...cellValueRules,
  ...table3Rules,
  ...table4Rules,
  ...table2Rules,
  ...continuityRules,
  ...figuresRules,
  ...processingFeeRules,
  ...overlapRules,
  ...deadlineRules,
];

const keys = new Set(ruleInstances.map((r) => r.key));
if (keys.size !== ruleInstances.length) throw new Error('registry: two rule instances share a key');
