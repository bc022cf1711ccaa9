/**
 * The DOCX export unzipped and read back: every cell of the three tables at its row and column
 * under its merged heads (`w:gridSpan`, `w:vMerge`), derived totals computed; what Word checks
 * before it offers to repair a file (well-formed parts, content types and relationships that
 * resolve, rows that fill the grid, a paragraph in every cell, numbering that exists); A4 and the
 * official margins, the official fonts with their fallbacks; bold, lists and notes kept.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type CellDef, allCells, partKeys, partTitles } from '../../schema/format.ts';
import { readPublication } from '../../schema/publication/from-ydoc.ts';
import type { ReportData } from '../../schema/report.ts';
import { derivedFrom, effectiveCell, isDerivedCell } from '../../schema/values.ts';
import { exportSourceOfData } from './export.ts';
import { renderDocx } from './docx.ts';
import { type ReadDocx, type XmlElement, childElements, descendants, readDocx, wordSlotGrid, wordTables, wordText } from './test-support/docx-read.ts';
import { distinctFigures, exportedSeed } from './test-support/reports.ts';
import { paragraph, richReportDoc, text, writeAsEditor } from './test-support/rich-doc.ts';
import { narrativeFragment } from '../../schema/ydoc.ts';
import { type SlotGrid, locateCell } from './test-support/slot-grid.ts';

const tableOrder = ['proactive', 'requests', 'appeals'] as const;

async function docxOf(data: ReportData): Promise<ReadDocx> {
  return readDocx(await renderDocx(exportSourceOfData(data).publication));
}

function grids(docx: ReadDocx): Record<string, SlotGrid> {
  const tables = wordTables(docx.document);
  expect(tables).toHaveLength(3);
  return Object.fromEntries(tableOrder.map((key, i) => [key, wordSlotGrid(tables[i]!)]));
}

function valueAt(grid: SlotGrid, def: CellDef): string {
  const { row, column } = locateCell(grid, def);
  const slot = grid[row]![column]!;
  expect([slot.originRow, slot.originColumn], def.id).toEqual([row, column]);
  return slot.text;
}

const body = (docx: ReadDocx) => childElements(docx.document, 'w:body')[0]!;
const paragraphs = (docx: ReadDocx) => descendants(body(docx), 'w:p');
const styleOf = (p: XmlElement) => descendants(p, 'w:pStyle')[0]?.attributes['w:val'];

describe('renderDocx', () => {
  let seed: ReadDocx;
  beforeAll(async () => {
    seed = await docxOf(exportedSeed());
  });

  it('holds every cell of the seed at its row and column, under its merged heads', () => {
    const tables = grids(seed);
    const data = exportedSeed();
    for (const def of allCells) expect(valueAt(tables[def.table]!, def), def.id).toBe(effectiveCell(data.tables, def.id).display);
  });

  it('holds every cell of a report whose figures all differ, and each blank total as the sum it stands for', async () => {
    const data = distinctFigures();
    const tables = grids(await docxOf(data));
    const printed = (def: CellDef) => valueAt(tables[def.table]!, def);
    for (const def of allCells) expect(printed(def), def.id).toBe(effectiveCell(data.tables, def.id).display);
    for (const def of allCells.filter((d) => isDerivedCell(d.id))) {
      const parts = derivedFrom(def.id)!.map((id) => allCells.find((d) => d.id === id)!);
      expect(Number(printed(def)), def.id).toBe(parts.reduce((sum, part) => sum + Number(printed(part)), 0));
    }
  });

  it('merges the heads as printed: the 勾稽 note over 3 × 3, 三、本年度办理结果 down 22 rows, 行政诉讼 over 10 columns', () => {
    const [, table3, table4] = wordTables(seed.document);
    const first = (row: number) => table3!.rows[row]![0]!;
    expect([first(0).gridSpan, first(0).vMerge, first(0).text]).toEqual([3, 'restart', '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）']);
    expect([first(1).gridSpan, first(1).vMerge, first(2).gridSpan, first(2).vMerge]).toEqual([3, 'continue', 3, 'continue']);
    const results = table3!.rows.map((row) => row[0]!).filter((cell, r) => r >= 5 && cell.gridSpan === 1);
    expect(results[0]).toEqual({ text: '三、本年度办理结果', gridSpan: 1, vMerge: 'restart' });
    expect(results.slice(1).map((c) => c.vMerge)).toEqual(new Array(21).fill('continue'));
    expect(table4!.rows[0]!.map((c) => [c.text, c.gridSpan])).toEqual([['行政复议', 5], ['行政诉讼', 10]]);
    // The head rows repeat on every page; no row splits across two.
    const headRows = (table: XmlElement) => childElements(table, 'w:tr').flatMap((tr, i) => (descendants(tr, 'w:tblHeader').length > 0 ? [i] : []));
    expect(headRows(table3!.element)).toEqual([0, 1, 2]);
    expect(headRows(table4!.element)).toEqual([0, 1, 2]);
    expect(childElements(table3!.element, 'w:tr').every((tr) => descendants(tr, 'w:cantSplit').length === 1)).toBe(true);
  });

  it('is a package Word opens without repair: parts well-formed, typed and related, rows filling the grid, a paragraph in every cell', () => {
    const types = seed.parts['[Content_Types].xml']!;
    const overrides = new Set(childElements(types, 'Override').map((o) => o.attributes.PartName!.slice(1)));
    const defaults = new Set(childElements(types, 'Default').map((d) => d.attributes.Extension!));
    for (const path of Object.keys(seed.files)) {
      if (path === '[Content_Types].xml') continue;
      expect(overrides.has(path) || defaults.has(path.split('.').pop()!), `${path} has a content type`).toBe(true);
    }
    for (const [relsPath, rels] of Object.entries(seed.parts).filter(([p]) => p.endsWith('.rels'))) {
      const base = relsPath.replace(/_rels\/[^/]*\.rels$/u, '');
      for (const rel of childElements(rels, 'Relationship')) {
        if (rel.attributes.TargetMode === 'External') continue;
        const target = rel.attributes.Target!.startsWith('/') ? rel.attributes.Target!.slice(1) : `${base}${rel.attributes.Target}`;
        expect(seed.files[target], `${relsPath} → ${target}`).toBeDefined();
      }
    }
    for (const table of wordTables(seed.document)) {
      expect(() => wordSlotGrid(table)).not.toThrow();
      for (const tc of descendants(table.element, 'w:tc')) expect(childElements(tc, 'w:p').length).toBeGreaterThan(0);
      // The grid spans the type area: 210 − 28 − 26 mm.
      expect(table.gridColumns.reduce((a, b) => a + b, 0)).toBe(8845);
    }
  });

  it('lays out an A4 page with the official margins and numbers its pages', () => {
    const section = descendants(seed.document, 'w:sectPr')[0]!;
    expect(childElements(section, 'w:pgSz')[0]!.attributes).toMatchObject({ 'w:w': '11906', 'w:h': '16838' });
    expect(childElements(section, 'w:pgMar')[0]!.attributes).toMatchObject({ 'w:top': '2098', 'w:bottom': '1984', 'w:left': '1587', 'w:right': '1474' });
    const footer = Object.entries(seed.parts).find(([path]) => /^word\/footer\d+\.xml$/u.test(path))![1];
    expect(descendants(footer, 'w:instrText').map((i) => i.children.join('').trim())).toContain('PAGE');
  });

  it('sets the body in 仿宋_GB2312, headings in 黑体 and tables in 宋体, each with its fallback in the font table', () => {
    const styles = seed.parts['word/styles.xml']!;
    const eastAsia = (element: XmlElement | undefined) => element && descendants(element, 'w:rFonts')[0]?.attributes['w:eastAsia'];
    expect(eastAsia(descendants(styles, 'w:docDefaults')[0])).toBe('仿宋_GB2312');
    const style = (id: string) => descendants(styles, 'w:style').find((s) => s.attributes['w:styleId'] === id);
    for (const id of ['Title', 'Heading1', 'Heading2']) expect(eastAsia(style(id)), id).toBe('黑体');
    const cellRuns = descendants(wordTables(seed.document)[1]!.element, 'w:r');
    expect(new Set(cellRuns.map((r) => eastAsia(r)))).toEqual(new Set(['宋体']));
    const fonts = descendants(seed.parts['word/fontTable.xml']!, 'w:font').map((f) => [f.attributes['w:name'], childElements(f, 'w:altName')[0]?.attributes['w:val']]);
    expect(fonts).toEqual(expect.arrayContaining([['仿宋_GB2312', '仿宋'], ['黑体', 'SimHei'], ['宋体', 'SimSun']]));
  });

  it('prints the title, the six part titles as headings in order, the notes around table 三, and the agency and date at the foot', async () => {
    const rich = readDocx(await renderDocx(readPublication(richReportDoc())));
    const texts = paragraphs(rich).filter((p) => !descendants(body(rich), 'w:tc').some((tc) => descendants(tc, 'w:p').includes(p)));
    expect(texts.filter((p) => styleOf(p) === 'Title').map(wordText)).toEqual(['余杭区商务局2024年政府信息公开工作年度报告']);
    expect(texts.filter((p) => styleOf(p) === 'Heading1').map(wordText)).toEqual(partKeys.map((k) => partTitles[k]));
    const order = childElements(body(rich)).filter((e) => e.name !== 'w:sectPr').map((e) => (e.name === 'w:tbl' ? 'TABLE' : wordText(e)));
    const at = order.indexOf(partTitles.requests);
    expect(order.slice(at, at + 4)).toEqual([partTitles.requests, '本年度申请情况如下：', 'TABLE', '注：单位为件。']);
    expect(order.slice(-2)).toEqual(['余杭区商务局', '2025年1月20日']);
  });

  it('keeps bold, the link, and each list numbered as in the editor: from 3, a nested bullet list one level in', async () => {
    const rich = readDocx(await renderDocx(readPublication(richReportDoc())));
    const bold = descendants(rich.document, 'w:r').filter((r) => descendants(r, 'w:b').some((b) => b.attributes['w:val'] !== 'false'));
    expect(bold.map(wordText)).toEqual(['注：', '业务联动']);
    const link = descendants(rich.document, 'w:hyperlink')[0]!;
    const rel = childElements(rich.parts['word/_rels/document.xml.rels']!, 'Relationship').find((r) => r.attributes.Id === link.attributes['r:id'])!;
    expect([wordText(link), rel.attributes.Target, rel.attributes.TargetMode]).toEqual(['门户网站', 'https://www.yuhang.gov.cn/', 'External']);

    const numbering = rich.parts['word/numbering.xml']!;
    const numbered = (text: string) => {
      const p = paragraphs(rich).find((p) => wordText(p) === text)!;
      const numPr = descendants(p, 'w:numPr')[0]!;
      const numId = childElements(numPr, 'w:numId')[0]!.attributes['w:val'];
      const level = Number(childElements(numPr, 'w:ilvl')[0]!.attributes['w:val']);
      const num = childElements(numbering, 'w:num').find((n) => n.attributes['w:numId'] === numId)!;
      const abstractId = childElements(num, 'w:abstractNumId')[0]!.attributes['w:val'];
      const abstract = childElements(numbering, 'w:abstractNum').find((a) => a.attributes['w:abstractNumId'] === abstractId)!;
      const lvl = childElements(abstract, 'w:lvl').find((l) => Number(l.attributes['w:ilvl']) === level)!;
      const val = (name: string) => childElements(lvl, name)[0]?.attributes['w:val'];
      return { numId, level, format: val('w:numFmt'), start: val('w:start'), text: val('w:lvlText') };
    };
    const first = numbered('完善制度');
    expect(first).toMatchObject({ level: 0, format: 'decimal', start: '3', text: '%1.' });
    expect(numbered('加强培训')).toEqual(first);
    expect(numbered('业务培训')).toMatchObject({ level: 1, format: 'bullet' });
  });
});

describe('renderDocx numbering', () => {
  it('numbers two lists of one part each from its own first number, as the editor shows them', async () => {
    const doc = richReportDoc();
    const list = (...items: string[]) => ({ type: 'orderedList', content: items.map((t) => ({ type: 'listItem', content: [paragraph(text(t))] })) });
    writeAsEditor(narrativeFragment(doc, 'other'), [list('甲', '乙'), paragraph(text('之间')), list('丙')]);
    const rich = readDocx(await renderDocx(readPublication(doc)));
    const numId = (t: string) => descendants(paragraphs(rich).find((p) => wordText(p) === t)!, 'w:numId')[0]!.attributes['w:val'];
    expect(numId('甲')).toBe(numId('乙'));
    expect(numId('丙')).not.toBe(numId('甲'));
  });
});
