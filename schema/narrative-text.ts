/**
 * Reading a narrative part's plain text out of its Y.XmlFragment: one line per text block
 * (paragraph, heading, code block; list items through their paragraphs), marks ignored, a
 * hard break read as a space, a line break typed inside a block separating lines. The one
 * definition used by `readNarrative` (ReportData) and by the incremental validator, which
 * passes a cache so that unchanged paragraphs are not re-read on every keystroke.
 */
import * as Y from 'yjs';

const textBlockNames = new Set(['paragraph', 'heading', 'codeBlock']);

/**
 * Block texts by their Y type. Entries stay valid until that type changes: whoever holds the
 * cache deletes the entries of changed types (and of a changed Y.XmlText's block).
 */
export type BlockTextCache = WeakMap<Y.AbstractType<any>, string>;

/** The non-empty lines of `node`, reusing and filling `cache` where given. */
export function narrativeLines(node: Y.XmlFragment | Y.XmlElement, cache?: BlockTextCache): string[] {
  const lines: string[] = [];
  collectLines(node, lines, cache);
  return lines;
}

function collectLines(node: Y.XmlFragment | Y.XmlElement, lines: string[], cache: BlockTextCache | undefined): void {
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (child instanceof Y.XmlElement) {
      if (textBlockNames.has(child.nodeName)) pushLines(lines, cached(child, cache, blockText));
      else collectLines(child, lines, cache);
    } else if (child instanceof Y.XmlText) pushLines(lines, cached(child, cache, xmlTextString));
  }
}

function cached<T extends Y.AbstractType<any>>(type: T, cache: BlockTextCache | undefined, read: (type: T) => string): string {
  let text = cache?.get(type);
  if (text === undefined) {
    text = read(type);
    cache?.set(type, text);
  }
  return text;
}

function blockText(el: Y.XmlElement): string {
  let text = '';
  for (let child = el.firstChild; child !== null; child = child.nextSibling) {
    if (child instanceof Y.XmlText) text += xmlTextString(child);
    else if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') text += ' ';
  }
  return text;
}

/** Adds a block's text as lines: a line break typed inside a block separates lines. */
function pushLines(lines: string[], text: string): void {
  if (text === '') return;
  if (!text.includes('\n')) lines.push(text);
  else for (const line of text.split('\n')) if (line !== '') lines.push(line);
}

/** Text of a Y.XmlText without mark markup (`toString` would add it), straight from its items. */
function xmlTextString(text: Y.XmlText): string {
  let out = '';
  for (let item = text._start; item !== null; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentString) out += item.content.str;
  }
  return out;
}
