/**
 * Reading the publishable document out of a report's Y.Doc: the narrative fragments as rich
 * blocks in the editor's node and mark names (schema/narrative-schema.ts, written by
 * y-prosemirror), the cells as printed, the meta as title, agency and date.
 *
 * Reads only, and deterministic: the same state gives the same value. It reads the layout's
 * roots as `readReportData` does; a table part's fragment, which a layout-1 state lacks, only if
 * it is there (a document read for export is not to be given roots it did not have).
 */
import * as Y from 'yjs';
import { type TableKey, isNarrativePart, partKeys, partTitles, tablePartKeys } from '../format.ts';
import { isSafeHref } from '../narrative-schema.ts';
import { type TableCells, reportTitle } from '../report.ts';
import { cellsMap, isTableElement, narrativeFragment, readReportMeta, readTableCells, rootNames } from '../ydoc.ts';
import {
  type Block,
  type HeadingLevel,
  type Inline,
  type ListItem,
  type ListNumbering,
  type Marks,
  type Publication,
  type Section,
  inlineText,
  noMarks,
  printedDate,
} from './model.ts';
import { printedTable } from './printed-tables.ts';

export function readPublication(doc: Y.Doc): Publication {
  const meta = readReportMeta(doc);
  const tables = Object.fromEntries(tablePartKeys.map((table) => [table, readTableCells(cellsMap(doc, table), table)])) as Record<TableKey, TableCells>;
  const sections: Section[] = partKeys.map((part): Section => {
    if (isNarrativePart(part)) {
      return { kind: 'narrative', part, title: partTitles[part], blocks: readBlocks(narrativeFragment(doc, part)) };
    }
    const { before, after } = readTablePartNotes(tablePartFragment(doc, part));
    return { kind: 'table', part, title: partTitles[part], before, table: printedTable(tables, part), after };
  });
  return {
    title: reportTitle(meta),
    agency: meta.agency,
    kind: meta.kind,
    year: meta.year,
    publishedOn: meta.publishedOn ?? null,
    dateText: printedDate(meta.publishedOn),
    preamble: readBlocks(narrativeFragment(doc, 'preamble')),
    sections,
  };
}

/**
 * A table part's fragment, if the document has one: a layout-1 state (the room upgrades it on
 * load, a stored state read here is not upgraded) has none, and reading must not add it.
 */
function tablePartFragment(doc: Y.Doc, part: TableKey): Y.XmlFragment | undefined {
  const name = rootNames.text[part];
  return doc.share.has(name) ? doc.getXmlFragment(name) : undefined;
}

/**
 * The blocks before the part's table node (`disclosureTable`, layout 2) and those after it.
 * Without a fragment the part is its table alone; without a table node, what the fragment holds
 * prints after the table, as `readTableNotes` reads it.
 */
export function readTablePartNotes(fragment: Y.XmlFragment | undefined): { before: Block[]; after: Block[] } {
  if (fragment === undefined) return { before: [], after: [] };
  const before: Y.XmlElement[] = [];
  const after: Y.XmlElement[] = [];
  let seenTable = false;
  for (let child = fragment.firstChild; child !== null; child = child.nextSibling) {
    if (isTableElement(child)) seenTable = true;
    else if (child instanceof Y.XmlElement) (seenTable ? after : before).push(child);
  }
  return seenTable ? { before: blocksOf(before), after: blocksOf(after) } : { before: [], after: blocksOf(before) };
}

export function readBlocks(parent: Y.XmlFragment | Y.XmlElement): Block[] {
  const elements: Y.XmlElement[] = [];
  for (let child = parent.firstChild; child !== null; child = child.nextSibling) {
    if (child instanceof Y.XmlElement) elements.push(child);
  }
  return blocksOf(elements);
}

function blocksOf(elements: readonly Y.XmlElement[]): Block[] {
  const blocks: Block[] = [];
  for (const element of elements) {
    const block = readBlock(element);
    if (block !== null) blocks.push(block);
  }
  return blocks;
}

/** One block, or null for what prints nothing (an empty paragraph, an element no block reads). */
function readBlock(element: Y.XmlElement): Block | null {
  switch (element.nodeName) {
    case 'paragraph': {
      const inlines = readInlines(element);
      return isBlank(inlines) ? null : { kind: 'paragraph', inlines };
    }
    case 'heading': {
      const inlines = readInlines(element);
      return isBlank(inlines) ? null : { kind: 'heading', level: headingLevel(element.getAttribute('level')), inlines };
    }
    case 'bulletList':
      return { kind: 'bulletList', items: readItems(element) };
    case 'orderedList':
      return {
        kind: 'orderedList',
        start: listStart(element.getAttribute('start')),
        numbering: listNumbering(element.getAttribute('type')),
        items: readItems(element),
      };
    case 'blockquote': {
      const blocks = readBlocks(element);
      return blocks.length === 0 ? null : { kind: 'blockquote', blocks };
    }
    case 'codeBlock': {
      const text = plainText(element);
      return text === '' ? null : { kind: 'codeBlock', text };
    }
    case 'horizontalRule':
      return { kind: 'rule' };
    default:
      return null;
  }
}

function isBlank(inlines: readonly Inline[]): boolean {
  return inlineText(inlines).trim() === '';
}

function readItems(list: Y.XmlElement): ListItem[] {
  const items: ListItem[] = [];
  for (let child = list.firstChild; child !== null; child = child.nextSibling) {
    if (child instanceof Y.XmlElement && child.nodeName === 'listItem') items.push({ blocks: readBlocks(child) });
  }
  return items;
}

/** Attributes are typed as strings by Yjs; y-prosemirror stores ProseMirror's values (numbers). */
function headingLevel(value: unknown): HeadingLevel {
  const level = Number(value);
  return Number.isInteger(level) && level >= 1 && level <= 6 ? (level as HeadingLevel) : 3;
}

function listStart(value: unknown): number {
  const start = Number(value ?? 1);
  return Number.isSafeInteger(start) ? start : 1;
}

function listNumbering(value: unknown): ListNumbering {
  return value === 'a' || value === 'A' || value === 'i' || value === 'I' ? value : '1';
}

/** The inline content of a text block: text runs with their marks, and line breaks. */
function readInlines(block: Y.XmlElement): Inline[] {
  const inlines: Inline[] = [];
  for (let child = block.firstChild; child !== null; child = child.nextSibling) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert === 'string') pushText(inlines, op.insert, marksOf(op.attributes));
      }
    } else if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') {
      inlines.push({ kind: 'break' });
    }
  }
  return inlines;
}

/** Adds text, a newline typed inside a block as a line break, merged with a run of the same marks. */
function pushText(inlines: Inline[], text: string, marks: Marks): void {
  text.split('\n').forEach((piece, index) => {
    if (index > 0) inlines.push({ kind: 'break' });
    if (piece === '') return;
    const last = inlines[inlines.length - 1];
    if (last?.kind === 'text' && sameMarks(last.marks, marks)) inlines[inlines.length - 1] = { kind: 'text', text: last.text + piece, marks };
    else inlines.push({ kind: 'text', text: piece, marks });
  });
}

function sameMarks(a: Marks, b: Marks): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.underline === b.underline && a.strike === b.strike && a.code === b.code && a.link === b.link;
}

/**
 * A run's marks from its formatting attributes: named by the mark (a `--hash` suffix is how
 * y-prosemirror keys marks that do not exclude themselves), valued by the mark's attrs.
 */
function marksOf(attributes: Record<string, unknown> | undefined): Marks {
  if (attributes === undefined) return noMarks;
  const marks = { ...noMarks };
  for (const [key, attrs] of Object.entries(attributes)) {
    if (attrs === null || attrs === undefined) continue;
    const name = key.split('--', 1)[0];
    switch (name) {
      case 'bold':
      case 'italic':
      case 'underline':
      case 'strike':
      case 'code':
        marks[name] = true;
        break;
      case 'link': {
        const href = (attrs as { href?: unknown }).href;
        marks.link = isSafeHref(href) ? (href as string) : null;
        break;
      }
    }
  }
  return marks;
}

/** The text of a code block: its text children, as typed (`toString` would add mark markup). */
function plainText(element: Y.XmlElement): string {
  let text = '';
  for (let child = element.firstChild; child !== null; child = child.nextSibling) {
    if (!(child instanceof Y.XmlText)) continue;
    for (const op of child.toDelta() as { insert: unknown }[]) if (typeof op.insert === 'string') text += op.insert;
  }
  return text;
}
