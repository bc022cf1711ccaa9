import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appealColumns,
  appealGroups,
  applicantColumns,
  partTitles,
  table2Blocks,
  table3Groups,
  table3Note,
  table3Rows,
} from '../format.ts';
import { propertyTest } from '../test-support/seeded-runs.ts';
import { LabelIndex, findTrialFormatMarker, labelKey, labelsMatch } from './labels.ts';

const formatLabels = [
  ...Object.values(partTitles),
  ...table2Blocks.flatMap((b) => [b.caption, ...b.columns.map((c) => c.label), ...b.rows.map((r) => r.label)]),
  table3Note,
  ...applicantColumns.map((c) => c.label),
  ...table3Rows.map((r) => r.label),
  ...Object.values(table3Groups),
  ...appealGroups.map((g) => g.label),
  ...appealColumns.map((c) => c.label),
];

/** Meaningless variation a copy out of Word or a web page introduces into a label. */
const variants: Readonly<Record<string, readonly string[]>> = {
  '（': ['(', '（'],
  '）': [')', '）'],
  '“': ['"', '“', '「'],
  '”': ['"', '”', '」'],
  '、': ['、', '.', '．'],
  '.': ['.', '．', '、'],
  '：': [':', '：'],
  '，': [',', '，'],
};

const labelVariant = fc
  .constantFrom(...formatLabels)
  .chain((label) =>
    fc
      .tuple(
        fc.array(fc.nat(), { minLength: [...label].length, maxLength: [...label].length }),
        fc.array(fc.constantFrom('', '', '', '\n', ' ', '\u3000', '\n\t'), { minLength: [...label].length, maxLength: [...label].length }),
      )
      .map(([choices, breaks]) => ({
        label,
        variant: [...label]
          .map((ch, i) => {
            const options = variants[ch];
            return (options ? options[choices[i] % options.length] : ch) + breaks[i];
          })
          .join(''),
      })),
  );

describe('labelKey', () => {
  // A fresh seed each run, printed; a failing run's seed and path (fast-check prints them) go into `regressions`.
  propertyTest(
    'matches every format label however brackets, quotes, 1./1、/1． and breaks are written (property)',
    fc.property(labelVariant, ({ label, variant }) => {
      expect(labelsMatch(variant, label)).toBe(true);
    }),
    { numRuns: 100, regressions: [] },
  );

  it('keeps the format labels apart from each other', () => {
    // Distinct labels (a label may repeat, e.g. 总计 in 三 and 四) never fold to the same key.
    const keys = new Set(formatLabels.map(labelKey));
    expect(keys.size).toBe(new Set(formatLabels).size);
  });

  it('does not match labels that differ in words', () => {
    expect(labelsMatch('3.其他', '其他')).toBe(false);
    expect(labelsMatch('（七）总计', '总计')).toBe(false);
    expect(labelsMatch('1.属于国家秘密', '2.属于国家秘密')).toBe(false);
  });
});

describe('LabelIndex', () => {
  it('finds a value by any variant of its label', () => {
    const index = new LabelIndex(table3Rows.map((r) => [r.label, r.key] as const));
    expect(index.find('3、危及"三安全一稳定"')).toBe('withheld.threeSecurities');
    expect(index.find('（二）部分公开(区分处理的，只计这一情形，\n不计其他情形)')).toBe('partlyDisclosed');
    expect(index.find('3.其他事项')).toBeUndefined();
  });
});

describe('findTrialFormatMarker', () => {
  it('finds the 2019 trial-format labels, tolerantly', () => {
    expect(findTrialFormatMarker('本年新制作\n数量')).toBe('本年新制作数量');
    expect(findTrialFormatMarker('第二十条第(九)项')).toBe('第二十条第（九）项');
    expect(findTrialFormatMarker('本年制发件数')).toBeUndefined();
    expect(findTrialFormatMarker('第二十条第（八）项')).toBeUndefined();
  });
});
