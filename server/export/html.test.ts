/**
 * The HTML export read back by a browser's parser (parse5): every cell of the three tables at its
 * row and column, found by the labels and merged heads a reader follows; derived totals computed;
 * title, parts, notes around table 三, bold and list numbering kept; nothing a portal's CMS would
 * refuse or a browser would run.
 */
import { describe, expect, it } from 'vitest';
import { type CellDef, allCells, partKeys, partTitles, tableCells, tablePartKeys } from '../../schema/format.ts';
import { readPublication } from '../../schema/publication/from-ydoc.ts';
import type { ReportData } from '../../schema/report.ts';
import { derivedFrom, effectiveCell, isDerivedCell } from '../../schema/values.ts';
import { createReportDoc } from '../../schema/ydoc.ts';
import { exportSourceOfData } from './export.ts';
import { renderHtml } from './html.ts';
import { type Element, attribute, elements, readHtml, tableGrid, textOf } from './test-support/html-read.ts';
import { distinctFigures, exportedSeed } from './test-support/reports.ts';
import { richReportDoc } from './test-support/rich-doc.ts';
import { type SlotGrid, locateCell } from './test-support/slot-grid.ts';

function allElements(root: Element): Element[] {
  return root.childNodes.flatMap((n) => ('tagName' in n ? [n, ...allElements(n)] : []));
}

function grids(html: string): Record<string, SlotGrid> {
  const { document, errors } = readHtml(html);
  expect(errors).toEqual([]);
  return Object.fromEntries(tablePartKeys.map((t) => [t, tableGrid(document, `table-${t}`)]));
}

/** The value cell a reader finds for `def`: a `td` that starts there, not a head or a span. */
function valueAt(grid: SlotGrid, def: CellDef): string {
  const { row, column } = locateCell(grid, def);
  const slot = grid[row]![column]!;
  expect(slot.header, def.id).toBe(false);
  expect([slot.originRow, slot.originColumn], def.id).toEqual([row, column]);
  return slot.text;
}

function expectEveryCellInPlace(data: ReportData, html: string): void {
  const tables = grids(html);
  for (const def of allCells) expect(valueAt(tables[def.table]!, def), def.id).toBe(effectiveCell(data.tables, def.id).display);
}

describe('renderHtml', () => {
  it('prints every cell of the seed at its row and column, under its merged heads', () => {
    const data = exportedSeed();
    expectEveryCellInPlace(data, renderHtml(exportSourceOfData(data).publication));
  });

  it('prints every cell of a report whose figures all differ, and each blank total as the sum of the figures it covers', () => {
    const data = distinctFigures();
    const html = renderHtml(exportSourceOfData(data).publication);
    expectEveryCellInPlace(data, html);
    const tables = grids(html);
    const printed = (def: CellDef) => Number(valueAt(tables[def.table]!, def));
    const derived = allCells.filter((d) => isDerivedCell(d.id));
    expect(derived).toHaveLength(34);
    for (const def of derived) {
      const parts = derivedFrom(def.id)!.map((id) => allCells.find((d) => d.id === id)!);
      expect(printed(def), def.id).toBe(parts.reduce((sum, part) => sum + printed(part), 0));
      expect(data.tables[def.table][def.key]).toBeUndefined();
    }
  });

  it('draws the merged heads as printed: the 勾稽 note 3 × 3, 申请人情况 over seven columns, 行政诉讼 over ten', () => {
    const { document } = readHtml(renderHtml(exportSourceOfData(exportedSeed()).publication));
    const spans = (id: string, text: string) => {
      const table = elements(document, 'table').find((t) => attribute(t, 'id') === id)!;
      const cell = [...elements(table, 'th')].find((th) => textOf(th) === text)!;
      return [attribute(cell, 'rowspan') ?? '1', attribute(cell, 'colspan') ?? '1'];
    };
    expect(spans('table-requests', '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）')).toEqual(['3', '3']);
    expect(spans('table-requests', '申请人情况')).toEqual(['1', '7']);
    expect(spans('table-requests', '法人或其他组织')).toEqual(['1', '5']);
    expect(spans('table-requests', '三、本年度办理结果')).toEqual(['22', '1']);
    expect(spans('table-requests', '（三）不予公开')).toEqual(['8', '1']);
    expect(spans('table-appeals', '行政诉讼')).toEqual(['1', '10']);
    expect(spans('table-appeals', '未经复议直接起诉')).toEqual(['1', '5']);
    expect(spans('table-proactive', '第二十条第（八）项')).toEqual(['1', '4']);
    // Head rows of 三 and 四 are a thead: a browser repeats them on every printed page.
    for (const id of ['table-requests', 'table-appeals']) {
      const table = elements(document, 'table').find((t) => attribute(t, 'id') === id)!;
      expect(elements(elements(table, 'thead')[0]!, 'tr')).toHaveLength(3);
    }
  });

  it('prints the title, the preamble, the six parts in order under their titles, and the agency and date at the foot', () => {
    const { document } = readHtml(renderHtml(exportSourceOfData(exportedSeed()).publication));
    expect(elements(document, 'h1').map(textOf)).toEqual(['余杭区商务局2024年政府信息公开工作年度报告']);
    expect(elements(document, 'title').map(textOf)).toEqual(['余杭区商务局2024年政府信息公开工作年度报告']);
    expect(elements(document, 'h2').map(textOf)).toEqual(partKeys.map((k) => partTitles[k]));
    expect(elements(document, 'h3').map(textOf)).toEqual(['（一）主动公开', '（二）依申请公开', '（三）政府信息管理', '（四）政府信息公开平台建设', '（五）监督保障']);
    const signature = elements(document, 'div').find((d) => attribute(d, 'class') === 'signature')!;
    expect(elements(signature, 'p').map(textOf)).toEqual(['余杭区商务局', '2025年1月20日']);
    const html = renderHtml(exportSourceOfData(exportedSeed()).publication);
    expect(html.indexOf('本报告所有数据统计期限')).toBeLessThan(html.indexOf('二、主动公开政府信息情况'));
  });

  it('keeps bold, links, numbering from 3 with a nested list, and the notes before and after table 三', () => {
    const doc = richReportDoc();
    const { document, errors } = readHtml(renderHtml(readPublication(doc)));
    expect(errors).toEqual([]);
    const problems = elements(document, 'section').find((s) => attribute(s, 'id') === 'part-problems')!;
    expect(elements(problems, 'strong').map(textOf)).toEqual(['业务联动']);
    expect(elements(problems, 'em').map(textOf)).toEqual(['详见']);
    expect(elements(problems, 'a').map((a) => [textOf(a), attribute(a, 'href')])).toEqual([['门户网站', 'https://www.yuhang.gov.cn/']]);
    const [list] = elements(problems, 'ol');
    expect(attribute(list!, 'start')).toBe('3');
    expect(elements(list!, 'li').map((li) => textOf(elements(li, 'p')[0]!))).toEqual(['完善制度', '加强培训', '业务培训']);
    expect(elements(elements(list!, 'ul')[0]!, 'li').map((li) => textOf(li).trim())).toEqual(['业务培训']);
    expect(elements(problems, 'blockquote').map((q) => textOf(q).trim())).toEqual(['公开为常态、不公开为例外']);

    const requests = elements(document, 'section').find((s) => attribute(s, 'id') === 'part-requests')!;
    const order = (parent: Element) => parent.childNodes.flatMap((n) => ('tagName' in n ? [`${n.tagName}:${textOf(n).trim().slice(0, 6)}`] : []));
    expect(order(requests)).toEqual(['h2:三、收到和处', 'div:本年度申请情', 'p:注：单位为件']);
    expect(order(elements(requests, 'div')[0]!)).toEqual(['p:本年度申请情', 'table:（本列数据的']);
    expect(elements(requests, 'strong').map(textOf)).toEqual(['注：']);
  });

  it('holds no script, no external resource and no event handler; text that looks like markup stays text', () => {
    const data: ReportData = {
      ...exportedSeed(),
      agency: '某局<script>alert(1)</script>',
      parts: { ...exportedSeed().parts, other: '<img src=x onerror=alert(1)> & "引号"' },
      tables: { ...exportedSeed().tables, proactive: { ...exportedSeed().tables.proactive, 'fees.amount': '<b>1</b>' } },
    };
    const html = renderHtml(readPublication(createReportDoc(data)));
    const { document, errors } = readHtml(html);
    expect(errors).toEqual([]);
    expect(elements(document, 'script')).toEqual([]);
    expect(elements(document, 'img')).toEqual([]);
    expect(elements(document, 'link')).toEqual([]);
    expect(elements(document, 'style')).toHaveLength(1);
    const attributes = elements(document, 'html').flatMap((root) => [root, ...allElements(root)]).flatMap((e) => e.attrs.map((a) => a.name));
    expect(attributes.filter((name) => name === 'src' || name === 'href' || name.startsWith('on'))).toEqual([]);
    expect(html).not.toMatch(/url\(|@import|https?:\/\//);
    expect(elements(document, 'h1').map(textOf)).toEqual(['某局<script>alert(1)</script>2024年政府信息公开工作年度报告']);
    const other = elements(document, 'section').find((s) => attribute(s, 'id') === 'part-other')!;
    expect(elements(other, 'p').map(textOf)).toEqual(['<img src=x onerror=alert(1)> & "引号"']);
    expect(valueAt(tableGrid(document, 'table-proactive'), tableCells.proactive.find((d) => d.key === 'fees.amount')!)).toBe('<b>1</b>');
  });
});
