import { describe, expect, it } from 'vitest';
import { colorForName, initialsOf } from './identity.ts';

describe('display identity', () => {
  it('gives a name the same six-digit colour every time (carets accept only #rrggbb)', () => {
    expect(colorForName('张伟')).toBe(colorForName('张伟'));
    expect(colorForName('张伟')).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('spreads common names over different colours', () => {
    const names = ['张伟', '李娜', '王芳', '刘洋', '陈静', '杨帆', '赵敏', '黄磊'];
    expect(new Set(names.map(colorForName)).size).toBeGreaterThanOrEqual(5);
  });

  it('shows the first character of a Chinese name, two letters of a Latin one', () => {
    expect(initialsOf('张伟')).toBe('张');
    expect(initialsOf('alice')).toBe('AL');
  });
});
