/**
 * The seed report (余杭区商务局2024年政府信息公开工作年度报告) as ReportData, read from its
 * published text — never typed in by hand, so tests check the rules against a real report.
 *
 * The text is supplied by the caller (tests read it with node:fs; see seedFile.ts): schema/
 * itself does no I/O.
 */
import { type TableKey, partTitles, tableCells } from '../format.ts';
import { type ReportData, type TableCells, formatVersion } from '../report.ts';

const titleLines = Object.entries(partTitles).map(([key, title]) => [key, title] as const);

/**
 * Splits the seed's plain text at the six part titles; the narrative parts keep their lines,
 * the tables' cells are the lines that are bare numbers, in reading order (which is the order
 * of `tableCells`).
 */
export function seedReportFromText(text: string): ReportData {
  const lines = text.split(/\r?\n/u);
  const starts = titleLines.map(([key, title]) => {
    const index = lines.findIndex((line) => line.trim() === title);
    if (index < 0) throw new Error(`seed: part title ${title} not found`);
    return { key, index };
  });
  const sectionOf = (key: string): string[] => {
    const i = starts.findIndex((s) => s.key === key);
    const end = i + 1 < starts.length ? starts[i + 1].index : lines.length;
    return lines.slice(starts[i].index + 1, end);
  };
  const prose = (section: string[]): string =>
    section.map((l) => l.trim()).filter((l) => l !== '').join('\n');
  const table = (key: TableKey): TableCells => {
    const numbers = sectionOf(key).map((l) => l.trim()).filter((l) => /^\d+(?:\.\d+)?$/u.test(l));
    const defs = tableCells[key];
    if (numbers.length !== defs.length) throw new Error(`seed: table ${key} has ${numbers.length} numbers, expected ${defs.length}`);
    return Object.fromEntries(defs.map((def, i) => [def.key, numbers[i]]));
  };
  const header = lines.slice(0, starts[0].index).map((l) => l.trim()).filter((l) => l !== '');
  const title = header.join('');
  const match = /^(.+?)(\d{4})年政府信息公开工作年度报告$/u.exec(title);
  if (!match) throw new Error(`seed: unexpected title ${title}`);
  return {
    formatVersion,
    agency: match[1],
    kind: 'department',
    year: Number(match[2]),
    preamble: '',
    parts: { overview: prose(sectionOf('overview')), problems: prose(sectionOf('problems')), other: prose(sectionOf('other')) },
    tables: { proactive: table('proactive'), requests: table('requests'), appeals: table('appeals') },
  };
}
