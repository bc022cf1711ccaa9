/**
 * The publishable document: a report as it is printed, with nothing of the editor around it.
 * Title, agency, year and date; the preamble; the six parts under their fixed titles, each as rich
 * blocks (paragraphs, headings, lists with their numbering, quotes) with inline marks, and in a
 * table part the table between the notes printed before and after it. Every export (HTML, DOCX,
 * PDF, CSV) renders this one value, so that they cannot disagree about what the report says.
 *
 * Pure data: built by `readPublication` (a Y.Doc) or `publicationOfReportData` (a ReportData),
 * rendered by server/export/. Cells hold the text to print — the typed string trimmed, or a blank
 * derived cell's computed sum (`effectiveCell`, schema/values.ts), as the editor shows them.
 */
import type { AgencyKind, CellId, NarrativePartKey, TableKey } from '../format.ts';

/** The inline marks of the narrative editor (schema/narrative-schema.ts), as a renderer needs them. */
export interface Marks {
  readonly bold: boolean;
  readonly italic: boolean;
  readonly underline: boolean;
  readonly strike: boolean;
  readonly code: boolean;
  /** A link's address: only one `isSafeHref` accepts, otherwise the text is printed unlinked. */
  readonly link: string | null;
}

export const noMarks: Marks = { bold: false, italic: false, underline: false, strike: false, code: false, link: null };

export type Inline =
  | { readonly kind: 'text'; readonly text: string; readonly marks: Marks }
  /** A line break inside a block (`hardBreak`, Shift+Enter). */
  | { readonly kind: 'break' };

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

/** How an ordered list numbers its items (the HTML `<ol type>` values the schema allows). */
export type ListNumbering = '1' | 'a' | 'A' | 'i' | 'I';

export interface ListItem {
  /** May be empty: an empty item still takes its number. */
  readonly blocks: readonly Block[];
}

export type Block =
  | { readonly kind: 'paragraph'; readonly inlines: readonly Inline[] }
  | { readonly kind: 'heading'; readonly level: HeadingLevel; readonly inlines: readonly Inline[] }
  | { readonly kind: 'bulletList'; readonly items: readonly ListItem[] }
  | {
      readonly kind: 'orderedList';
      /** The first item's number (a list continued after a paragraph starts at 3). */
      readonly start: number;
      readonly numbering: ListNumbering;
      readonly items: readonly ListItem[];
    }
  | { readonly kind: 'blockquote'; readonly blocks: readonly Block[] }
  | { readonly kind: 'codeBlock'; readonly text: string }
  | { readonly kind: 'rule' };

/** A cell as printed. */
export interface PrintedCell {
  readonly id: CellId;
  /** The typed text trimmed; a blank derived cell's computed sum; '' for a blank (or unknown) cell. */
  readonly text: string;
  /** True when `text` was computed (a blank derived cell), not typed. */
  readonly computed: boolean;
}

/** One of the three statistical tables: every cell of the format, keyed by `row.column`. */
export interface PublishedTable {
  readonly key: TableKey;
  readonly cells: Readonly<Record<string, PrintedCell>>;
}

export type Section =
  | { readonly kind: 'narrative'; readonly part: NarrativePartKey; readonly title: string; readonly blocks: readonly Block[] }
  | {
      readonly kind: 'table';
      readonly part: TableKey;
      readonly title: string;
      /** Notes printed before the table (layout 2: the blocks before its `disclosureTable` element). */
      readonly before: readonly Block[];
      readonly table: PublishedTable;
      /** Notes printed after it ("注：……"). */
      readonly after: readonly Block[];
    };

export interface Publication {
  /** 「余杭区商务局2024年政府信息公开工作年度报告」 (`reportTitle`). */
  readonly title: string;
  readonly agency: string;
  readonly kind: AgencyKind;
  readonly year: number;
  /** The report's publication date (ISO, from `meta.publishedOn`), if it has one; never the clock's. */
  readonly publishedOn: string | null;
  /** That date as printed under the agency's name: 「2025年1月20日」. */
  readonly dateText: string | null;
  /** The text before 一、总体情况. */
  readonly preamble: readonly Block[];
  /** The six parts, in the format's order. */
  readonly sections: readonly Section[];
}

/** 「2025年1月20日」 for `2025-01-20`; null for anything that is not an ISO date. */
export function printedDate(iso: string | undefined | null): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso ?? '');
  if (!match) return null;
  return `${Number(match[1])}年${Number(match[2])}月${Number(match[3])}日`;
}

/** The plain text of some inlines (a break as a newline): for CSV-like readers and tests. */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines.map((inline) => (inline.kind === 'text' ? inline.text : '\n')).join('');
}
