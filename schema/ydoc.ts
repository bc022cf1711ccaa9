/**
 * The report's Y.Doc layout: one root shared type per unit of permission (see
 * docs/architecture.md). Narrative parts are `Y.XmlFragment`s in TipTap's schema, one per part,
 * so that one editor binds to one fragment; each table is one `Y.Map` of cell strings keyed by
 * `row.column`, so that two people typing in different cells never overwrite each other.
 *
 * The template is written once, by the server, when storage has nothing for a report: clients
 * never seed content (a client-seeded template is duplicated on every load).
 */
import * as Y from 'yjs';
import {
  type AgencyKind,
  type NarrativePartKey,
  type PartKey,
  type TableKey,
  agencyKinds,
  isTablePart,
  narrativePartKeys,
  partKeys,
  tableCells,
  tablePartKeys,
} from './format.ts';
import { narrativeLines } from './narrative-text.ts';
import { type ReportData, type TableCells, type TableNotes, formatVersion, noTableNotes } from './report.ts';

/** Narrative text the rules read: the preamble before 一 and the prose parts 一, 五, 六. */
export const narrativeKeys = ['preamble', ...narrativePartKeys] as const;
export type NarrativeKey = (typeof narrativeKeys)[number];

/**
 * Every `Y.XmlFragment` of the report, in reading order: the preamble, then one per part — a
 * table part's fragment holds its table node and the notes around it.
 */
export const fragmentKeys = ['preamble', ...partKeys] as const;
export type FragmentKey = (typeof fragmentKeys)[number];

/** Names of the root shared types. These strings are persisted: never rename one. */
export const rootNames = {
  meta: 'meta',
  text: {
    preamble: 'text.preamble',
    overview: 'text.overview',
    proactive: 'text.proactive',
    requests: 'text.requests',
    appeals: 'text.appeals',
    problems: 'text.problems',
    other: 'text.other',
  } satisfies Record<FragmentKey, string>,
  cells: {
    proactive: 'cells.proactive',
    requests: 'cells.requests',
    appeals: 'cells.appeals',
  } satisfies Record<TableKey, string>,
  /** Comment threads anchored to a part, a cell or text (schema/comments/). */
  comments: 'comments',
  /** The sign-off records per part and step: 撰稿人 → 科室负责人 → 分管领导 (schema/signoffs/). */
  signoffs: 'signoffs',
} as const;

/**
 * The version of this layout and of the narrative node schema; stored in `meta`, written only
 * by the server. 1: tables beside the editors; 2: every part one fragment, each table a
 * `disclosureTable` node in its part's (schema/layout-upgrade.ts upgrades 1 to 2).
 */
export const layoutVersion = 2;

/**
 * The node a table part's fragment holds exactly once, at its top level: an atom whose `table`
 * attribute names the table (its part). It holds no values — the cells stay in `cells.*` — and
 * only the server creates it (the template, the upgrade): clients neither insert nor delete it.
 */
export const tableNodeName = 'disclosureTable';
export const tableNodeAttribute = 'table';

/** What a root type holds, for permission checks and validation routing. */
export type RootRole =
  | { kind: 'meta' }
  | { kind: 'text'; key: FragmentKey }
  | { kind: 'cells'; table: TableKey }
  | { kind: 'comments' }
  | { kind: 'signoffs' };

const rootRoles: ReadonlyMap<string, RootRole> = new Map<string, RootRole>([
  [rootNames.meta, { kind: 'meta' }],
  ...fragmentKeys.map((key): [string, RootRole] => [rootNames.text[key], { kind: 'text', key }]),
  ...tablePartKeys.map((table): [string, RootRole] => [rootNames.cells[table], { kind: 'cells', table }]),
  [rootNames.comments, { kind: 'comments' }],
  [rootNames.signoffs, { kind: 'signoffs' }],
]);

/** The role of a root type by name, or undefined for a name the layout does not know. */
export function rootRole(name: string): RootRole | undefined {
  return rootRoles.get(name);
}

/** The report part a root type belongs to (`preamble` counts as part of 一, its permission unit). */
export function partOfRoot(name: string): PartKey | 'meta' | 'comments' | 'signoffs' | undefined {
  const role = rootRoles.get(name);
  if (!role) return undefined;
  switch (role.kind) {
    case 'text':
      return role.key === 'preamble' ? 'overview' : role.key;
    case 'cells':
      return role.table;
    default:
      return role.kind;
  }
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(rootNames.meta);
}
export function narrativeFragment(doc: Y.Doc, key: NarrativeKey): Y.XmlFragment {
  return doc.getXmlFragment(rootNames.text[key]);
}
/** Any of the report's fragments: the preamble's or a part's. */
export function textFragment(doc: Y.Doc, key: FragmentKey): Y.XmlFragment {
  return doc.getXmlFragment(rootNames.text[key]);
}
/** A part's fragment (a table part's holds its table node and the notes around it). */
export function partFragment(doc: Y.Doc, part: PartKey): Y.XmlFragment {
  return doc.getXmlFragment(rootNames.text[part]);
}
/** Cell values are strings when written by our clients; a crafted update can put anything there. */
export function cellsMap(doc: Y.Doc, table: TableKey): Y.Map<unknown> {
  return doc.getMap<unknown>(rootNames.cells[table]);
}

/** The name of the root type that (transitively) holds `type`. */
export function rootNameOf(type: Y.AbstractType<unknown>): string {
  let t: Y.AbstractType<unknown> = type;
  while (t._item !== null) t = t._item.parent as Y.AbstractType<unknown>;
  return Y.findRootTypeKey(t);
}

// ---------------------------------------------------------------------------------------------
// Narrative text <-> XmlFragment (TipTap/ProseMirror node names)
// ---------------------------------------------------------------------------------------------

/** Lines like 「（一）主动公开」 are the sub-heads of 一、总体情况. */
export const subHeadPattern = /^（[一二三四五六七八九十]+）[^，。；：,;:]{1,30}$/u;

/** Appends one block per line: a sub-head becomes a level-3 heading, anything else a paragraph. */
export function writeNarrative(fragment: Y.XmlFragment, text: string): void {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  // An empty part still holds one empty paragraph, so that no client adds one of its own.
  const blocks = (lines.length > 0 ? lines : ['']).map((line) => {
    const heading = subHeadPattern.test(line);
    const el = new Y.XmlElement(heading ? 'heading' : 'paragraph');
    if (heading) el.setAttribute('level', 3 as unknown as string);
    if (line !== '') el.insert(0, [new Y.XmlText(line)]);
    return el;
  });
  fragment.insert(fragment.length, blocks);
}

/** A new table node for `table`'s part (the server's template and upgrade only). */
export function createTableElement(table: TableKey): Y.XmlElement {
  const el = new Y.XmlElement(tableNodeName);
  el.setAttribute(tableNodeAttribute, table);
  return el;
}

/** Whether a fragment's child is a table node (of any table: the checks say which is wrong). */
export function isTableElement(child: Y.XmlElement | Y.XmlText | Y.XmlHook | null): child is Y.XmlElement {
  return child instanceof Y.XmlElement && child.nodeName === tableNodeName;
}

/**
 * Writes a table part's template after what `fragment` holds: the notes before, the table node,
 * the notes after — at least one paragraph after the table, so that the caret has a place below it.
 */
export function writeTablePart(fragment: Y.XmlFragment, table: TableKey, notes: TableNotes = noTableNotes): void {
  if (notes.before.trim() !== '') writeNarrative(fragment, notes.before);
  fragment.insert(fragment.length, [createTableElement(table)]);
  writeNarrative(fragment, notes.after);
}

/** The notes around a table part's table node: lines of the blocks before it and after it. */
export function readTableNotes(fragment: Y.XmlFragment): TableNotes {
  const before: string[] = [];
  const after: string[] = [];
  let seenTable = false;
  for (let child = fragment.firstChild; child !== null; child = child.nextSibling) {
    if (isTableElement(child)) {
      seenTable = true;
      continue;
    }
    if (child instanceof Y.XmlElement) (seenTable ? after : before).push(...narrativeLines(child));
  }
  // No table node (a layout-1 document): whatever is there reads as notes after the table.
  return seenTable ? { before: before.join('\n'), after: after.join('\n') } : { before: '', after: before.join('\n') };
}

/** The plain text of a fragment: one line per text block (paragraph, heading, list item). */
export function readNarrative(fragment: Y.XmlFragment | Y.XmlElement): string {
  return narrativeLines(fragment).join('\n');
}

// ---------------------------------------------------------------------------------------------
// ReportData <-> Y.Doc
// ---------------------------------------------------------------------------------------------

/**
 * Writes `data` into an empty `doc` (a new one by default) in one transaction and returns it.
 * Blank cells are left out of the maps: absent means blank.
 */
export function createReportDoc(data: ReportData, doc: Y.Doc = new Y.Doc()): Y.Doc {
  if (!isEmptyDoc(doc)) throw new Error('createReportDoc: the Y.Doc already has content; a template is written once');
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set('layoutVersion', layoutVersion);
    meta.set('formatVersion', data.formatVersion);
    meta.set('agency', data.agency);
    meta.set('kind', data.kind);
    meta.set('year', data.year);
    if (data.publishedOn !== undefined) meta.set('publishedOn', data.publishedOn);
    writeNarrative(narrativeFragment(doc, 'preamble'), data.preamble);
    for (const key of narrativePartKeys) writeNarrative(narrativeFragment(doc, key), data.parts[key]);
    for (const table of tablePartKeys) {
      writeTablePart(partFragment(doc, table), table, data.notes[table]);
      const map = cellsMap(doc, table);
      for (const def of tableCells[table]) {
        const value = data.tables[table][def.key];
        if (value !== undefined && value !== '') map.set(def.key, value);
      }
    }
  });
  return doc;
}

function isEmptyDoc(doc: Y.Doc): boolean {
  return doc.store.clients.size === 0;
}

/** Reads a report back from its Y.Doc. Values of the wrong type (a crafted update) read as text. */
export function readReportData(doc: Y.Doc): ReportData {
  const parts = {} as Record<NarrativePartKey, string>;
  for (const key of narrativePartKeys) parts[key] = readNarrative(narrativeFragment(doc, key));
  const tables = {} as Record<TableKey, TableCells>;
  const notes = {} as Record<TableKey, TableNotes>;
  for (const table of tablePartKeys) {
    tables[table] = readTableCells(cellsMap(doc, table), table);
    notes[table] = readTableNotes(partFragment(doc, table));
  }
  return {
    formatVersion,
    ...readReportMeta(doc),
    preamble: readNarrative(narrativeFragment(doc, 'preamble')),
    parts,
    tables,
    notes,
  };
}

/** What the `meta` map says of the report; values of the wrong type (a crafted update) read as defaults. */
export function readReportMeta(doc: Y.Doc): Pick<ReportData, 'agency' | 'kind' | 'year' | 'publishedOn'> {
  const meta = metaMap(doc);
  const kind = meta.get('kind');
  const year = meta.get('year');
  const publishedOn = meta.get('publishedOn');
  return {
    agency: String(meta.get('agency') ?? ''),
    kind: (agencyKinds as readonly unknown[]).includes(kind) ? (kind as AgencyKind) : 'department',
    year: typeof year === 'number' ? year : Number(year) || 0,
    ...(typeof publishedOn === 'string' ? { publishedOn } : {}),
  };
}

/** The cells of one table map: only keys the format knows, values as strings. */
export function readTableCells(map: Y.Map<unknown>, table: TableKey): TableCells {
  const cells: TableCells = {};
  for (const def of tableCells[table]) {
    const value = map.get(def.key);
    if (value === undefined || value === null || value === '') continue;
    const key = def.key;
    cells[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return cells;
}
