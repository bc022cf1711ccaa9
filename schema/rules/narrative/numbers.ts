/**
 * Numbers as Chinese reports write them: ASCII or full-width digits (`75`, `７５`, `1.2万`) and
 * Chinese numerals (`一`, `十二`, `两`, `一百零五`, `二〇`).
 */

const digitValues: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const smallUnits: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/**
 * The value of a Chinese numeral (`十二` → 12, `两` → 2, `一百零五` → 105, `三万` → 30000),
 * or undefined when the string is not one. Digit runs without units (`二〇二四`) read digit by digit.
 */
export function parseChineseNumeral(text: string): number | undefined {
  if (text === '') return undefined;
  const chars = [...text];
  if (chars.every((ch) => ch in digitValues) && chars.length > 1) {
    return Number(chars.map((ch) => digitValues[ch]).join(''));
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const ch of chars) {
    if (ch in digitValues) {
      digit = digitValues[ch];
    } else if (ch in smallUnits) {
      section += (digit ?? 1) * smallUnits[ch];
      digit = undefined;
    } else if (ch === '万') {
      total += (section + (digit ?? 0)) * 10000;
      section = 0;
      digit = undefined;
    } else {
      return undefined;
    }
  }
  return total + section + (digit ?? 0);
}

/** The value of a written number in either script, with an optional trailing 万. */
export function parseWrittenNumber(text: string): number | undefined {
  const half = text.replace(/[０-９．]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  const arabic = /^(\d+(?:\.\d+)?)(万)?$/u.exec(half);
  if (arabic) return Number(arabic[1]) * (arabic[2] ? 10000 : 1);
  return parseChineseNumeral(text);
}
