/**
 * Two states of a report side by side (issue 17, history): per part the sentences changed,
 * the cells changed with their old and new values, and the changes of the report's identity.
 * Pure: the server answers `GET …/versions/:a/compare/:b` with it, from two `ReportData`.
 *
 * Compared as the data holds them: narrative text (and a table's notes, before and after it)
 * as plain lines (a change of bold or list
 * style alone is not a change here; the versions' content hashes tell those apart), cells as
 * typed (a blank cell is ""; derived totals left blank stay blank, as stored).
 */
import { type AgencyKind, type CellId, type PartKey, agencyKindLabels, partKeys, partTitles, tableCells } from './format.ts';
import type { ReportData } from './report.ts';
import { cellLabel } from './rules/labels.ts';
import { type SentenceChange, diffSentences } from './sentence-diff.ts';

export type { SentenceChange };

/** The preamble is compared on its own, before 一 (it belongs to 一 only for permissions). */
export type ComparedPart = 'preamble' | PartKey;

export interface CellChange {
  readonly id: CellId;
  /** As diagnostics name cells: 第三部分“一、本年新收政府信息公开申请数量”行“自然人”列. */
  readonly label: string;
  readonly before: string;
  readonly after: string;
}

/** Where a run of text sits in its part: the prose of a narrative part, or a table's notes. */
export type TextPlace = 'text' | 'beforeTable' | 'afterTable';

export interface TextComparison {
  readonly place: TextPlace;
  readonly sentences: readonly SentenceChange[];
}

export interface PartComparison {
  readonly part: ComparedPart;
  readonly title: string;
  /** Whether anything in the part differs. */
  readonly changed: boolean;
  /** Every sentence of the part, unchanged ones included (the view shows them for context). */
  readonly texts: readonly TextComparison[];
  /** Only the cells that differ, in the table's reading order. */
  readonly cells: readonly CellChange[];
}

export const comparedMetaFields = ['agency', 'kind', 'year', 'publishedOn'] as const;
export type ComparedMetaField = (typeof comparedMetaFields)[number];

export const metaFieldLabels: Readonly<Record<ComparedMetaField, string>> = {
  agency: '机关名称',
  kind: '机关类型',
  year: '年度',
  publishedOn: '发布日期',
};

export interface MetaChange {
  readonly field: ComparedMetaField;
  readonly label: string;
  /** As a reader sees the value (部门, 2024); "" when absent. */
  readonly before: string;
  readonly after: string;
}

export interface ReportComparison {
  readonly changed: boolean;
  readonly meta: readonly MetaChange[];
  readonly parts: readonly PartComparison[];
}

export function compareReports(before: ReportData, after: ReportData): ReportComparison {
  const meta = compareMeta(before, after);
  const parts: PartComparison[] = [comparePart('preamble', '报告开头', [text(before.preamble, after.preamble)], [])];
  for (const part of partKeys) parts.push(comparePart(part, partTitles[part], textsOf(part, before, after), cellsOf(part, before, after)));
  return { changed: meta.length > 0 || parts.some((p) => p.changed), meta, parts };
}

function comparePart(part: ComparedPart, title: string, texts: TextComparison[], cells: CellChange[]): PartComparison {
  const changed = cells.length > 0 || texts.some((t) => t.sentences.some((s) => s.kind !== 'same'));
  return { part, title, changed, texts, cells };
}

function text(before: string, after: string, place: TextPlace = 'text'): TextComparison {
  return { place, sentences: diffSentences(before, after) };
}

function textsOf(part: PartKey, before: ReportData, after: ReportData): TextComparison[] {
  switch (part) {
    case 'overview':
    case 'problems':
    case 'other':
      return [text(before.parts[part], after.parts[part])];
    case 'proactive':
    case 'requests':
    case 'appeals':
      return [
        text(before.notes[part].before, after.notes[part].before, 'beforeTable'),
        text(before.notes[part].after, after.notes[part].after, 'afterTable'),
      ];
  }
}

function cellsOf(part: PartKey, before: ReportData, after: ReportData): CellChange[] {
  switch (part) {
    case 'proactive':
    case 'requests':
    case 'appeals': {
      const changes: CellChange[] = [];
      for (const def of tableCells[part]) {
        const old = before.tables[part][def.key] ?? '';
        const now = after.tables[part][def.key] ?? '';
        if (old !== now) changes.push({ id: def.id, label: cellLabel(def), before: old, after: now });
      }
      return changes;
    }
    default:
      return [];
  }
}

function compareMeta(before: ReportData, after: ReportData): MetaChange[] {
  const changes: MetaChange[] = [];
  for (const field of comparedMetaFields) {
    const old = shownMeta(before, field);
    const now = shownMeta(after, field);
    if (old !== now) changes.push({ field, label: metaFieldLabels[field], before: old, after: now });
  }
  return changes;
}

function shownMeta(data: ReportData, field: ComparedMetaField): string {
  switch (field) {
    case 'kind':
      return agencyKindLabels[data.kind as AgencyKind] ?? String(data.kind);
    case 'year':
      return String(data.year);
    case 'agency':
      return data.agency;
    case 'publishedOn':
      return data.publishedOn ?? '';
  }
}
