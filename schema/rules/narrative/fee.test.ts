import { describe, expect, it } from 'vitest';
import { feeStatement } from './fee.ts';

describe('feeStatement', () => {
  it.each([
    '本单位2024年未收取信息处理费，无其他需要报告事项。',
    '本年度不涉及信息处理费。',
    '2024年度没有收取任何信息处理费。',
    '本机关依申请公开政府信息收取的信息处理费为0元。',
    '信息处理费0元。',
    '全年未产生信息处理费。',
  ])('reads “%s” as none collected', (text) => {
    expect(feeStatement(text)).toBe('none');
  });
  it.each(['2024年共收取信息处理费120元。', '收取信息处理费共计1.5万元', '依法收取200元信息处理费'])(
    'reads “%s” as an amount',
    (text) => {
      expect(feeStatement(text)).toBe('amount');
    },
  );
  it('reads a bare mention as unclear', () => {
    expect(feeStatement('严格执行《政府信息公开信息处理费管理办法》。')).toBe('unclear');
  });
  it('reads a part without the word as absent', () => {
    expect(feeStatement('无其他需要报告的事项。')).toBe('absent');
  });
  it('prefers a clear statement over a mention elsewhere in the part', () => {
    expect(feeStatement('严格执行信息处理费管理办法。\n本年度未收取信息处理费。')).toBe('none');
  });
});
