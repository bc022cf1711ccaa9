/**
 * Test-only: a DOCX export unzipped (fflate) and its XML parts read by a strict little XML parser
 * (well-formedness is part of what Word checks before it offers to repair a file): the tables of
 * document.xml as slot grids, merged cells from `w:gridSpan` and `w:vMerge`.
 */
import { strFromU8, unzipSync } from 'fflate';
import { type SlotGrid, type SourceCell, slotGrid } from './slot-grid.ts';

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/giu, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    const ch = entities[name];
    if (ch === undefined) throw new Error(`unknown entity ${whole}`);
    return ch;
  });
}

/** Parses an XML document; throws on anything not well-formed (mismatched or unclosed tags, bad attributes). */
export function parseXml(xml: string): XmlElement {
  let pos = 0;
  const skipProlog = () => {
    for (;;) {
      const rest = xml.slice(pos);
      const match = /^\s*(<\?[\s\S]*?\?>|<!--[\s\S]*?-->)/u.exec(rest);
      if (!match) return;
      pos += match[0].length;
    }
  };
  const element = (): XmlElement => {
    const open = /^<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/u.exec(xml.slice(pos));
    if (!open) throw new Error(`not a start tag at ${pos}: ${xml.slice(pos, pos + 40)}`);
    pos += open[0].length;
    const attributes: Record<string, string> = {};
    for (const [, key, value] of open[2]!.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gu)) {
      if (key! in attributes) throw new Error(`attribute ${key} twice on ${open[1]}`);
      attributes[key!] = decode(value ?? '');
    }
    const children: (XmlElement | string)[] = [];
    if (open[3] === '/') return { name: open[1]!, attributes, children };
    for (;;) {
      const next = xml.indexOf('<', pos);
      if (next < 0) throw new Error(`${open[1]} is never closed`);
      if (next > pos) children.push(decode(xml.slice(pos, next)));
      pos = next;
      if (xml.startsWith('</', pos)) {
        const close = /^<\/([\w:.-]+)\s*>/u.exec(xml.slice(pos));
        if (!close || close[1] !== open[1]) throw new Error(`</${close?.[1]}> closes <${open[1]}>`);
        pos += close[0].length;
        return { name: open[1]!, attributes, children };
      }
      if (xml.startsWith('<!--', pos)) pos = xml.indexOf('-->', pos) + 3;
      else children.push(element());
    }
  };
  skipProlog();
  const root = element();
  skipProlog();
  if (xml.slice(pos).trim() !== '') throw new Error('content after the root element');
  return root;
}

export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter((c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name));
}

export function descendants(element: XmlElement, name: string): XmlElement[] {
  return childElements(element).flatMap((c) => [...(c.name === name ? [c] : []), ...descendants(c, name)]);
}

/** The text of `w:t` runs under `element`. */
export function wordText(element: XmlElement): string {
  return descendants(element, 'w:t')
    .map((t) => t.children.filter((c): c is string => typeof c === 'string').join(''))
    .join('');
}

export interface ReadDocx {
  readonly files: Readonly<Record<string, Uint8Array>>;
  /** Every `.xml` and `.rels` part, parsed. */
  readonly parts: Readonly<Record<string, XmlElement>>;
  readonly document: XmlElement;
}

export function readDocx(bytes: Uint8Array): ReadDocx {
  const files = unzipSync(bytes);
  const parts: Record<string, XmlElement> = {};
  for (const [path, data] of Object.entries(files)) {
    if (/\.(xml|rels)$/u.test(path)) parts[path] = parseXml(strFromU8(data));
  }
  const document = parts['word/document.xml'];
  if (!document) throw new Error('no word/document.xml');
  return { files, parts, document };
}

export interface WordCell {
  readonly text: string;
  readonly gridSpan: number;
  /** `restart` begins a vertical merge, `continue` is a slot of the cell above. */
  readonly vMerge: 'restart' | 'continue' | undefined;
}

export interface WordTable {
  readonly gridColumns: readonly number[];
  readonly rows: readonly (readonly WordCell[])[];
  readonly element: XmlElement;
}

export function wordTables(document: XmlElement): WordTable[] {
  return descendants(document, 'w:tbl').map((tbl) => ({
    element: tbl,
    gridColumns: descendants(childElements(tbl, 'w:tblGrid')[0]!, 'w:gridCol').map((g) => Number(g.attributes['w:w'])),
    rows: childElements(tbl, 'w:tr').map((tr) =>
      childElements(tr, 'w:tc').map((tc): WordCell => {
        const props = childElements(tc, 'w:tcPr')[0];
        const span = props && childElements(props, 'w:gridSpan')[0];
        const merge = props && childElements(props, 'w:vMerge')[0];
        return {
          text: wordText(tc),
          gridSpan: span ? Number(span.attributes['w:val']) : 1,
          vMerge: merge === undefined ? undefined : merge.attributes['w:val'] === 'restart' ? 'restart' : 'continue',
        };
      }),
    ),
  }));
}

/**
 * A Word table as the slots a reader sees: a `continue` cell is a slot of the merged cell that
 * began above it in its column. Throws where Word would find the merge broken (a `continue` under
 * no cell of the same span, a row that does not fill the grid).
 */
export function wordSlotGrid(table: WordTable): SlotGrid {
  // First the merges resolved into cells with a rowSpan, then the common slot algorithm.
  const rowSpans = new Map<string, number>();
  table.rows.forEach((row, r) => {
    let column = 0;
    for (const cell of row) {
      if (cell.vMerge === 'continue') {
        let above = r - 1;
        while (above >= 0 && table.rows[above]![indexAt(table, above, column)]?.vMerge === 'continue') above--;
        const start = table.rows[above]?.[indexAt(table, above, column)];
        if (above < 0 || start?.vMerge !== 'restart' || start.gridSpan !== cell.gridSpan) throw new Error(`row ${r}: a vMerge continue at column ${column} under no merge start`);
        rowSpans.set(`${above},${column}`, (rowSpans.get(`${above},${column}`) ?? 1) + 1);
      }
      column += cell.gridSpan;
    }
    if (column !== table.gridColumns.length) throw new Error(`row ${r} spans ${column} of ${table.gridColumns.length} grid columns`);
  });
  const rows: SourceCell[][] = table.rows.map((row, r) => {
    let column = 0;
    const cells: SourceCell[] = [];
    for (const cell of row) {
      if (cell.vMerge !== 'continue') cells.push({ text: cell.text, rowSpan: rowSpans.get(`${r},${column}`) ?? 1, colSpan: cell.gridSpan });
      column += cell.gridSpan;
    }
    return cells;
  });
  return slotGrid(rows);
}

/** The index in row `r` of the cell that starts at grid column `column`, or -1. */
function indexAt(table: WordTable, r: number, column: number): number {
  let c = 0;
  const row = table.rows[r] ?? [];
  for (let i = 0; i < row.length; i++) {
    if (c === column) return i;
    c += row[i]!.gridSpan;
  }
  return -1;
}
