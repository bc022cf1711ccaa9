/**
 * What rules read, and how: every rule is a pure function of a `RuleContext`, which hands out
 * the report's inputs (parsed cells, analysed narrative parts, meta, options, layout findings)
 * and — when asked to — records which inputs a rule read. The incremental validator uses those
 * records as the rule's dependencies, so a rule runs again exactly when something it read changed.
 */
import type { AgencyKind } from '../format.ts';
import type { Diagnostic, RuleId } from '../diagnostics.ts';
import type { ReportData } from '../report.ts';
import { type ParsedCell, blankCell, effectiveValue, parsedCellOf } from '../values.ts';
import type { NarrativeKey } from '../ydoc.ts';
import { type PartAnalysis, analysePart, narrativeLines } from './narrative/analysis.ts';
import { shingleSet } from './narrative/shingles.ts';

export type Stage = 'draft' | 'publication';

export interface ReportMeta {
  readonly agency: string;
  readonly kind: AgencyKind;
  readonly year: number;
  readonly publishedOn?: string;
}

/** Last year's report, prepared once for the continuity and overlap rules. */
export class PreviousReport {
  private readonly values = new Map<string, number | undefined>();
  private shingles: ReadonlySet<number> | undefined;

  constructor(readonly data: ReportData) {}

  /** Effective value of a cell of last year's report (derived cells computed as this year's). */
  effective(id: string): number | undefined {
    if (!this.values.has(id)) this.values.set(id, effectiveValue(id, (cid) => parsedCellOf(this.data.tables, cid)));
    return this.values.get(id);
  }

  /** Shingles of last year's whole narrative. */
  narrativeShingles(): ReadonlySet<number> {
    this.shingles ??= shingleSet(
      [this.data.preamble, ...Object.values(this.data.parts)].flatMap((text) => narrativeLines(text)),
    );
    return this.shingles;
  }
}

export interface ResolvedOptions {
  readonly stage: Stage;
  readonly today?: string;
  readonly previous?: PreviousReport;
}

/** Names of inputs, as dependencies: a cell id, `part:<key>`, `meta`, `options`, `layout:<scope>`. */
export type InputKey = string;
export const metaInput: InputKey = 'meta';
export const optionsInput: InputKey = 'options';
export function partInput(key: NarrativeKey): InputKey {
  return `part:${key}`;
}
export function layoutInput(scope: LayoutScope): InputKey {
  return `layout:${scope}`;
}

/**
 * Where layout findings come from: one table's cell map, the set of root types, or the table
 * nodes of the fragments (each table part holds exactly its own one).
 */
export type LayoutScope = 'proactive' | 'requests' | 'appeals' | 'roots' | 'tableNodes';
export const layoutScopes: readonly LayoutScope[] = ['proactive', 'requests', 'appeals', 'roots', 'tableNodes'];

/** The current inputs of the rules. Mutable: the validator updates it in place. */
export class ReportInputs {
  /** Parsed cells by id; an id not present is blank. */
  readonly cells = new Map<string, ParsedCell>();
  readonly parts = new Map<NarrativeKey, PartAnalysis>();
  readonly layout = new Map<LayoutScope, readonly Diagnostic[]>();

  constructor(
    public meta: ReportMeta,
    public options: ResolvedOptions,
  ) {}

  part(key: NarrativeKey): PartAnalysis {
    let part = this.parts.get(key);
    if (part === undefined) {
      part = analysePart(key, []);
      this.parts.set(key, part);
    }
    return part;
  }
}

export class RuleContext {
  private reads: Set<InputKey> | undefined;
  private readonly readCell = (id: string): ParsedCell => {
    this.reads?.add(id);
    return this.inputs.cells.get(id) ?? blankCell;
  };

  constructor(private readonly inputs: ReportInputs) {}

  /** Runs `fn`, returning what it read alongside its result. */
  tracked<T>(fn: () => T): { result: T; reads: Set<InputKey> } {
    const reads = new Set<InputKey>();
    this.reads = reads;
    try {
      return { result: fn(), reads };
    } finally {
      this.reads = undefined;
    }
  }

  cell(id: string): ParsedCell {
    return this.readCell(id);
  }

  /** The value a cell stands for (see values.ts); undefined when unknown. */
  effective(id: string): number | undefined {
    return effectiveValue(id, this.readCell);
  }

  part(key: NarrativeKey): PartAnalysis {
    this.reads?.add(partInput(key));
    return this.inputs.part(key);
  }

  meta(): ReportMeta {
    this.reads?.add(metaInput);
    return this.inputs.meta;
  }

  options(): ResolvedOptions {
    this.reads?.add(optionsInput);
    return this.inputs.options;
  }

  layout(scope: LayoutScope): readonly Diagnostic[] {
    this.reads?.add(layoutInput(scope));
    return this.inputs.layout.get(scope) ?? [];
  }
}

/** One evaluable piece of a rule: e.g. `T3.balance` for the 自然人 column. */
export interface RuleInstance {
  /** Unique among instances: `T3.balance:natural`. */
  readonly key: string;
  readonly rule: RuleId;
  run(ctx: RuleContext): readonly Diagnostic[];
}

export const noDiagnostics: readonly Diagnostic[] = Object.freeze([]);
