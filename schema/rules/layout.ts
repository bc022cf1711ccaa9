/**
 * `layout.parts` (error): the report has the format's parts and exactly its rows and columns.
 *
 * Importers find missing or misordered parts themselves and report them with
 * `layoutDiagnostic`. Here: table cells under keys the format does not have (ReportData or a
 * Y.Doc's cell maps), cell values that are not strings, root types the layout does not know,
 * and a part's fragment without its one table node, or with a table node it should not hold —
 * what a buggy or hostile client could put into a shared document, were the server not checking.
 */
import * as Y from 'yjs';
import { type TableKey, cellDef, isTablePart, partTitles, tableCells, tablePartKeys } from '../format.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { ReportData } from '../report.ts';
import { type FragmentKey, cellsMap, fragmentKeys, isTableElement, rootRole, tableNodeAttribute, textFragment } from '../ydoc.ts';
import { type LayoutScope, type RuleContext, type RuleInstance, layoutScopes } from './context.ts';
import { cellLabel } from './labels.ts';

/** Layout findings of one scope are listed in message order, whatever order the keys were written in. */
export function byMessage(a: Diagnostic, b: Diagnostic): number {
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** A `layout.parts` finding; `cells` are part keys or cell ids (never empty). */
export function layoutDiagnostic(message: string, cells: readonly string[]): Diagnostic {
  if (cells.length === 0) throw new Error('layoutDiagnostic: a diagnostic must point at a part or cell');
  return { rule: 'layout.parts', severity: 'error', message, cells };
}

const knownKeys: Readonly<Record<TableKey, ReadonlySet<string>>> = {
  proactive: new Set(tableCells.proactive.map((c) => c.key)),
  requests: new Set(tableCells.requests.map((c) => c.key)),
  appeals: new Set(tableCells.appeals.map((c) => c.key)),
};

/** What is wrong with one entry of a table's cells, if anything. */
export function cellEntryDiagnostic(table: TableKey, key: string, value: unknown): Diagnostic | undefined {
  if (!knownKeys[table].has(key)) {
    return layoutDiagnostic(`${partTitles[table]}的表格中有格式没有的单元格“${key}”`, [table]);
  }
  if (value === undefined || typeof value === 'string') return undefined;
  const def = cellDef(`${table}.${key}`)!;
  return layoutDiagnostic(`${cellLabel(def)}保存的不是文字（${value === null ? 'null' : typeof value}），请重新填写`, [def.id]);
}

/** Entries of ReportData tables under keys the format does not have. */
export function tableLayoutDiagnostics(data: ReportData, table: TableKey): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [key, value] of Object.entries(data.tables[table])) {
    const d = cellEntryDiagnostic(table, key, value);
    if (d) out.push(d);
  }
  return out.sort(byMessage);
}

export function unknownRootDiagnostic(name: string): Diagnostic {
  return layoutDiagnostic(`文档中有报告格式以外的内容“${name}”`, [name]);
}

/** Root types of a doc that the layout does not know. */
export function unknownRootNames(doc: Y.Doc): string[] {
  return [...doc.share.keys()].filter((name) => rootRole(name) === undefined).sort();
}

/** The part a fragment belongs to, for pointing at it (the preamble is read with 一). */
function fragmentPart(key: FragmentKey): Exclude<FragmentKey, 'preamble'> {
  return key === 'preamble' ? 'overview' : key;
}

/**
 * What is wrong with the table nodes at the top level of one fragment: a table part's must hold
 * exactly one, its own; any other fragment none. (Only the server writes table nodes and it
 * refuses updates that delete or add one, so this finds a document damaged some other way.)
 */
export function tableNodeDiagnostics(fragment: Y.XmlFragment, key: FragmentKey): Diagnostic[] {
  const part = fragmentPart(key);
  const where = key === 'preamble' ? '报告开头' : partTitles[part];
  let own = 0;
  const foreign: string[] = [];
  for (let child = fragment.firstChild; child !== null; child = child.nextSibling) {
    if (!isTableElement(child)) continue;
    const table = child.getAttribute(tableNodeAttribute);
    if (key !== 'preamble' && isTablePart(part) && table === part) own++;
    else foreign.push(String(table));
  }
  const out: Diagnostic[] = [];
  if (isTablePart(part) && key !== 'preamble') {
    if (own === 0) out.push(layoutDiagnostic(`${where}缺少统计表（文档结构已损坏），请联系管理员恢复`, [part]));
    if (own > 1) out.push(layoutDiagnostic(`${where}中有${own}张统计表，应只有一张`, [part]));
  }
  for (const table of foreign) {
    const named = (tablePartKeys as readonly string[]).includes(table) ? `“${partTitles[table as TableKey]}”的统计表` : `不明的统计表（${table.slice(0, 20)}）`;
    out.push(layoutDiagnostic(`${where}中有${named}，不应在此`, [part]));
  }
  return out.sort(byMessage);
}

/** The table-node findings of every fragment, in message order. */
export function allTableNodeDiagnostics(doc: Y.Doc): Diagnostic[] {
  return fragmentKeys.flatMap((key) => tableNodeDiagnostics(textFragment(doc, key), key)).sort(byMessage);
}

/** Every layout finding of a Y.Doc, by scope (a full scan; the validator keeps it up to date). */
export function docLayoutDiagnostics(doc: Y.Doc): Map<LayoutScope, Diagnostic[]> {
  const out = new Map<LayoutScope, Diagnostic[]>();
  for (const table of tablePartKeys) {
    const found: Diagnostic[] = [];
    for (const [key, value] of cellsMap(doc, table).entries()) {
      const d = cellEntryDiagnostic(table, key, value);
      if (d) found.push(d);
    }
    out.set(table, found.sort(byMessage));
  }
  out.set('roots', unknownRootNames(doc).map(unknownRootDiagnostic));
  out.set('tableNodes', allTableNodeDiagnostics(doc));
  return out;
}

export const layoutRules: readonly RuleInstance[] = layoutScopes.map((scope) => ({
  key: `layout.parts:${scope}`,
  rule: 'layout.parts',
  run: (ctx: RuleContext) => ctx.layout(scope),
}));
