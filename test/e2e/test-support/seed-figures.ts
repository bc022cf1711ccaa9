/**
 * The figures of the real published report in schema/sample/ (the seed), read straight from its
 * text independently of the importer: each table's numbers appear one per line, in the order
 * schema/format.ts lists the table's cells (row by row, left to right).
 */
import { type TableKey, partTitles, tableCells } from '../../../schema/format.ts';
import { readSeedText } from '../../../schema/test-support/seed-report.ts';

export function seedFigures(): Map<string, string> {
  const text = readSeedText();
  const section = (from: string, to: string) => text.slice(text.indexOf(from), text.indexOf(to));
  const sections: Record<TableKey, string> = {
    proactive: section(partTitles.proactive, partTitles.requests),
    requests: section(partTitles.requests, partTitles.appeals),
    appeals: section(partTitles.appeals, partTitles.problems),
  };
  const figures = new Map<string, string>();
  for (const table of Object.keys(sections) as TableKey[]) {
    const numbers = sections[table]
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^\d+(?:\.\d+)?$/.test(line));
    const cells = tableCells[table];
    if (numbers.length !== cells.length) throw new Error(`seed ${table}: ${numbers.length} figures for ${cells.length} cells`);
    cells.forEach((def, i) => figures.set(def.id, numbers[i]));
  }
  return figures;
}
