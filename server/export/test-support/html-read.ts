/**
 * Test-only: an HTML export read back with parse5 (the WHATWG parser browsers implement), with
 * its parse errors: tables as slot grids, elements found by tag, text as a reader sees it.
 */
import { type DefaultTreeAdapterTypes, type ParserError, parse } from 'parse5';
import { type SlotGrid, type SourceCell, slotGrid } from './slot-grid.ts';

type Node = DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.Document;
export type Element = DefaultTreeAdapterTypes.Element;

export interface ReadHtml {
  readonly document: DefaultTreeAdapterTypes.Document;
  readonly errors: readonly ParserError[];
}

export function readHtml(html: string): ReadHtml {
  const errors: ParserError[] = [];
  const document = parse(html, { onParseError: (error) => errors.push(error) });
  return { document, errors };
}

function children(node: Node): DefaultTreeAdapterTypes.ChildNode[] {
  return 'childNodes' in node ? node.childNodes : [];
}

/** Every element under `node` (document order) with this tag name. */
export function elements(node: Node, tag: string): Element[] {
  const out: Element[] = [];
  const visit = (n: Node) => {
    for (const child of children(n)) {
      if ('tagName' in child && child.tagName === tag) out.push(child);
      visit(child);
    }
  };
  visit(node);
  return out;
}

export function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

/** The text content, as `textContent` gives it. */
export function textOf(node: Node): string {
  if ('value' in node && node.nodeName === '#text') return node.value;
  return children(node).map(textOf).join('');
}

/** The table with `id` as a slot grid (its rows in thead and tbody order). */
export function tableGrid(document: DefaultTreeAdapterTypes.Document, id: string): SlotGrid {
  const table = elements(document, 'table').find((t) => attribute(t, 'id') === id);
  if (!table) throw new Error(`no table #${id}`);
  const rows = elements(table, 'tr').map((tr) =>
    children(tr)
      .filter((c): c is Element => 'tagName' in c && (c.tagName === 'td' || c.tagName === 'th'))
      .map(
        (cell): SourceCell => ({
          text: textOf(cell),
          header: cell.tagName === 'th',
          rowSpan: Number(attribute(cell, 'rowspan') ?? 1),
          colSpan: Number(attribute(cell, 'colspan') ?? 1),
        }),
      ),
  );
  return slotGrid(rows);
}
