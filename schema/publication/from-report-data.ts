/**
 * The publishable document of a `ReportData` (a JSON data file or an imported published text,
 * for `nianbao export` without a server): plain text as the Y.Doc template writes it
 * (`writeNarrative`, schema/ydoc.ts) — one block per non-empty line, trimmed, a sub-head line
 * 「（一）主动公开」 a level-3 heading, anything else a paragraph, no marks; a table between its
 * notes (`notes.before`, `notes.after`). So a report read
 * here prints exactly as the same report written into a Y.Doc and read by `readPublication`.
 */
import { isNarrativePart, partKeys, partTitles } from '../format.ts';
import { type ReportData, reportTitle } from '../report.ts';
import { subHeadPattern } from '../ydoc.ts';
import { type Block, type Publication, type Section, noMarks, printedDate } from './model.ts';
import { printedTable } from './printed-tables.ts';

export function publicationOfReportData(data: ReportData): Publication {
  const sections = partKeys.map((part): Section => {
    if (isNarrativePart(part)) return { kind: 'narrative', part, title: partTitles[part], blocks: blocksOfText(data.parts[part]) };
    const notes = data.notes[part];
    return { kind: 'table', part, title: partTitles[part], before: blocksOfText(notes.before), table: printedTable(data.tables, part), after: blocksOfText(notes.after) };
  });
  return {
    title: reportTitle(data),
    agency: data.agency,
    kind: data.kind,
    year: data.year,
    publishedOn: data.publishedOn ?? null,
    dateText: printedDate(data.publishedOn),
    preamble: blocksOfText(data.preamble),
    sections,
  };
}

/** One block per non-empty line, as `writeNarrative` writes them. */
export function blocksOfText(text: string): Block[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line): Block => {
      const inlines = [{ kind: 'text' as const, text: line, marks: noMarks }];
      return subHeadPattern.test(line) ? { kind: 'heading', level: 3, inlines } : { kind: 'paragraph', inlines };
    });
}
