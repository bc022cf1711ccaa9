/**
 * Names people give and others read: an agency's name (a report's `agency`, in the database
 * and in the Y.Doc's `meta.agency`) and a user's display name. Pure, so that the server, the
 * CLI and the browser refuse the same things with the same zh-CN messages.
 *
 * Refused: control characters (C0, DEL, C1: NUL, newlines, escapes), bidirectional controls
 * (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, the marks U+200E, U+200F and
 * U+061C) — a right-to-left override makes 局务商区杭余 read as something else in every list
 * that shows it —, lone surrogates (not text; they break UTF-8 encoders and databases), and
 * the other invisible format characters (Unicode's Cf: zero-width spaces and joiners, the word
 * joiner, soft hyphens, tag characters): 杭州\u200B市 reads as 杭州市 and is another name, and a
 * name of only U+200B shows nobody.
 * Normalised: NFC (the same name typed composed or decomposed is one name), every run of
 * whitespace (ideographic and no-break spaces too) collapsed into one space, trimmed; then
 * 1 to `maxLength` characters (code points, so that one Chinese character is one).
 */

export interface NameRule {
  /** What the field is called in messages, e.g. 机关名称. */
  readonly label: string;
  readonly maxLength: number;
}

export const agencyNameRule: NameRule = Object.freeze({ label: '机关名称', maxLength: 100 });
export const displayNameRule: NameRule = Object.freeze({ label: '显示名称', maxLength: 64 });

export type NameCheck = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly problem: string };

const controlCharacter = /[\u0000-\u001F\u007F-\u009F]/u;
const bidiControl = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
/** Every other format character (bidi controls are format characters too, with their own message). */
const formatCharacter = /\p{Cf}/u;
/** With the `u` flag a paired surrogate is one code point: only lone ones match. */
const loneSurrogate = /\p{Cs}/u;

/** The name as it is to be stored, or why it is refused. */
export function checkName(input: unknown, rule: NameRule): NameCheck {
  if (typeof input !== 'string') return { ok: false, problem: `${rule.label}应为文字` };
  if (loneSurrogate.test(input)) return { ok: false, problem: `${rule.label}含有无效的字符编码` };
  if (controlCharacter.test(input)) return { ok: false, problem: `${rule.label}不能包含换行符、制表符等控制字符` };
  if (bidiControl.test(input)) return { ok: false, problem: `${rule.label}不能包含改变文字方向的控制字符` };
  const name = input.normalize('NFC').replace(/\s+/gu, ' ').trim();
  // After the whitespace: U+FEFF is both, and stays a space as before.
  if (formatCharacter.test(name)) return { ok: false, problem: `${rule.label}不能包含零宽空格等看不见的格式字符` };
  const length = [...name].length;
  if (length === 0 || length > rule.maxLength) return { ok: false, problem: `${rule.label}必填，且不超过 ${rule.maxLength} 个字` };
  return { ok: true, name };
}

/**
 * Why a name that cannot be rewritten on its way in (a Yjs update setting `meta.agency` is
 * stored and relayed as sent) is refused, or null: it must pass `checkName` and already be in
 * its normal form.
 */
export function storedNameProblem(value: unknown, rule: NameRule): string | null {
  const checked = checkName(value, rule);
  if (!checked.ok) return checked.problem;
  return checked.name === value ? null : `${rule.label}含有多余的空白或未规范化的字符`;
}
