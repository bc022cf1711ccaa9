/**
 * docs/format.md is the repository's own account of the national format; the code cites it. These
 * tests read its tables and compare them with the code, both ways: a part, cell, label, derived
 * cell or rule ID in one and not the other fails here, so the document cannot drift.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleIds, severities } from './diagnostics.ts';
import {
  appealColumns,
  appealGroups,
  applicantColumns,
  partKeys,
  partTitles,
  table2Blocks,
  table3Groups,
  table3ResultsHeader,
  table3Rows,
  tableCells,
} from './format.ts';
import { ruleInstances } from './rules/registry.ts';
import { isDerivedCell } from './values.ts';

interface MarkdownTable {
  /** The `## ` heading the table stands under. */
  readonly section: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const cellsOfLine = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/u, '')
    .replace(/\|$/u, '')
    .split('|')
    .map((cell) => cell.trim());

/** Every pipe table of a Markdown text, with the section it is in. */
function markdownTables(markdown: string): MarkdownTable[] {
  const lines = markdown.split('\n');
  const tables: MarkdownTable[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const isTableStart = line.startsWith('|') && /^\|\s*:?-+/u.test(lines[i + 1] ?? '');
    if (!isTableStart) continue;
    const header = cellsOfLine(line);
    const rows: string[][] = [];
    for (i += 2; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(cellsOfLine(lines[i]!));
    tables.push({ section, header, rows });
  }
  return tables;
}

const doc = readFileSync(new URL('../docs/format.md', import.meta.url), 'utf8');
const tables = markdownTables(doc);

/** The one table in the section starting `section` whose first header cell is `firstHeader`. */
function table(section: string, firstHeader: string): MarkdownTable {
  const found = tables.filter((t) => t.section.startsWith(section) && t.header[0] === firstHeader);
  if (found.length !== 1) throw new Error(`docs/format.md: ${found.length} tables "${firstHeader} | …" under "## ${section}", expected 1`);
  return found[0]!;
}

/** The key in a cell written as `key`, or undefined for any other cell (— or text). */
function codeKey(cell: string): string | undefined {
  return /^`([^`]+)`$/u.exec(cell)?.[1];
}

/** A grid of cells (table 三, table 四): rows by key, one column per key, · data and Σ derived. */
function gridCells(grid: MarkdownTable, tablePart: 'requests' | 'appeals') {
  const columns = grid.header.slice(2).map((cell) => codeKey(cell) ?? `(not a key: ${cell})`);
  const rows: { key: string | undefined; label: string }[] = [];
  const ids: string[] = [];
  const derived: string[] = [];
  for (const [first = '', label = '', ...marks] of grid.rows) {
    const key = codeKey(first);
    rows.push({ key, label });
    if (key === undefined) {
      expect(marks.every((m) => m === ''), `merged label row ${label} holds no cells`).toBe(true);
      continue;
    }
    expect(marks, `row ${key}: one mark per column`).toHaveLength(columns.length);
    marks.forEach((mark, i) => {
      const id = `${tablePart}.${key}.${columns[i]}`;
      expect(['·', 'Σ'], `${id} is marked · or Σ`).toContain(mark);
      ids.push(id);
      if (mark === 'Σ') derived.push(id);
    });
  }
  return { columns, rows, ids, derived };
}

/** The first of table 三's result rows, under the merged 三、本年度办理结果 label. */
const table3ResultRowsFirst = table3Rows.find((r) => r.isResult)!.key;

const ids = (part: keyof typeof tableCells): string[] => tableCells[part].map((c) => c.id);
const derivedIds = (part: keyof typeof tableCells): string[] => ids(part).filter(isDerivedCell);

describe('docs/format.md names what the code has, and nothing else', () => {
  it('the six parts: keys and titles, in order', () => {
    const parts = table('The six parts', 'key').rows.map(([key = '', title]) => [codeKey(key), title]);
    expect(parts).toEqual(partKeys.map((key) => [key, partTitles[key]]));
  });

  it('table 二: every cell key with its caption, labels and kind of value; none derived', () => {
    const rows = table('Table 二', 'cell key').rows.map(([key = '', ...rest]) => [codeKey(key), ...rest]);
    const expected = table2Blocks.flatMap((block) =>
      block.rows.flatMap((row) =>
        block.columns.map((column) => {
          const def = tableCells.proactive.find((c) => c.key === `${row.key}.${column.key}`)!;
          return [def.key, block.caption, row.label, column.label, def.valueKind];
        }),
      ),
    );
    expect(rows).toEqual(expected);
    expect(rows.map((r) => `proactive.${r[0]}`).sort()).toEqual(ids('proactive').sort());
    expect(derivedIds('proactive'), 'the document says no cell of table 二 is derived').toEqual([]);
  });

  it('table 三: columns with their labels', () => {
    const columns = table('Table 三', 'column').rows.map(([key = '', label]) => [codeKey(key), label]);
    expect(columns).toEqual(applicantColumns.map((c) => [c.key, c.label]));
  });

  it('table 三: every row with its label and merged group rows, every cell, which cells are derived', () => {
    const grid = gridCells(table('Table 三', 'row'), 'requests');
    expect(grid.columns).toEqual(applicantColumns.map((c) => c.key));
    const expectedRows: { key: string | undefined; label: string }[] = [];
    let group: string | undefined;
    for (const row of table3Rows) {
      if (row.key === table3ResultRowsFirst) expectedRows.push({ key: undefined, label: table3ResultsHeader });
      if (row.group !== undefined && row.group !== group) expectedRows.push({ key: undefined, label: row.group });
      group = row.group;
      expectedRows.push({ key: row.key, label: row.label });
    }
    expect(grid.rows).toEqual(expectedRows);
    expect(new Set(expectedRows.filter((r) => r.key === undefined).map((r) => r.label))).toEqual(
      new Set([table3ResultsHeader, ...Object.values(table3Groups)]),
    );
    expect(grid.ids.sort()).toEqual(ids('requests').sort());
    expect(grid.derived.sort()).toEqual(derivedIds('requests').sort());
  });

  it('table 四: columns with their labels, every group, every cell, which cells are derived', () => {
    const columns = table('Table 四', 'column').rows.map(([key = '', label]) => [codeKey(key), label]);
    expect(columns).toEqual(appealColumns.map((c) => [c.key, c.label]));
    const grid = gridCells(table('Table 四', 'group'), 'appeals');
    expect(grid.columns).toEqual(appealColumns.map((c) => c.key));
    expect(grid.rows).toEqual(appealGroups.map((g) => ({ key: g.key, label: g.label })));
    expect(grid.ids.sort()).toEqual(ids('appeals').sort());
    expect(grid.derived.sort()).toEqual(derivedIds('appeals').sort());
  });

  it('rules: every rule ID in the order diagnostics are listed, with a severity and its number of instances', () => {
    const rules = table('Rules', 'ID');
    expect(rules.header).toEqual(['ID', 'what it checks', 'severity', 'instances', 'source']);
    expect(rules.rows.map(([id = '']) => codeKey(id))).toEqual([...ruleIds]);
    expect(new Set(ruleInstances.map((r) => r.rule)), 'every rule ID has instances in the registry').toEqual(new Set(ruleIds));
    for (const [id = '', , severity = '', instances = '', source = ''] of rules.rows) {
      const rule = codeKey(id)!;
      expect(severities, `${rule}: severity`).toContain(severity.split(' ')[0]);
      expect(Number(/^\d+/u.exec(instances)?.[0]), `${rule}: instances`).toBe(ruleInstances.filter((r) => r.rule === rule).length);
      expect(source, `${rule}: source`).not.toBe('');
    }
  });
});
