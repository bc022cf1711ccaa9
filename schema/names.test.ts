import { describe, expect, it } from 'vitest';
import { agencyNameRule, checkName, displayNameRule, storedNameProblem } from './names.ts';

describe('names people give and others read', () => {
  it.each([
    ['NUL', '余杭区\u0000商务局'],
    ['a newline', '余杭区\n商务局'],
    ['a tab', '余杭区\t商务局'],
    ['DEL', '余杭区\u007F商务局'],
    ['a C1 control (NEL)', '余杭区\u0085商务局'],
    ['a right-to-left override', '\u202E局务商区杭余'],
    ['a left-to-right embedding', '余杭区\u202A商务局'],
    ['a pop directional formatting', '余杭区商务局\u202C'],
    ['a first-strong isolate', '余杭区\u2068商务局\u2069'],
    ['a right-to-left mark', '余杭区\u200F商务局'],
    ['an Arabic letter mark', '余杭区\u061C商务局'],
    ['a lone high surrogate', '余杭区\uD800商务局'],
    ['a lone low surrogate', '\uDC00余杭区商务局'],
    ['a zero-width space (reads as 余杭区商务局)', '余杭区\u200B商务局'],
    ['nothing but a zero-width space', '\u200B'],
    ['word joiners', '\u2060\u2060'],
    ['a zero-width joiner', '余杭区\u200D商务局'],
    ['a soft hyphen', '余杭区\u00AD商务局'],
    ['a tag character', '余杭区\u{E0041}商务局'],
  ])('refuses %s, saying why in zh-CN', (_what, input) => {
    const checked = checkName(input, agencyNameRule);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problem).toMatch(/^机关名称/);
  });

  it('normalises: NFC, whitespace runs (ideographic and no-break spaces too) collapsed, trimmed', () => {
    expect(checkName('  余杭区　 商务局\u00A0 ', agencyNameRule)).toEqual({ ok: true, name: '余杭区 商务局' });
    expect(checkName('Cafe\u0301 管理处', agencyNameRule)).toEqual({ ok: true, name: 'Café 管理处' });
    expect(checkName('张三 😀', displayNameRule)).toEqual({ ok: true, name: '张三 😀' });
    expect(checkName('\uFEFF余杭区商务局', agencyNameRule)).toEqual({ ok: true, name: '余杭区商务局' });
  });

  it('bounds the length in characters, not UTF-16 units, and refuses an empty or non-string name', () => {
    expect(checkName('局'.repeat(100), agencyNameRule).ok).toBe(true);
    expect(checkName('局'.repeat(101), agencyNameRule)).toEqual({ ok: false, problem: '机关名称必填，且不超过 100 个字' });
    expect(checkName('😀'.repeat(64), displayNameRule).ok).toBe(true);
    expect(checkName(' \u3000 ', displayNameRule)).toEqual({ ok: false, problem: '显示名称必填，且不超过 64 个字' });
    expect(checkName(42, displayNameRule).ok).toBe(false);
  });

  it('for values stored as sent (meta.agency in a Yjs update), also refuses what is not already normal', () => {
    expect(storedNameProblem('余杭区商务局', agencyNameRule)).toBeNull();
    expect(storedNameProblem(' 余杭区商务局', agencyNameRule)).not.toBeNull();
    expect(storedNameProblem('Cafe\u0301', agencyNameRule)).not.toBeNull();
    expect(storedNameProblem('\u202E局务商', agencyNameRule)).toBe('机关名称不能包含改变文字方向的控制字符');
    expect(storedNameProblem(null, agencyNameRule)).toBe('机关名称应为文字');
    expect(storedNameProblem('余杭区\u200B商务局', agencyNameRule)).toBe('机关名称不能包含零宽空格等看不见的格式字符');
  });
});
