import { describe, expect, it } from 'vitest';
import { parseChineseNumeral, parseWrittenNumber } from './numbers.ts';

describe('parseChineseNumeral', () => {
  it.each([
    ['一', 1], ['两', 2], ['十', 10], ['十二', 12], ['二十', 20], ['二十五', 25], ['一百零五', 105],
    ['三千二百', 3200], ['三万', 30000], ['一万二千', 12000], ['二〇二四', 2024], ['零', 0],
  ])('%s = %d', (text, value) => {
    expect(parseChineseNumeral(text)).toBe(value);
  });
  it('rejects text that is not a numeral', () => {
    expect(parseChineseNumeral('若干')).toBeUndefined();
    expect(parseChineseNumeral('')).toBeUndefined();
  });
});

describe('parseWrittenNumber', () => {
  it('reads ASCII, full-width and 万', () => {
    expect(parseWrittenNumber('75')).toBe(75);
    expect(parseWrittenNumber('７５')).toBe(75);
    expect(parseWrittenNumber('1.2万')).toBe(12000);
    expect(parseWrittenNumber('十二')).toBe(12);
  });
});
