/**
 * Incremental validation of a report's Y.Doc: the same rules as `checkReport`, re-evaluated
 * after each transaction only where an input they read has changed.
 *
 * Invariant (tested with random edit sequences): `diagnostics()` always equals
 * `checkReport(readReportData(doc), options)` plus the doc's own layout findings
 * (`docLayoutDiagnostics`), in the same order.
 *
 * How: each rule instance (registry.ts) is run through a RuleContext that records what it
 * read — cells by id, `part:<key>`, `meta`, `options`, `layout:<scope>`. Those reads are its
 * dependencies. A transaction tells which inputs changed (`transaction.changed`: the map keys of
 * cell maps, the Y.XmlText / Y.XmlElement of a narrative part); the validator re-reads just those
 * (one cell; one part, reusing every paragraph whose text is cached), then re-runs the instances
 * depending on them and reports the difference. Pure: no Node APIs, runs in browser and server.
 *
 * When: by default at the end of each transaction. A `schedule` option defers that work: a
 * transaction then only records what it changed (a few set insertions), and the evaluation runs
 * when the scheduler calls back, once for every transaction since the last one — the server
 * relays an update first and checks afterwards. Reading `diagnostics()` or `counts()` runs any
 * pending evaluation first, so what is read is always current.
 *
 * Memory: what a rule instance read is kept as one set shared by every validator in the process
 * that saw the same reads (`internReads`); the instances to re-run are found by scanning those
 * sets, which for ~260 instances costs microseconds and saves a reverse index per report.
 */
import * as Y from 'yjs';
import { type CellValueKind, type TableKey, allCells, cellDef, tablePartKeys } from './format.ts';
import { type Diagnostic, compareDiagnostics } from './diagnostics.ts';
import { type DiagnosticsChange, diagnosticKey, diffDiagnostics, sameDiagnostics } from './diagnostics-diff.ts';
import { type CheckOptions, countDiagnostics, resolveOptions } from './check.ts';
import {
  type InputKey,
  type ReportMeta,
  ReportInputs,
  RuleContext,
  layoutInput,
  metaInput,
  optionsInput,
  partInput,
} from './rules/context.ts';
import { byMessage, cellEntryDiagnostic, tableNodeDiagnostics, unknownRootDiagnostic, unknownRootNames } from './rules/layout.ts';
import { type PartAnalysis, analysePart } from './rules/narrative/analysis.ts';
import { type BlockTextCache, narrativeLines } from './narrative-text.ts';
import { ruleInstances } from './rules/registry.ts';
import { type ParsedCell, blankCell, parseCell, sameParsedCell } from './values.ts';
import {
  type FragmentKey,
  type NarrativeKey,
  cellsMap,
  fragmentKeys,
  metaMap,
  narrativeFragment,
  narrativeKeys,
  readReportMeta,
  rootNameOf,
  rootRole,
  tableNodeName,
  textFragment,
} from './ydoc.ts';

export type { DiagnosticsChange };

/** The transaction is the last of those whose changes the evaluation covers. */
type Listener = (change: DiagnosticsChange, tx: Y.Transaction) => void;

/** Runs `evaluate` later (e.g. after the server has relayed the update); called at most once per pending evaluation. */
export type EvaluationScheduler = (evaluate: () => void) => void;

export interface ValidatorScheduling {
  /** Default: evaluate at once, inside the doc's `afterTransaction`. */
  readonly schedule?: EvaluationScheduler;
}

/**
 * Dependency sets by content, shared across validators: reports of one layout read the same
 * inputs through the same rules, so most validators hold the very same sets. Bounded, so that
 * a process seeing unusual documents keeps its own sets instead of growing this table.
 */
const internedReads = new Map<string, ReadonlySet<InputKey>>();
const maxInternedReads = 20_000;

function internReads(instance: number, reads: Set<InputKey>): ReadonlySet<InputKey> {
  let key = String(instance);
  for (const input of reads) key += `\u0000${input}`;
  const shared = internedReads.get(key);
  if (shared !== undefined) return shared;
  if (internedReads.size < maxInternedReads) internedReads.set(key, reads);
  return reads;
}


/** A cell map value as `readTableCells` reads it: crafted non-strings read as their JSON. */
function cellString(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function sameLines(a: PartAnalysis, lines: readonly string[]): boolean {
  if (a.lines.length !== lines.length) return false;
  for (let i = 0; i < lines.length; i++) if (a.lines[i].text !== lines[i]) return false;
  return true;
}

function sameMeta(a: ReportMeta, b: ReportMeta): boolean {
  return a.agency === b.agency && a.kind === b.kind && a.year === b.year && a.publishedOn === b.publishedOn;
}

export class ReportValidator {
  private readonly inputs: ReportInputs;
  private readonly ctx: RuleContext;
  /** Per rule instance (index into `ruleInstances`): its last output and what it read. */
  private readonly outputs: (readonly Diagnostic[])[] = [];
  /** Shared, never mutated (see `internReads`). */
  private readonly deps: ReadonlySet<InputKey>[] = [];
  private sorted: Diagnostic[] | undefined;
  private readonly listeners = new Set<Listener>();
  /** Inputs changed outside a transaction (options), handled with the next evaluation. */
  private readonly pending = new Set<InputKey>();
  /** What transactions changed since the last evaluation. */
  private readonly dirtyCells = new Map<TableKey, Set<string>>();
  private readonly dirtyParts = new Set<NarrativeKey>();
  /** Fragments whose top level (or a table node's attribute) changed: their table nodes are counted again. */
  private readonly dirtyTableNodes = new Set<FragmentKey>();
  /** Table-node findings per fragment (rules/layout.ts `tableNodeDiagnostics`). */
  private readonly tableNodes = new Map<FragmentKey, Diagnostic[]>();
  private metaDirty = false;
  private lastTransaction: Y.Transaction | undefined;
  private evaluationScheduled = false;
  private readonly schedule: EvaluationScheduler | undefined;
  /** Text of narrative blocks and loose Y.XmlText, until a transaction changes them. */
  private readonly blockTexts: BlockTextCache = new WeakMap();
  private readonly rootNames = new WeakMap<Y.AbstractType<any>, string>();
  /** Layout findings of each cell map, by offending key. */
  private readonly cellLayout = new Map<TableKey, Map<string, Diagnostic>>();
  private shareSize = -1;
  private destroyed = false;
  private readonly onAfterTransaction = (tx: Y.Transaction): void => this.handleTransaction(tx);

  constructor(
    private readonly doc: Y.Doc,
    options: CheckOptions = {},
    scheduling: ValidatorScheduling = {},
  ) {
    this.schedule = scheduling.schedule;
    // Make sure every root of the layout exists, so transactions on them are recognised.
    metaMap(doc);
    for (const key of fragmentKeys) textFragment(doc, key);
    for (const table of tablePartKeys) cellsMap(doc, table);

    this.inputs = new ReportInputs(readReportMeta(doc), resolveOptions(options));
    this.ctx = new RuleContext(this.inputs);
    for (const def of allCells) {
      const parsed = this.readCell(def.table, def.key, def.valueKind);
      if (parsed.kind !== 'blank') this.inputs.cells.set(def.id, parsed);
    }
    for (const key of narrativeKeys) this.inputs.parts.set(key, analysePart(key, this.readPartLines(key)));
    for (const table of tablePartKeys) {
      const found = new Map<string, Diagnostic>();
      for (const [key, value] of cellsMap(doc, table).entries()) {
        const d = cellEntryDiagnostic(table, key, value);
        if (d) found.set(key, d);
      }
      this.cellLayout.set(table, found);
      this.inputs.layout.set(table, [...found.values()].sort(byMessage));
    }
    this.refreshUnknownRoots();
    for (const key of fragmentKeys) this.tableNodes.set(key, tableNodeDiagnostics(textFragment(doc, key), key));
    this.inputs.layout.set('tableNodes', this.combinedTableNodes());
    ruleInstances.forEach((_, i) => {
      this.deps[i] = noReads;
      this.outputs[i] = [];
      this.evaluateInstance(i, undefined);
    });
    doc.on('afterTransaction', this.onAfterTransaction);
  }

  /** Current diagnostics, sorted by `compareDiagnostics`. */
  diagnostics(): Diagnostic[] {
    this.evaluatePending();
    if (this.sorted === undefined) {
      const all: Diagnostic[] = [];
      for (const out of this.outputs) for (const d of out) all.push(d);
      this.sorted = all.sort(compareDiagnostics);
    }
    return [...this.sorted];
  }

  counts(): { error: number; warning: number; info: number } {
    this.diagnostics();
    return countDiagnostics(this.sorted!);
  }

  /** Calls `listener` after each transaction that added or removed diagnostics. Returns an unsubscribe. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Replaces the options (e.g. last year's report loaded later). Re-evaluation runs in an empty
   * transaction of the doc (origin: this validator), so listeners get a transaction as always.
   */
  setOptions(options: CheckOptions): void {
    if (this.destroyed) throw new Error('ReportValidator.setOptions: the validator was destroyed');
    this.inputs.options = resolveOptions(options);
    this.pending.add(optionsInput);
    this.doc.transact(() => {}, this);
  }

  destroy(): void {
    this.destroyed = true;
    this.doc.off('afterTransaction', this.onAfterTransaction);
    this.listeners.clear();
  }

  /** Runs the evaluation the scheduler has not run yet, if any (reads call it themselves). */
  evaluatePending(): void {
    if (this.lastTransaction === undefined || this.destroyed) return;
    const tx = this.lastTransaction;
    this.lastTransaction = undefined;
    this.evaluate(tx);
  }

  // -------------------------------------------------------------------------------------------
  // Reading inputs
  // -------------------------------------------------------------------------------------------

  private readCell(table: TableKey, key: string, kind: CellValueKind): ParsedCell {
    const raw = cellString(cellsMap(this.doc, table).get(key));
    return raw === undefined ? blankCell : parseCell(raw, kind);
  }

  private rootNameOfType(type: Y.AbstractType<any>): string {
    let name = this.rootNames.get(type);
    if (name === undefined) {
      name = rootNameOf(type as Y.AbstractType<unknown>);
      this.rootNames.set(type, name);
    }
    return name;
  }

  /** The part's non-empty lines, exactly as `readNarrative` gives them, from cached block texts. */
  private readPartLines(key: NarrativeKey): string[] {
    return narrativeLines(narrativeFragment(this.doc, key), this.blockTexts);
  }

  private combinedTableNodes(): Diagnostic[] {
    return [...this.tableNodes.values()].flat().sort(byMessage);
  }

  private refreshUnknownRoots(): boolean {
    this.shareSize = this.doc.share.size;
    const found = unknownRootNames(this.doc).map(unknownRootDiagnostic);
    const before = this.inputs.layout.get('roots') ?? [];
    if (sameDiagnostics(before, found)) return false;
    this.inputs.layout.set('roots', found);
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Transactions
  // -------------------------------------------------------------------------------------------

  /** Records what `tx` changed (cheap), then evaluates now or when the scheduler says. */
  private handleTransaction(tx: Y.Transaction): void {
    for (const [type, subs] of tx.changed) {
      const role = rootRole(this.rootNameOfType(type));
      if (role === undefined) continue;
      switch (role.kind) {
        case 'meta':
          this.metaDirty = true;
          break;
        case 'text': {
          // Blocks added or removed at the top level, or a table node's attribute: count table nodes again.
          if (type._item === null || (type instanceof Y.XmlElement && type.nodeName === tableNodeName)) this.dirtyTableNodes.add(role.key);
          if (!isNarrativeKey(role.key)) break;
          // Dropped now: the cache is keyed by the changed type, which the evaluation no longer sees.
          this.blockTexts.delete(type);
          const parent = type._item?.parent;
          if (type instanceof Y.XmlText && parent instanceof Y.XmlElement) this.blockTexts.delete(parent);
          this.dirtyParts.add(role.key);
          break;
        }
        case 'cells': {
          let keys = this.dirtyCells.get(role.table);
          for (const key of subs) {
            if (key === null) continue;
            if (keys === undefined) this.dirtyCells.set(role.table, (keys = new Set()));
            keys.add(key);
          }
          break;
        }
        default:
          break;
      }
    }
    this.lastTransaction = tx;
    if (this.schedule === undefined) {
      this.evaluatePending();
      return;
    }
    if (this.evaluationScheduled) return;
    this.evaluationScheduled = true;
    this.schedule(() => {
      this.evaluationScheduled = false;
      this.evaluatePending();
    });
  }

  /** Brings the inputs up to date with the doc, re-runs the affected instances, tells listeners. */
  private evaluate(tx: Y.Transaction): void {
    const changed = new Set<InputKey>(this.pending);
    this.pending.clear();
    const dirtyLayout = new Set<TableKey>();
    for (const [table, keys] of this.dirtyCells) for (const key of keys) this.updateCellEntry(table, key, changed, dirtyLayout);
    this.dirtyCells.clear();
    const metaDirty = this.metaDirty;
    this.metaDirty = false;
    const dirtyParts = [...this.dirtyParts];
    this.dirtyParts.clear();

    if (metaDirty) {
      const meta = readReportMeta(this.doc);
      if (!sameMeta(meta, this.inputs.meta)) {
        this.inputs.meta = meta;
        changed.add(metaInput);
      }
    }
    for (const key of dirtyParts) {
      const before = this.inputs.part(key);
      const lines = this.readPartLines(key);
      if (sameLines(before, lines)) continue;
      this.inputs.parts.set(key, analysePart(key, lines, before));
      changed.add(partInput(key));
    }
    for (const table of dirtyLayout) {
      const list = [...this.cellLayout.get(table)!.values()].sort(byMessage);
      this.inputs.layout.set(table, list);
      changed.add(layoutInput(table));
    }
    if (this.doc.share.size !== this.shareSize && this.refreshUnknownRoots()) changed.add(layoutInput('roots'));
    if (this.dirtyTableNodes.size > 0) {
      let nodesChanged = false;
      for (const key of this.dirtyTableNodes) {
        const found = tableNodeDiagnostics(textFragment(this.doc, key), key);
        if (sameDiagnostics(this.tableNodes.get(key) ?? [], found)) continue;
        this.tableNodes.set(key, found);
        nodesChanged = true;
      }
      this.dirtyTableNodes.clear();
      if (nodesChanged) {
        this.inputs.layout.set('tableNodes', this.combinedTableNodes());
        changed.add(layoutInput('tableNodes'));
      }
    }
    if (changed.size === 0) return;

    const change: DiagnosticsChange = { added: [], removed: [] };
    for (let i = 0; i < this.deps.length; i++) if (readsAny(this.deps[i], changed)) this.evaluateInstance(i, change);
    if (change.added.length === 0 && change.removed.length === 0) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(change, tx);
      } catch (error) {
        // A failing listener must not break the transaction or starve the other listeners.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  private updateCellEntry(table: TableKey, key: string, changed: Set<InputKey>, dirtyLayout: Set<TableKey>): void {
    const map = cellsMap(this.doc, table);
    const layout = this.cellLayout.get(table)!;
    const finding = map.has(key) ? cellEntryDiagnostic(table, key, map.get(key)) : undefined;
    const before = layout.get(key);
    if (finding === undefined ? before !== undefined : before === undefined || diagnosticKey(before) !== diagnosticKey(finding)) {
      if (finding === undefined) layout.delete(key);
      else layout.set(key, finding);
      dirtyLayout.add(table);
    }
    const def = cellDef(`${table}.${key}`);
    if (def === undefined) return;
    const parsed = this.readCell(table, key, def.valueKind);
    if (sameParsedCell(parsed, this.inputs.cells.get(def.id) ?? blankCell)) return;
    if (parsed.kind === 'blank') this.inputs.cells.delete(def.id);
    else this.inputs.cells.set(def.id, parsed);
    changed.add(def.id);
  }

  /** Re-runs one rule instance, records what it read and what its output lost and gained. */
  private evaluateInstance(i: number, change: DiagnosticsChange | undefined): void {
    const { result, reads } = this.ctx.tracked(() => ruleInstances[i].run(this.ctx));
    const old = this.deps[i];
    if (reads.size !== old.size || !isSubset(reads, old)) this.deps[i] = internReads(i, reads);
    const before = this.outputs[i];
    if (sameDiagnostics(before, result)) return;
    this.outputs[i] = result;
    this.sorted = undefined;
    if (change !== undefined) diffDiagnostics(before, result, change);
  }
}

const noReads: ReadonlySet<InputKey> = new Set();

const narrativeKeySet: ReadonlySet<string> = new Set(narrativeKeys);
function isNarrativeKey(key: FragmentKey): key is NarrativeKey {
  return narrativeKeySet.has(key);
}

function readsAny(reads: ReadonlySet<InputKey>, changed: ReadonlySet<InputKey>): boolean {
  if (reads.size === 0) return false;
  for (const input of changed) if (reads.has(input)) return true;
  return false;
}

function isSubset(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const k of a) if (!b.has(k)) return false;
  return true;
}
