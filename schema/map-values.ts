/**
 * What the report's `Y.Map` roots may hold, as the server enforces it on every update
 * (server/permissions/content-check.ts): a table cell is the string someone typed, `meta` has
 * its known keys with values of their type. Nothing else is written by a nianbao client or by
 * `createReportDoc`, and anything else would reach every reader of the report.
 */
import { agencyKinds } from './format.ts';
import { agencyNameRule, storedNameProblem } from './names.ts';
import { formatVersion } from './report.ts';

/**
 * The longest cell value kept. A cell holds a figure as typed — `12`, `5.25`, `—`, `1件`, at most
 * a short note such as `不适用（本年度未发生）` — so 200 characters is far beyond any honest
 * value, and keeps a crafted megabyte out of the document every joiner downloads.
 */
export const maxCellValueLength = 200;

/** Whether `value` is one a client writes into a table cell (blank cells are absent keys). */
export function isCellValue(value: unknown): boolean {
  return typeof value === 'string' && value.length <= maxCellValueLength;
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

function isIsoDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = isoDate.exec(value);
  if (match === null) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().startsWith(value);
}

/**
 * `meta` keys only the server writes (the template, layout upgrades): a client that set
 * `layoutVersion` back could make a server upgrade the document a second time.
 */
export const serverOnlyMetaKeys: ReadonlySet<string> = new Set(['layoutVersion']);

/** `meta`'s keys (schema/ydoc.ts `createReportDoc`, read by `readReportMeta` and the page) and their checks. */
export const metaValueChecks: ReadonlyMap<string, (value: unknown) => boolean> = new Map<string, (value: unknown) => boolean>([
  ['layoutVersion', (value) => Number.isInteger(value) && (value as number) >= 1],
  ['formatVersion', (value) => value === formatVersion],
  // As the new-report request takes it, and already normalised: the update is stored as sent.
  ['agency', (value) => storedNameProblem(value, agencyNameRule) === null],
  ['kind', (value) => (agencyKinds as readonly unknown[]).includes(value)],
  // The 条例 took effect in 2008: no report is older.
  ['year', (value) => Number.isInteger(value) && (value as number) >= 2008 && (value as number) <= 9999],
  ['publishedOn', isIsoDate],
]);
