/**
 * The CSV export of the three tables: one file, one section per table (its title, a header row,
 * one row per table row with its labels), sections apart by an empty row. UTF-8 with a BOM and
 * CRLF line ends, so that Excel and WPS open the Chinese text as it is. Cells print as everywhere
 * else (derived totals computed).
 *
 * Each data row starts with its stable row key (`received`, `withheld.stateSecret`, `review`),
 * then its label columns, then its values; a key plus a column's position gives the cell key of
 * docs/format.md. Table 四, printed as one row of fifteen cells, is written as its three groups ×
 * five columns, which is the shape of its keys (`review.upheld`).
 */
import { stringify } from 'csv-stringify/sync';
import {
  type TableKey,
  appealColumns,
  appealGroups,
  applicantColumns,
  partTitles,
  table2Blocks,
  table3OrgHeader,
  table3ResultsHeader,
  table3Rows,
  table4SuitHeader,
} from '../../schema/format.ts';
import type { Publication, PublishedTable } from '../../schema/publication/model.ts';

type Row = readonly string[];

export function renderCsv(publication: Publication): string {
  const rows: Row[] = [];
  for (const section of publication.sections) {
    if (section.kind !== 'table') continue;
    if (rows.length > 0) rows.push([]);
    rows.push([partTitles[section.part]], ...tableRows(section.table));
  }
  return stringify(rows as string[][], { bom: true, record_delimiter: 'windows' });
}

function tableRows(table: PublishedTable): Row[] {
  const value = (key: string): string => spreadsheetSafe(table.cells[key]!.text);
  return rowsOf[table.key](value);
}

const rowKeyHeader = '行键';

const rowsOf: Record<TableKey, (value: (key: string) => string) => Row[]> = {
  proactive(value) {
    // The union of the blocks' columns, in order; a row leaves the others' empty.
    const columns = [...new Map(table2Blocks.flatMap((b) => b.columns).map((c) => [c.key, c.label])).entries()];
    const header = [rowKeyHeader, '条款', '信息内容', ...columns.map(([, label]) => label)];
    const body = table2Blocks.flatMap((block) =>
      block.rows.map((row) => {
        const own = new Set(block.columns.map((c) => c.key));
        return [row.key, block.caption, row.label, ...columns.map(([key]) => (own.has(key) ? value(`${row.key}.${key}`) : ''))];
      }),
    );
    return [header, ...body];
  },
  requests(value) {
    const columnLabel = (key: string, label: string) => (key === 'natural' || key === 'total' ? label : `${table3OrgHeader}/${label}`);
    const header = [rowKeyHeader, '类别', '分组', '项目', ...applicantColumns.map((c) => columnLabel(c.key, c.label))];
    const body = table3Rows.map((row) => {
      const inResults = row.isResult || row.key === 'resultTotal';
      return [row.key, inResults ? table3ResultsHeader : '', row.group ?? '', row.label, ...applicantColumns.map((c) => value(`${row.key}.${c.key}`))];
    });
    return [header, ...body];
  },
  appeals(value) {
    const header = [rowKeyHeader, '类别', '项目', ...appealColumns.map((c) => c.label)];
    const body = appealGroups.map((group) => [
      group.key,
      group.key === 'review' ? group.label : table4SuitHeader,
      group.key === 'review' ? '' : group.label,
      ...appealColumns.map((c) => value(`${group.key}.${c.key}`)),
    ]);
    return [header, ...body];
  },
};

/**
 * A typed cell is kept as typed, but one a spreadsheet would run as a formula (`=…`, `+…`, `@…`)
 * is written with a leading apostrophe, as OWASP advises against CSV injection; numbers,
 * negative ones included, are left alone.
 */
function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/u.test(text) && !/^-?\d+(?:\.\d+)?$/u.test(text) ? `'${text}` : text;
}
