/**
 * Reading the statistical tables 二, 三 and 四 out of text copied from Word, where every table
 * cell is one tab-indented line, rows are separated by blank lines, merged label cells leave
 * empty cells behind, and a label may be broken over several lines ("商业\n企业").
 *
 * Values are placed by the format's row/column structure, never by guessing: each row label must
 * come in the format's order and be followed by exactly as many cells as the row has columns.
 * Anything that cannot be placed is an ImportError naming its line.
 */
import {
  type TableKey,
  appealColumns,
  appealGroups,
  applicantColumns,
  partTitles,
  table2Blocks,
  table2ContentHeader,
  table3ApplicantHeader,
  table3Groups,
  table3Note,
  table3OrgHeader,
  table3ResultsHeader,
  table3Rows,
  table4SuitHeader,
  table4Cells,
} from '../format.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { TableCells } from '../report.ts';
import { ImportError, type SourceLine, quote } from './errors.ts';
import { LabelIndex, labelsMatch } from './labels.ts';

/** One table cell: the text of its line(s), where it starts, and whether it opens a table row. */
export interface TextCell {
  readonly text: string;
  readonly line: number;
  /** True for the first cell after a blank line: Word separates table rows by blank lines. */
  readonly startsRow: boolean;
}

/**
 * Groups the lines of a table part into cells. A tab-indented line opens a cell; an unindented
 * line right after a cell continues it (a label broken inside its cell); after a blank line an
 * unindented line opens a cell too, for copies that lost their tabs.
 */
export function tokenizeCells(lines: readonly SourceLine[]): TextCell[] {
  const cells: { text: string; line: number; startsRow: boolean }[] = [];
  let open: { text: string } | undefined;
  let afterBlank = true;
  for (const line of lines) {
    if (!line.isCell && line.text === '') {
      afterBlank = true;
      open = undefined;
      continue;
    }
    if (line.isCell || open === undefined) {
      const cell = { text: line.text, line: line.number, startsRow: afterBlank };
      cells.push(cell);
      open = cell;
      afterBlank = false;
    } else {
      // A line break inside a label carries no meaning: "商业\n企业" is 商业企业.
      open.text += line.text;
    }
  }
  return cells;
}

/** A labelled row of a table and the column keys its values go to, left to right. */
interface RowLayout {
  readonly key: string;
  readonly label: string;
  readonly columns: readonly string[];
}

interface RowTableLayout {
  readonly table: TableKey;
  readonly rows: readonly RowLayout[];
  /** Header, caption and merged group labels: no values, allowed between rows. */
  readonly decorLabels: readonly string[];
  /** Header labels a complete table shows at least once (layout.parts when one is missing). */
  readonly expectedHeaders: readonly string[];
  /**
   * Called with a cell that stands where a row label should be but is none; may throw a more
   * specific error (the 2019 format's one-row （六）其他处理).
   */
  readonly explainUnplaceable?: (cell: TextCell, expected: RowLayout, previousDecor: TextCell | undefined) => void;
}

export interface TableImport {
  readonly cells: TableCells;
  readonly diagnostics: Diagnostic[];
}

const partNames: Readonly<Record<TableKey, string>> = {
  proactive: '第二部分',
  requests: '第三部分',
  appeals: '第四部分',
};

const table2Layout: RowTableLayout = {
  table: 'proactive',
  rows: table2Blocks.flatMap((block) =>
    block.rows.map((row) => ({ key: row.key, label: row.label, columns: block.columns.map((c) => c.key) })),
  ),
  decorLabels: table2Blocks.flatMap((block) => [block.caption, table2ContentHeader, ...block.columns.map((c) => c.label)]),
  expectedHeaders: table2Blocks.flatMap((block) => [block.caption, ...block.columns.map((c) => c.label)]),
};

const applicantColumnKeys = applicantColumns.map((c) => c.key);

const table3Layout: RowTableLayout = {
  table: 'requests',
  rows: table3Rows.map((row) => ({ key: row.key, label: row.label, columns: applicantColumnKeys })),
  decorLabels: [
    table3Note,
    table3ApplicantHeader,
    table3OrgHeader,
    ...applicantColumns.map((c) => c.label),
    table3ResultsHeader,
    ...Object.values(table3Groups),
  ],
  expectedHeaders: applicantColumns.map((c) => c.label),
  explainUnplaceable(cell, expected, previousDecor) {
    // The 2019 trial format has （六）其他处理 as one row with its own numbers.
    if (expected.key === 'otherHandling.noCorrection' && previousDecor && labelsMatch(previousDecor.text, table3Groups.otherHandling)) {
      throw new ImportError(
        previousDecor.line,
        '这是2019年试行格式（国办公开办函〔2019〕60号）的年度报告：“（六）其他处理”只有一行。只能导入2021年格式（国办公开办函〔2021〕30号）的报告',
      );
    }
  },
};

export function importTable2(cells: readonly TextCell[], headingLine: number): TableImport {
  return importRowTable(table2Layout, cells, headingLine);
}

export function importTable3(cells: readonly TextCell[], headingLine: number): TableImport {
  return importRowTable(table3Layout, cells, headingLine);
}

function importRowTable(layout: RowTableLayout, cells: readonly TextCell[], headingLine: number): TableImport {
  const part = partNames[layout.table];
  const rowIndex = new LabelIndex(layout.rows.map((row, i) => [row.label, i] as const));
  const decor = new LabelIndex(layout.decorLabels.map((label) => [label, label] as const));
  const seenDecor = new Set<string>();
  const out: TableCells = {};
  let i = 0;
  for (let r = 0; r < layout.rows.length; r++) {
    const row = layout.rows[r];
    let previousDecor: TextCell | undefined;
    while (i < cells.length && (cells[i].text === '' || decor.has(cells[i].text))) {
      if (cells[i].text !== '') {
        previousDecor = cells[i];
        seenDecor.add(decor.find(cells[i].text) as string);
      }
      i++;
    }
    if (i >= cells.length) {
      const line = cells.length > 0 ? cells[cells.length - 1].line : headingLine;
      const rest = layout.rows.length - r > 1 ? '及其后各行' : '';
      throw new ImportError(line, `${part}表格在此中断：缺少“${row.label}”${rest}`);
    }
    const labelCell = cells[i];
    const found = rowIndex.find(labelCell.text);
    if (found === undefined) {
      layout.explainUnplaceable?.(labelCell, row, previousDecor);
      throw new ImportError(
        labelCell.line,
        /^[\d\s.,，、—/-]*$/u.test(labelCell.text)
          ? `${part}表格的数值${quote(labelCell.text)}无处可放：上一行的数值多于${layout.rows[Math.max(r - 1, 0)].columns.length}个，或缺少“${row.label}”的行标题`
          : `无法识别${quote(labelCell.text)}（这里应为${part}表格的“${row.label}”一行）`,
      );
    }
    if (found !== r) {
      throw new ImportError(
        labelCell.line,
        found > r
          ? `${part}表格缺少“${row.label}”一行（这里是“${layout.rows[found].label}”）`
          : `${part}表格的“${layout.rows[found].label}”一行重复或顺序不对（这里应为“${row.label}”）`,
      );
    }
    i++;
    for (let c = 0; c < row.columns.length; c++) {
      const value = cells[i];
      const isLabel = value !== undefined && value.text !== '' && (rowIndex.has(value.text) || decor.has(value.text));
      if (value === undefined) {
        const line = i > 0 ? cells[i - 1].line : labelCell.line;
        throw new ImportError(line, `${part}表格在此中断：“${row.label}”一行只有${c}个数值，应为${row.columns.length}个`);
      }
      if (value.startsRow || isLabel) {
        throw new ImportError(value.line, `${part}表格“${row.label}”一行只有${c}个数值，应为${row.columns.length}个`);
      }
      // Blank is absent (ReportData); anything else is kept as written, for the rules to judge.
      if (value.text !== '') out[`${row.key}.${row.columns[c]}`] = value.text;
      i++;
    }
  }
  for (; i < cells.length; i++) {
    const cell = cells[i];
    if (cell.text === '') continue;
    const label = decor.find(cell.text);
    if (label === undefined) {
      throw new ImportError(cell.line, `无法识别${quote(cell.text)}：${part}表格到“${layout.rows[layout.rows.length - 1].label}”一行已经结束`);
    }
  }
  return { cells: out, diagnostics: missingHeaderDiagnostics(layout.table, layout.expectedHeaders, seenDecor) };
}

const table4HeaderLabels = [
  ...appealGroups.map((g) => g.label),
  table4SuitHeader,
  ...appealColumns.map((c) => c.label),
];

/**
 * Table 四 is one row of 15 values after a two-level header: review(upheld, corrected, other,
 * pending, total), then suitDirect(…), then suitAfterReview(…) — the order of `table4Cells`.
 * The values are the cells after the last header label.
 */
export function importTable4(cells: readonly TextCell[], headingLine: number): TableImport {
  const part = partNames.appeals;
  const header = new LabelIndex(table4HeaderLabels.map((label) => [label, label] as const));
  const seen = new Set<string>();
  let lastHeader = -1;
  cells.forEach((cell, i) => {
    const label = cell.text === '' ? undefined : header.find(cell.text);
    if (label !== undefined) {
      seen.add(label);
      lastHeader = i;
    }
  });
  for (let i = 0; i < lastHeader; i++) {
    const cell = cells[i];
    if (cell.text !== '' && !header.has(cell.text)) {
      throw new ImportError(cell.line, `无法识别${quote(cell.text)}（这里应为${part}表格的表头）`);
    }
  }
  let values = cells.slice(lastHeader + 1);
  // Empty cells left of the first value in the header's last row are merged-cell remnants.
  while (values.length > table4Cells.length && values[0].text === '') values = values.slice(1);
  if (values.length < table4Cells.length) {
    const line = values.length > 0 ? values[values.length - 1].line : cells.length > 0 ? cells[cells.length - 1].line : headingLine;
    throw new ImportError(line, `${part}表格应有${table4Cells.length}个数值，只找到${values.length}个`);
  }
  if (values.length > table4Cells.length) {
    const extra = values[table4Cells.length];
    throw new ImportError(extra.line, `无法识别${quote(extra.text)}：${part}表格的${table4Cells.length}个数值之后还有内容`);
  }
  const out: TableCells = {};
  table4Cells.forEach((def, i) => {
    if (values[i].text !== '') out[def.key] = values[i].text;
  });
  return { cells: out, diagnostics: missingHeaderDiagnostics('appeals', table4HeaderLabels, seen) };
}

function missingHeaderDiagnostics(table: TableKey, expected: readonly string[], seen: ReadonlySet<string>): Diagnostic[] {
  const missing = [...new Set(expected)].filter((label) => !seen.has(label));
  if (missing.length === 0) return [];
  return [
    {
      rule: 'layout.parts',
      severity: 'error',
      message: `“${partTitles[table]}”的表格缺少表头${missing.map((m) => `“${m}”`).join('、')}`,
      cells: [table],
    },
  ];
}
