/**
 * Importing a published report from plain text, as copied out of Word or a web page: the title
 * (agency + year + 政府信息公开工作年度报告, possibly over two lines), an optional preamble, the six
 * parts under their headings, narrative paragraphs one per line, and the tables one cell per
 * tab-indented line (see `tables.ts`).
 *
 * What cannot be placed is refused with an ImportError naming its line, never guessed. A missing,
 * misordered or misnamed part is not fatal: the report is imported and `layout.parts` says so.
 * Reports in the 2019 trial format are recognised and refused: their rows differ.
 */
import {
  type AgencyKind,
  type NarrativePartKey,
  type PartKey,
  type TableKey,
  isNarrativePart,
  narrativePartKeys,
  partKeys,
  partTitles,
} from '../format.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { type ReportData, type TableCells, type TableNotes, formatVersion, noNotes } from '../report.ts';
import { ImportError, type SourceLine, quote, splitSourceLines } from './errors.ts';
import { findTrialFormatMarker, labelKey } from './labels.ts';
import { type TableImport, importTable2, importTable3, importTable4, tokenizeCells } from './tables.ts';

export { ImportError } from './errors.ts';

export interface ImportResult {
  readonly data: ReportData;
  /** `layout.parts` findings about the text's structure; the rules add theirs on checking. */
  readonly diagnostics: Diagnostic[];
  /** The format generation the text was read as; only 2021 is importable. */
  readonly format: typeof formatVersion;
}

/** Reads a report from its plain text. Throws ImportError for anything it cannot place. */
export function importReportText(text: string): ImportResult {
  const lines = splitSourceLines(text);
  if (lines.every((line) => line.text === '')) throw new ImportError(1, '文件是空的，没有可导入的年度报告');

  const title = readTitle(lines);
  const { preamble, sections, diagnostics } = splitSections(lines, title.nextIndex);
  refuseTrialFormat(sections);

  const parts = Object.fromEntries(narrativePartKeys.map((k) => [k, ''])) as Record<NarrativePartKey, string>;
  const tables: Record<TableKey, TableCells> = { proactive: {}, requests: {}, appeals: {} };
  const notes: Record<TableKey, TableNotes> = noNotes();
  for (const section of sections) {
    if (isNarrativePart(section.key)) {
      parts[section.key] = narrativeText(section.lines);
      continue;
    }
    const { before, table, after } = splitTableNotes(section.lines);
    notes[section.key] = { before: narrativeText(before), after: narrativeText(after) };
    const imported = importTable(section.key, { ...section, lines: table });
    tables[section.key] = imported.cells;
    diagnostics.push(...imported.diagnostics);
  }

  const data: ReportData = {
    formatVersion,
    agency: title.agency,
    kind: agencyKindOf(title.agency),
    year: title.year,
    preamble: narrativeText(preamble),
    parts,
    tables,
    notes,
  };
  return { data, diagnostics, format: formatVersion };
}

/** A 县级以上地方人民政府 reports as a government (deadline 31 March); any other agency as a department. */
export function agencyKindOf(agency: string): AgencyKind {
  return agency.includes('人民政府') ? 'government' : 'department';
}

// ---------------------------------------------------------------------------------------------
// Title
// ---------------------------------------------------------------------------------------------

interface Title {
  readonly agency: string;
  readonly year: number;
  /** Index in `lines` of the first line after the title. */
  readonly nextIndex: number;
}

const yearDigits = '[0-9０-９]{4}';
/** 「余杭区商务局2024年政府信息公开工作年度报告」 and the year-first 「2024年余杭区商务局…」. */
const agencyFirstTitle = new RegExp(`^(?<agency>.+?)(?<year>${yearDigits})年度?政府信息公开工作(?:年度)?报告$`, 'u');
const yearFirstTitle = new RegExp(`^(?<year>${yearDigits})年度?(?<agency>.+?)政府信息公开工作(?:年度)?报告$`, 'u');
/** Word often breaks a long title into two or three lines. */
const maxTitleLines = 3;

function readTitle(lines: readonly SourceLine[]): Title {
  const first = lines.findIndex((line) => line.text !== '');
  let joined = '';
  let taken = 0;
  for (let i = first; i < lines.length && taken < maxTitleLines; i++) {
    if (lines[i].text === '') continue;
    if (partHeadingKey(lines[i].text) !== undefined) break;
    joined += lines[i].text.replace(/\s+/gu, '');
    taken++;
    const match = agencyFirstTitle.exec(joined) ?? yearFirstTitle.exec(joined);
    if (match?.groups) {
      const year = Number(match.groups.year.normalize('NFKC'));
      const agency = match.groups.agency;
      if (agency !== '') return { agency, year, nextIndex: i + 1 };
    }
  }
  const line = lines[first];
  throw new ImportError(
    line.number,
    `无法识别报告标题${quote(line.text)}：标题应为“机关名称＋年份＋政府信息公开工作年度报告”，如“余杭区商务局2024年政府信息公开工作年度报告”`,
  );
}

// ---------------------------------------------------------------------------------------------
// Parts
// ---------------------------------------------------------------------------------------------

interface Section {
  readonly key: PartKey;
  readonly headingLine: number;
  readonly lines: SourceLine[];
}

const headingByKey = new Map(partKeys.map((key) => [labelKey(partTitles[key]), key] as const));

/** The part whose standard title `text` is (tolerantly), if any. */
function partHeadingKey(text: string): PartKey | undefined {
  return headingByKey.get(labelKey(text));
}

const partNumerals = ['一', '二', '三', '四', '五', '六'] as const;
/** Words that a non-standard heading of each part still contains (「二、主动公开政府信息」). */
const partKeywords: Readonly<Record<PartKey, RegExp>> = {
  overview: /总体/u,
  proactive: /主动公开/u,
  requests: /申请/u,
  appeals: /复议|诉讼/u,
  problems: /问题/u,
  other: /其他/u,
};
const looseHeadingPattern = /^([一二三四五六])\s*[、.．]/u;
const maxHeadingLength = 30;

/**
 * A heading that is not the standard title but is clearly meant as one: an unindented short line
 * with the part's numeral and keyword, for a part after the current one. Sub-lists in narrative
 * parts (「一、存在问题」 inside 五) come after their numeral's part and so are not mistaken.
 */
function looseHeadingKey(line: SourceLine, current: number, seen: ReadonlySet<PartKey>): PartKey | undefined {
  if (line.isCell || [...line.text].length > maxHeadingLength || /[。；;]/u.test(line.text)) return undefined;
  const match = looseHeadingPattern.exec(line.text);
  if (!match) return undefined;
  const index = partNumerals.indexOf(match[1] as (typeof partNumerals)[number]);
  const key = partKeys[index];
  if (index <= current || seen.has(key) || !partKeywords[key].test(line.text)) return undefined;
  return key;
}

function layoutDiagnostic(key: PartKey, message: string): Diagnostic {
  return { rule: 'layout.parts', severity: 'error', message, cells: [key] };
}

function splitSections(
  lines: readonly SourceLine[],
  start: number,
): { preamble: SourceLine[]; sections: Section[]; diagnostics: Diagnostic[] } {
  const preamble: SourceLine[] = [];
  const sections: Section[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<PartKey, number>();
  let current: Section | undefined;
  let currentIndex = -1;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    let key = partHeadingKey(line.text);
    if (key === undefined) {
      key = looseHeadingKey(line, currentIndex, new Set(seen.keys()));
      if (key !== undefined) {
        diagnostics.push(
          layoutDiagnostic(key, `第${line.number}行：第${partNumerals[partKeys.indexOf(key)]}部分的标题应为“${partTitles[key]}”，这里写作“${line.text}”`),
        );
      }
    }
    if (key === undefined) {
      (current?.lines ?? preamble).push(line);
      continue;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new ImportError(line.number, `“${partTitles[key]}”重复出现（第${earlier}行已有）`);
    const index = partKeys.indexOf(key);
    if (index < currentIndex) {
      diagnostics.push(
        layoutDiagnostic(key, `第${line.number}行：“${partTitles[key]}”的位置不对，应在“${partTitles[partKeys[currentIndex]]}”之前`),
      );
    }
    seen.set(key, line.number);
    current = { key, headingLine: line.number, lines: [] };
    currentIndex = Math.max(currentIndex, index);
    sections.push(current);
  }
  for (const key of partKeys) {
    if (!seen.has(key)) diagnostics.push(layoutDiagnostic(key, `缺少第${partNumerals[partKeys.indexOf(key)]}部分“${partTitles[key]}”`));
  }
  return { preamble, sections, diagnostics };
}

/** 2019 reports carry table labels the 2021 format dropped; reading them as 2021 would misplace numbers. */
function refuseTrialFormat(sections: readonly Section[]): void {
  for (const section of sections) {
    if (isNarrativePart(section.key)) continue;
    for (const line of section.lines) {
      const marker = findTrialFormatMarker(line.text);
      if (marker !== undefined) {
        throw new ImportError(
          line.number,
          `这是2019年试行格式（国办公开办函〔2019〕60号）的年度报告（有“${marker}”）。只能导入2021年格式（国办公开办函〔2021〕30号）的报告`,
        );
      }
    }
  }
}

/** A note printed after a table: 「注：……」, 「说明：……」, 「备注：……」. */
const noteAfterPattern = /^(?:注|说明|备注)\s*[：:]/u;

/**
 * A table part's lines as notes before the table, the table's own lines, and notes after it.
 * Before: unindented sentences (ending in 。) ahead of the first cell — no table label ends so.
 * After: from the first unindented 「注：」 line past a cell to the end of the part, so that a
 * note is never read as a cell of the table or as text of the next part.
 */
function splitTableNotes(lines: readonly SourceLine[]): { before: SourceLine[]; table: SourceLine[]; after: SourceLine[] } {
  let start = 0;
  while (start < lines.length && !lines[start].isCell && (lines[start].text === '' || lines[start].text.endsWith('。'))) start++;
  // Only blank lines or sentences: no table at all, which the table import reports as such.
  if (start === lines.length) start = 0;
  let end = lines.length;
  for (let i = start; i < lines.length; i++) {
    if (!lines[i].isCell && noteAfterPattern.test(lines[i].text)) {
      end = i;
      break;
    }
  }
  return { before: lines.slice(0, start), table: lines.slice(start, end), after: lines.slice(end) };
}

function importTable(key: TableKey, section: Section): TableImport {
  const cells = tokenizeCells(section.lines);
  switch (key) {
    case 'proactive':
      return importTable2(cells, section.headingLine);
    case 'requests':
      return importTable3(cells, section.headingLine);
    case 'appeals':
      return importTable4(cells, section.headingLine);
  }
}

/** One block per non-empty line, trimmed — the form `writeNarrative` and `readNarrative` use. */
function narrativeText(lines: readonly SourceLine[]): string {
  return lines
    .map((line) => line.text)
    .filter((text) => text !== '')
    .join('\n');
}
