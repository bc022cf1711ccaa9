/**
 * The three tables in the DOCX export: the grid of schema/publication/table-layout.ts with its
 * merged cells as Word merges them (`columnSpan` → `w:gridSpan`, `rowSpan` → `w:vMerge`, the
 * docx package writing the continuing cells), fixed column widths over the type area, 宋体 五号,
 * the head rows repeated on each page and no row split across two.
 */
import { AlignmentType, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlignTable, WidthType } from 'docx';
import type { PublishedTable } from '../../schema/publication/model.ts';
import { type GridCell, placeCells, tableLayout } from '../../schema/publication/table-layout.ts';
import { docxFonts } from './docx-fonts.ts';

/** 五号: 10.5 pt, in half-points. */
const tableTextSize = 21;
/** Cell padding: 0.05 cm top and bottom, 0.1 cm left and right (twips). */
const cellMargins = { top: 28, bottom: 28, left: 57, right: 57 };

export function docxTable(table: PublishedTable, widthTwips: number): Table {
  const layout = tableLayout(table);
  // Column widths in whole twips that add up to the table's width exactly.
  const widths = layout.widths.map((w) => Math.floor((w * widthTwips) / 1000));
  widths[widths.length - 1]! += widthTwips - sum(widths);
  return new Table({
    width: { size: widthTwips, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    margins: cellMargins,
    rows: placeCells(layout).map(
      (row, index) =>
        new TableRow({
          ...(index < layout.headRowCount ? { tableHeader: true } : {}),
          cantSplit: true,
          // Each cell as wide as the columns it spans: Word lays a fixed table out from these.
          children: row.map((cell) => docxCell(cell, sum(widths.slice(cell.column, cell.column + cell.colSpan)))),
        }),
    ),
  });
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function docxCell(cell: GridCell, width: number): TableCell {
  const text = cell.kind === 'value' ? cell.cell.text : cell.text;
  const alignment = cell.kind === 'label' && cell.rowSpan === 1 ? AlignmentType.LEFT : AlignmentType.CENTER;
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    ...(cell.rowSpan > 1 ? { rowSpan: cell.rowSpan } : {}),
    ...(cell.colSpan > 1 ? { columnSpan: cell.colSpan } : {}),
    children: [
      new Paragraph({
        alignment,
        spacing: { line: 240, before: 0, after: 0 },
        indent: { firstLine: 0 },
        children: text === '' ? [] : [new TextRun({ text, font: docxFonts.table, size: tableTextSize })],
      }),
    ],
  });
}
