/**
 * The narrative parts' ProseMirror schema as data: the node names, attributes and marks the
 * browser's editor (TipTap 3 StarterKit without its own undo, plus Collaboration:
 * client/src/editor/narrative-extensions.ts) can hold, and so the only ones its y-prosemirror
 * binding (@tiptap/y-tiptap) ever writes into a `text.*` Y.XmlFragment. The server refuses
 * anything else (server/permissions/content-check.ts): a node another browser's schema lacks
 * would be rewritten by that browser's y-prosemirror, which a read-only browser may not send.
 * client/src/editor/narrative-extensions.test.ts builds the editor's real schema and compares.
 *
 * How y-prosemirror writes a ProseMirror document into Yjs (what the checks read):
 * - a node is a `Y.XmlElement` named by its node type; the fragment itself is the `doc` node;
 * - a node's attributes are the element's attributes, set only when not null, values as they
 *   are in ProseMirror (`level: 3` a number);
 * - text is a `Y.XmlText` child; a mark is a formatting attribute of that text named by the mark
 *   (a `--hash` suffix only for marks that do not exclude themselves: none here), its value the
 *   mark's attrs object (`{}` for bold), or null where the mark ends.
 *
 * Maps, not object literals, hold what is looked up by a name from an update: `__proto__` or
 * `constructor` must not find anything.
 */

import { tablePartKeys } from './format.ts';
import { tableNodeAttribute, tableNodeName } from './ydoc.ts';

/** Whether a value decoded from an update is one the editor writes for that attribute. */
export type ValueCheck = (value: unknown) => boolean;

export interface NarrativeNode {
  /** The node's attributes and their checks (y-prosemirror sets an attribute when not null). */
  readonly attrs: ReadonlyMap<string, ValueCheck>;
  /** The node types its content expression admits, in any order; `text` is a Y.XmlText. */
  readonly content: ReadonlySet<string>;
  /** The marks its text may carry. */
  readonly marks: ReadonlySet<string>;
}

export interface NarrativeMark {
  /** The attributes of the mark's value object, with their checks (a check sees undefined for an absent one). */
  readonly attrs: ReadonlyMap<string, ValueCheck>;
}

/** The ProseMirror node type that is a Y.XmlText (never a Y.XmlElement name). */
export const textNode = 'text';

const inline = [textNode, 'hardBreak'];
const blocks = ['paragraph', 'blockquote', 'bulletList', 'codeBlock', 'heading', 'horizontalRule', 'orderedList'];
const allMarks = ['link', 'bold', 'code', 'italic', 'strike', 'underline'];

/** Headings: levels 1–6 (the `#` … `######` input rules); the toolbar and pasted headings use 3. */
const headingLevel: ValueCheck = (value) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 6;
/** A list's first number: the `3. ` input rule and a pasted `<ol start>` give an integer. */
const listStart: ValueCheck = (value) => Number.isInteger(value);
/** The HTML `<ol type>` values; the paste cleanup drops the attribute, so clients write none. */
const listType: ValueCheck = (value) => value === '1' || value === 'a' || value === 'A' || value === 'i' || value === 'I';
/** The ```` ```js ```` input rule's language: lower-case letters (rendered as a class name). */
const codeLanguage: ValueCheck = (value) => typeof value === 'string' && /^[a-z]{1,64}$/.test(value);

const nodeSpecs: Record<string, { attrs?: Record<string, ValueCheck>; content: readonly string[]; marks?: readonly string[] }> = {
  paragraph: { content: inline, marks: allMarks },
  heading: { attrs: { level: headingLevel }, content: inline, marks: allMarks },
  blockquote: { content: blocks },
  bulletList: { content: ['listItem'] },
  orderedList: { attrs: { start: listStart, type: listType }, content: ['listItem'] },
  listItem: { content: blocks },
  // Code keeps its text plain: ProseMirror refuses marks inside it.
  codeBlock: { attrs: { language: codeLanguage }, content: [textNode] },
  hardBreak: { content: [] },
  horizontalRule: { content: [] },
};

/** Element nodes by name (`doc` is the fragment, `text` a Y.XmlText: neither is here). */
export const narrativeNodes: ReadonlyMap<string, NarrativeNode> = new Map(
  Object.entries(nodeSpecs).map(([name, spec]) => [
    name,
    { attrs: new Map(Object.entries(spec.attrs ?? {})), content: new Set(spec.content), marks: new Set(spec.marks ?? []) },
  ]),
);

/**
 * Nodes the editor's schema has that only the server writes: layout 2's table node
 * (schema/ydoc.ts `tableNodeName`), an atom with one attribute naming its table. They are not in
 * `narrativeNodes`, so a client's is refused wherever it lands; inspect.ts refuses deleting one.
 */
export const serverWrittenNodes: ReadonlyMap<string, { readonly attrs: ReadonlyMap<string, ValueCheck> }> = new Map([
  [tableNodeName, { attrs: new Map<string, ValueCheck>([[tableNodeAttribute, (value) => (tablePartKeys as readonly unknown[]).includes(value)]]) }],
]);

/** The `doc` node: what a part's Y.XmlFragment holds at its top level. */
export const narrativeDoc: NarrativeNode = { attrs: new Map(), content: new Set(blocks), marks: new Set() };

/** The longest link address or title kept: far beyond any real one, bounded for every reader. */
export const maxLinkTextLength = 2048;

/**
 * Link addresses a browser can open without running anything: the schemes the editor's autolink
 * writes (linkify: typed `www.…`, `http(s)://…`, `ftp(s)://…`, `file://…`, `a@b.cn` → `mailto:`).
 * Refusing one of those would throw away the typist's unsent edits; `javascript:`, `data:`,
 * `vbscript:` and relative addresses are refused.
 */
export function isSafeHref(value: unknown): boolean {
  return typeof value === 'string' && value.length <= maxLinkTextLength && /^(?:https?|ftps?|file|mailto):/i.test(value);
}

const optionalText: ValueCheck = (value) => value === undefined || value === null || (typeof value === 'string' && value.length <= maxLinkTextLength);

const markSpecs: Record<string, Record<string, ValueCheck>> = {
  bold: {},
  italic: {},
  strike: {},
  underline: {},
  code: {},
  // The Link extension's attributes; our clients write its defaults beside the address.
  link: {
    href: isSafeHref,
    target: (value) => value === undefined || value === null || value === '_blank',
    rel: (value) => value === undefined || value === null || value === 'noopener noreferrer nofollow',
    class: (value) => value === undefined || value === null,
    title: optionalText,
  },
};

export const narrativeMarks: ReadonlyMap<string, NarrativeMark> = new Map(
  Object.entries(markSpecs).map(([name, attrs]) => [name, { attrs: new Map(Object.entries(attrs)) }]),
);

/**
 * Whether `value` is what y-prosemirror writes as the formatting value of `mark`: null (the
 * mark ends or is removed), or the mark's attrs as a plain object, every key an attribute of the
 * mark with a valid value.
 */
export function isMarkValue(mark: NarrativeMark, value: unknown): boolean {
  if (value === null) return true;
  // A plain object only (ProseMirror builds attrs without a prototype; JSON gives Object's):
  // an array, a byte array or an object whose `__proto__` an update set is not one.
  if (typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  const attrs = value as Record<string, unknown>;
  for (const key of Object.keys(attrs)) if (!mark.attrs.has(key)) return false;
  for (const [key, check] of mark.attrs) if (!check(attrs[key])) return false;
  return true;
}
