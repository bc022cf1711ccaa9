/**
 * `ReportData`: one report as a plain value — what the JSON data export holds, what importers
 * produce, what the rules read. Cells hold exactly what the user typed (a string), so that a
 * mistyped "—" or "1件" is kept and reported rather than silently lost; the rules parse them.
 */
import {
  type AgencyKind,
  type NarrativePartKey,
  type TableKey,
  narrativePartKeys,
  tableCells,
  tablePartKeys,
} from './format.ts';

/** The format generation a report follows. Only the 2021 format can be edited. */
export const formatVersion = 2021;

/** Narrative text: one block (paragraph or sub-head) per line, as a reader sees it. */
export type NarrativeText = string;

/** Cells of one table keyed by `row.column`; a missing key is a blank cell. */
export type TableCells = Record<string, string>;

/**
 * The text printed around a statistical table, inside its part: a sentence before it, the
 * "注：……" lines after it. Narrative text (one block per line); '' when there is none.
 */
export interface TableNotes {
  readonly before: NarrativeText;
  readonly after: NarrativeText;
}

export const noTableNotes: TableNotes = Object.freeze({ before: '', after: '' });

export interface ReportData {
  readonly formatVersion: typeof formatVersion;
  readonly agency: string;
  readonly kind: AgencyKind;
  /** The statistics year Y (1 January – 31 December of Y). */
  readonly year: number;
  /** The text before 一、总体情况: legal basis, statistics period, contact. */
  readonly preamble: NarrativeText;
  readonly parts: Readonly<Record<NarrativePartKey, NarrativeText>>;
  readonly tables: Readonly<Record<TableKey, Readonly<TableCells>>>;
  /** The notes around each table (parts 二, 三, 四 hold a table and text around it). */
  readonly notes: Readonly<Record<TableKey, TableNotes>>;
  /** ISO date (YYYY-MM-DD) the report was or will be published, if known; the `deadline` rule reads it. */
  readonly publishedOn?: string;
}

export interface NewReportFields {
  agency: string;
  kind: AgencyKind;
  year: number;
}

/** A report with every part empty and every cell blank. */
export function emptyReport({ agency, kind, year }: NewReportFields): ReportData {
  return {
    formatVersion,
    agency,
    kind,
    year,
    preamble: '',
    parts: Object.fromEntries(narrativePartKeys.map((k) => [k, ''])) as Record<NarrativePartKey, string>,
    tables: Object.fromEntries(tablePartKeys.map((t) => [t, {}])) as Record<TableKey, TableCells>,
    notes: noNotes(),
  };
}

/** The report's title as printed: 「余杭区商务局2024年政府信息公开工作年度报告」. */
export function reportTitle(data: Pick<ReportData, 'agency' | 'year'>): string {
  return `${data.agency}${data.year}年政府信息公开工作年度报告`;
}

/** Every cell of every table, blank ones as '' — the shape the JSON export prints. */
export function filledTables(data: ReportData): Record<TableKey, TableCells> {
  const out = {} as Record<TableKey, TableCells>;
  for (const table of tablePartKeys) {
    const cells: TableCells = {};
    for (const def of tableCells[table]) cells[def.key] = data.tables[table][def.key] ?? '';
    out[table] = cells;
  }
  return out;
}

/** No notes around any table. */
export function noNotes(): Record<TableKey, TableNotes> {
  return { proactive: noTableNotes, requests: noTableNotes, appeals: noTableNotes };
}
