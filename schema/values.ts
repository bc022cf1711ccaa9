/**
 * Cell values: how a typed cell string is read, and which cells are *derived*.
 *
 * Cells keep exactly what the user typed (see report.ts); this module is the one place that
 * decides what such a string means. Derived cells — the 总计 column and （七）总计 row of table
 * 三, and each table 四 group's 总计 — are left blank in the editor and shown computed. A blank
 * derived cell takes the sum of its parts everywhere (rules, display, export); a filled one is
 * data and the rules check it. `effectiveValue` is that single definition; docs/format.md marks
 * every derived cell (Σ).
 */
import { type CellDef, type CellId, type CellValueKind, applicantDetailColumns, appealDetailColumns, cellDef, table3ResultRowKeys } from './format.ts';
import type { ReportData } from './report.ts';

/** What a cell string means once read. */
export type ParsedCell =
  | { readonly kind: 'blank' }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'invalid'; readonly raw: string; readonly problem: CellProblem };

/**
 * Why a cell string is not a value. `fullWidth` carries the half-width spelling to suggest:
 * the editor does not silently accept ０-９, so that what is stored is what gets printed.
 */
export type CellProblem =
  | { readonly kind: 'fullWidth'; readonly suggestion: string }
  | { readonly kind: 'negative' }
  | { readonly kind: 'fraction' }
  | { readonly kind: 'notANumber' };

export const blankCell: ParsedCell = { kind: 'blank' };

const countPattern = /^\d+$/u;
const amountPattern = /^\d+(?:\.\d+)?$/u;
const fullWidthDigit = /[０-９．]/gu;
const negativePattern = /^[-－−]\s*\d+(?:\.\d+)?$/u;
const fractionPattern = /^\d+\.\d+$/u;

/** Reads a cell string. Surrounding whitespace is ignored; a whitespace-only cell is blank. */
export function parseCell(raw: string | undefined, kind: CellValueKind): ParsedCell {
  if (raw === undefined) return blankCell;
  const text = raw.trim();
  if (text === '') return blankCell;
  const pattern = kind === 'count' ? countPattern : amountPattern;
  if (pattern.test(text)) return { kind: 'number', value: Number(text) };
  const halfWidth = text.replace(fullWidthDigit, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  if (halfWidth !== text && pattern.test(halfWidth)) {
    return { kind: 'invalid', raw, problem: { kind: 'fullWidth', suggestion: halfWidth } };
  }
  if (negativePattern.test(halfWidth)) return { kind: 'invalid', raw, problem: { kind: 'negative' } };
  if (kind === 'count' && fractionPattern.test(halfWidth)) return { kind: 'invalid', raw, problem: { kind: 'fraction' } };
  return { kind: 'invalid', raw, problem: { kind: 'notANumber' } };
}

/** Two parsed cells mean the same thing (used to skip re-evaluation when an edit changes nothing). */
export function sameParsedCell(a: ParsedCell, b: ParsedCell): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'number') return a.value === (b as typeof a).value;
  if (a.kind === 'invalid') return a.raw === (b as typeof a).raw;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Derived cells
// ---------------------------------------------------------------------------------------------

const derivations = new Map<string, readonly CellId[]>();
for (const row of ['received', 'carriedOver', ...table3ResultRowKeys, 'resultTotal', 'carriedForward']) {
  derivations.set(
    `requests.${row}.total`,
    applicantDetailColumns.map((c): CellId => `requests.${row}.${c}`),
  );
}
for (const column of applicantDetailColumns) {
  derivations.set(
    `requests.resultTotal.${column}`,
    table3ResultRowKeys.map((r): CellId => `requests.${r}.${column}`),
  );
}
for (const group of ['review', 'suitDirect', 'suitAfterReview']) {
  derivations.set(
    `appeals.${group}.total`,
    appealDetailColumns.map((c): CellId => `appeals.${group}.${c}`),
  );
}

/**
 * The cells a derived cell sums, or undefined for a cell that is always data.
 * `requests.resultTotal.total` sums the （七）总计 row (equal to summing the 总计 column).
 */
export function derivedFrom(id: string): readonly CellId[] | undefined {
  return derivations.get(id);
}

export function isDerivedCell(id: string): boolean {
  return derivations.has(id);
}

/**
 * The value a cell stands for: its number; for a blank derived cell the sum of its parts'
 * effective values. Undefined when unknown (blank data cell, unreadable cell, or a part so).
 * `read` supplies parsed cells by id; rules pass a reader that records what they depend on.
 */
export function effectiveValue(id: string, read: (id: string) => ParsedCell): number | undefined {
  const parsed = read(id);
  if (parsed.kind === 'number') return parsed.value;
  if (parsed.kind === 'invalid') return undefined;
  const parts = derivations.get(id);
  if (parts === undefined) return undefined;
  let sum = 0;
  for (const part of parts) {
    const v = effectiveValue(part, read);
    if (v === undefined) return undefined;
    sum += v;
  }
  return sum;
}

/** Parses a report's cell by id (blank for an id the format does not have). */
export function parsedCellOf(tables: ReportData['tables'], id: string): ParsedCell {
  const def = cellDef(id);
  if (def === undefined) return blankCell;
  return parseCell(tables[def.table][def.key], def.valueKind);
}

/** What the editor shows and exporters print for a cell. */
export interface EffectiveCell {
  readonly def: CellDef;
  readonly parsed: ParsedCell;
  /** The value every rule uses; undefined when unknown. */
  readonly value: number | undefined;
  /** True when the cell is blank and derived: `value` was computed, not typed. */
  readonly computed: boolean;
  /** The text to print: the typed string as typed (trimmed), a computed sum, or '' when unknown. */
  readonly display: string;
}

export function effectiveCell(tables: ReportData['tables'], id: CellId): EffectiveCell {
  const def = cellDef(id);
  if (def === undefined) throw new Error(`effectiveCell: no cell ${id} in the format`);
  const read = (cid: string): ParsedCell => parsedCellOf(tables, cid);
  const parsed = read(id);
  const value = effectiveValue(id, read);
  const computed = parsed.kind === 'blank' && value !== undefined;
  const display = parsed.kind === 'blank' ? (value === undefined ? '' : String(value)) : (tables[def.table][def.key] ?? '').trim();
  return { def, parsed, value, computed, display };
}

/** The computed value of a derived cell from its parts, ignoring what the cell itself holds. */
export function derivedCellValue(tables: ReportData['tables'], id: CellId): number | undefined {
  const parts = derivations.get(id);
  if (parts === undefined) return undefined;
  let sum = 0;
  for (const part of parts) {
    const v = effectiveValue(part, (cid) => parsedCellOf(tables, cid));
    if (v === undefined) return undefined;
    sum += v;
  }
  return sum;
}
