/**
 * The JSON data export: one report as a plain, stable object. Every cell of every table is
 * present (blank as ""), keyed by `row.column` in the format's reading order, so that two exports
 * of the same report are byte-identical and a diff shows exactly the cells that changed.
 *
 * `parseReportJson` is its inverse, for files people may have edited by hand: it validates the
 * shape and names the JSON path of the first thing wrong, in zh-CN.
 */
import {
  type AgencyKind,
  type NarrativePartKey,
  type TableKey,
  agencyKinds,
  narrativePartKeys,
  tableCells,
  tablePartKeys,
} from './format.ts';
import { type ReportData, type TableCells, type TableNotes, filledTables, formatVersion, noTableNotes } from './report.ts';

export interface ReportJson {
  formatVersion: typeof formatVersion;
  agency: string;
  kind: AgencyKind;
  year: number;
  publishedOn?: string;
  preamble: string;
  parts: Record<NarrativePartKey, string>;
  /** Every cell, blank as "". */
  tables: Record<TableKey, Record<string, string>>;
  /** The text before and after each table, in its part ('' when none). Optional when read: exports before layout 2 lack it. */
  notes: Record<TableKey, { before: string; after: string }>;
}

/** The export of `data`: stable key order, every cell present. */
export function toReportJson(data: ReportData): ReportJson {
  return {
    formatVersion: data.formatVersion,
    agency: data.agency,
    kind: data.kind,
    year: data.year,
    ...(data.publishedOn !== undefined ? { publishedOn: data.publishedOn } : {}),
    preamble: data.preamble,
    parts: Object.fromEntries(narrativePartKeys.map((k) => [k, data.parts[k]])) as Record<NarrativePartKey, string>,
    tables: filledTables(data),
    notes: Object.fromEntries(tablePartKeys.map((t) => [t, { before: data.notes[t].before, after: data.notes[t].after }])) as ReportJson['notes'],
  };
}

/** A JSON file that is not a report export; `path` is where (e.g. `tables.requests["received.natural"]`). */
export class ReportJsonError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(path === '' ? `JSON 顶层${detail}` : `${path} ${detail}`);
    this.name = 'ReportJsonError';
  }
}

type JsonPath = readonly (string | number)[];

function formatPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/u.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function fail(path: JsonPath, detail: string): never {
  throw new ReportJsonError(formatPath(path), detail);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectRecord(value: unknown, path: JsonPath): Record<string, unknown> {
  if (!isRecord(value)) fail(path, value === undefined ? '缺失' : '应为对象');
  return value;
}

function expectString(value: unknown, path: JsonPath): string {
  if (typeof value !== 'string') fail(path, value === undefined ? '缺失' : '应为字符串');
  return value;
}

function rejectUnknownKeys(record: Record<string, unknown>, known: readonly string[], path: JsonPath): void {
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) fail([...path, key], '是未知字段');
  }
}

const reportKeys = ['formatVersion', 'agency', 'kind', 'year', 'publishedOn', 'preamble', 'parts', 'tables', 'notes'] as const;
/** Years the 条例 (in force since 2008) can have a report for; anything else is a typo. */
const firstReportYear = 2008;
const lastReportYear = 2100;

/**
 * Reads a report from parsed JSON: the export above, or the `{ "report": …, "diagnostics": … }`
 * that `nianbao check --json` prints (its diagnostics are recomputed, not read).
 * Throws ReportJsonError naming the path of the first problem.
 */
export function parseReportJson(value: unknown): ReportData {
  const top = expectRecord(value, []);
  if ('report' in top && !('formatVersion' in top)) return parseReport(top.report, ['report']);
  return parseReport(top, []);
}

function parseReport(value: unknown, path: JsonPath): ReportData {
  const obj = expectRecord(value, path);
  rejectUnknownKeys(obj, reportKeys, path);

  const version = obj.formatVersion;
  if (version === undefined) fail([...path, 'formatVersion'], `缺失（应为 ${formatVersion}）`);
  if (version !== formatVersion) {
    fail([...path, 'formatVersion'], `为 ${JSON.stringify(version)}：只支持 ${formatVersion} 年格式（国办公开办函〔2021〕30号）`);
  }

  const agency = expectString(obj.agency, [...path, 'agency']);
  if (agency.trim() === '') fail([...path, 'agency'], '不能为空');

  const kind = obj.kind;
  if (!(agencyKinds as readonly unknown[]).includes(kind)) {
    fail([...path, 'kind'], `应为 ${agencyKinds.map((k) => JSON.stringify(k)).join(' 或 ')}`);
  }

  const year = obj.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < firstReportYear || year > lastReportYear) {
    fail([...path, 'year'], year === undefined ? '缺失' : `应为${firstReportYear}至${lastReportYear}之间的整数年份`);
  }

  let publishedOn: string | undefined;
  if (obj.publishedOn !== undefined) {
    publishedOn = expectString(obj.publishedOn, [...path, 'publishedOn']);
    if (!isIsoDate(publishedOn)) fail([...path, 'publishedOn'], '应为 YYYY-MM-DD 格式的日期');
  }

  const preamble = expectString(obj.preamble, [...path, 'preamble']);

  const partsObj = expectRecord(obj.parts, [...path, 'parts']);
  rejectUnknownKeys(partsObj, narrativePartKeys, [...path, 'parts']);
  const parts = {} as Record<NarrativePartKey, string>;
  for (const key of narrativePartKeys) parts[key] = expectString(partsObj[key], [...path, 'parts', key]);

  const tablesObj = expectRecord(obj.tables, [...path, 'tables']);
  rejectUnknownKeys(tablesObj, tablePartKeys, [...path, 'tables']);
  const tables = {} as Record<TableKey, TableCells>;
  for (const table of tablePartKeys) tables[table] = parseTableCells(tablesObj[table], table, [...path, 'tables', table]);

  const notes = {} as Record<TableKey, TableNotes>;
  const notesObj = obj.notes === undefined ? {} : expectRecord(obj.notes, [...path, 'notes']);
  rejectUnknownKeys(notesObj, tablePartKeys, [...path, 'notes']);
  for (const table of tablePartKeys) notes[table] = parseTableNotes(notesObj[table], [...path, 'notes', table]);

  return {
    formatVersion,
    agency,
    kind: kind as AgencyKind,
    year,
    preamble,
    parts,
    tables,
    notes,
    ...(publishedOn !== undefined ? { publishedOn } : {}),
  };
}

/** The notes of one table: both texts, each optional (absent = none). */
function parseTableNotes(value: unknown, path: JsonPath): TableNotes {
  if (value === undefined) return noTableNotes;
  const obj = expectRecord(value, path);
  rejectUnknownKeys(obj, ['before', 'after'], path);
  return {
    before: obj.before === undefined ? '' : expectString(obj.before, [...path, 'before']),
    after: obj.after === undefined ? '' : expectString(obj.after, [...path, 'after']),
  };
}

/**
 * Cells of one table. A missing cell is blank; numbers are taken as the text they print as,
 * since hand-edited files write `"received.natural": 3`; a blank "" is left out (absent = blank).
 */
function parseTableCells(value: unknown, table: TableKey, path: JsonPath): TableCells {
  const obj = expectRecord(value, path);
  const known = tableCells[table].map((def) => def.key);
  rejectUnknownKeys(obj, known, path);
  const cells: TableCells = {};
  for (const key of known) {
    const cell = obj[key];
    if (cell === undefined) continue;
    let text: string;
    if (typeof cell === 'string') text = cell;
    else if (typeof cell === 'number' && Number.isFinite(cell)) text = String(cell);
    else fail([...path, key], '应为字符串');
    if (text !== '') cells[key] = text;
  }
  return cells;
}

function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}
