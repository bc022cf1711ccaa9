import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SentenceChange, diffSentences, diffSequences, splitSentences } from './sentence-diff.ts';
import { propertyTest } from './test-support/seeded-runs.ts';

describe('splitting narrative text into sentences', () => {
  it('ends a sentence at 。！？； and at every line end, keeping its punctuation and closing quotes', () => {
    expect(splitSentences('全年发布信息104条。是否收费？未收取；\n（一）主动公开\n他说：“已办结。”随后归档！')).toEqual([
      '全年发布信息104条。',
      '是否收费？',
      '未收取；',
      '（一）主动公开',
      '他说：“已办结。”',
      '随后归档！',
    ]);
  });

  it('keeps a run of terminators together and drops empty sentences and blank lines', () => {
    expect(splitSentences('真的吗？！\n\n   \n。最后一句')).toEqual(['真的吗？！', '。', '最后一句']);
    expect(splitSentences('')).toEqual([]);
  });
});

describe('diffing two texts sentence by sentence', () => {
  it('marks a rewritten sentence changed, a new one inserted, a removed one deleted, the rest the same', () => {
    const before = '第一句。第二句办结1件。第三句。第四句。';
    const after = '第一句。第二句办结2件。第三句。新增的一句。';
    expect(diffSentences(before, after)).toEqual([
      { kind: 'same', text: '第一句。' },
      { kind: 'changed', before: '第二句办结1件。', after: '第二句办结2件。' },
      { kind: 'same', text: '第三句。' },
      { kind: 'changed', before: '第四句。', after: '新增的一句。', endsBlock: true },
    ]);
    expect(diffSentences('甲。乙。', '甲。乙。丙。')).toEqual([
      { kind: 'same', text: '甲。' },
      { kind: 'same', text: '乙。' },
      { kind: 'inserted', text: '丙。', endsBlock: true },
    ]);
    expect(diffSentences('甲。乙。丙。', '甲。丙。')).toEqual([
      { kind: 'same', text: '甲。' },
      { kind: 'deleted', text: '乙。' },
      { kind: 'same', text: '丙。', endsBlock: true },
    ]);
  });

  it('marks the sentences that end a block, in the later text (in the earlier one for a deleted sentence)', () => {
    expect(diffSentences('甲。\n乙。丙。\n丁。', '甲。\n乙。\n丁。')).toEqual([
      { kind: 'same', text: '甲。', endsBlock: true },
      { kind: 'same', text: '乙。', endsBlock: true },
      { kind: 'deleted', text: '丙。', endsBlock: true },
      { kind: 'same', text: '丁。', endsBlock: true },
    ]);
  });

  it('aligns on the longest run of unchanged sentences, wherever the edits are', () => {
    expect(diffSequences(['a', 'x', 'b', 'c', 'y'], ['b', 'c', 'z', 'a'])).toEqual([
      { kind: 'deleted', text: 'a' },
      { kind: 'deleted', text: 'x' },
      { kind: 'same', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'changed', before: 'y', after: 'z' },
      { kind: 'inserted', text: 'a' },
    ]);
  });

  const sentences = fc.array(fc.constantFrom('甲。', '乙。', '丙。', '丁；', '戊！'), { maxLength: 12 });
  propertyTest(
    'read on one side, the diff gives each text back, and keeps as many sentences as a longest common subsequence',
    fc.property(sentences, sentences, (a, b) => {
      const diff = diffSequences(a, b);
      expect(diff.flatMap(beforeSide)).toEqual(a);
      expect(diff.flatMap(afterSide)).toEqual(b);
      expect(diff.filter((c) => c.kind === 'same')).toHaveLength(lcsLength(a, b));
    }),
    { numRuns: 300, regressions: [] },
  );
});

function beforeSide(change: SentenceChange): string[] {
  return change.kind === 'same' || change.kind === 'deleted' ? [change.text] : change.kind === 'changed' ? [change.before] : [];
}

function afterSide(change: SentenceChange): string[] {
  return change.kind === 'same' || change.kind === 'inserted' ? [change.text] : change.kind === 'changed' ? [change.after] : [];
}

/** The length of a longest common subsequence, by the textbook recursion (small inputs). */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const memo = new Map<string, number>();
  const go = (i: number, j: number): number => {
    if (i === a.length || j === b.length) return 0;
    const key = `${i},${j}`;
    let value = memo.get(key);
    if (value === undefined) {
      value = a[i] === b[j] ? go(i + 1, j + 1) + 1 : Math.max(go(i + 1, j), go(i, j + 1));
      memo.set(key, value);
    }
    return value;
  };
  return go(0, 0);
}
