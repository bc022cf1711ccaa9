import fc from 'fast-check';
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type CheckOptions, checkReport } from './check.ts';
import type { Diagnostic } from './diagnostics.ts';
import { expectedDocDiagnostics } from './test-support/expected-diagnostics.ts';
import { type DocEdit, type LayoutEdit, applyDocEdit, randomDocEdit, randomLayoutEdit } from './test-support/edits.ts';
import { consistentReport, withCell } from './test-support/generate.ts';
import { seedReport } from './test-support/seed-report.ts';
import { type DiagnosticsChange, ReportValidator } from './validator.ts';
import { cellsMap, createReportDoc, metaMap, narrativeFragment, readReportData } from './ydoc.ts';
import { propertyTest } from './test-support/seeded-runs.ts';

const key = (d: Diagnostic): string => JSON.stringify(d);

/** Applies a listener's changes to a multiset of diagnostics, failing on a removal of something absent. */
function applyChange(current: Map<string, number>, change: DiagnosticsChange): void {
  for (const d of change.removed) {
    const n = current.get(key(d)) ?? 0;
    expect(n, `removed a diagnostic that was not there: ${d.message}`).toBeGreaterThan(0);
    if (n === 1) current.delete(key(d));
    else current.set(key(d), n - 1);
  }
  for (const d of change.added) current.set(key(d), (current.get(key(d)) ?? 0) + 1);
}

function multiset(ds: readonly Diagnostic[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of ds) m.set(key(d), (m.get(key(d)) ?? 0) + 1);
  return m;
}

const optionChoices: CheckOptions[] = [
  {},
  { stage: 'draft' },
  { today: '2025-03-01' },
  { previous: { ...seedReport(), year: 2023 } },
  { previous: withCell({ ...seedReport(), year: 2023 }, 'requests.carriedForward.natural', '2'), stage: 'draft' },
];

describe('ReportValidator', () => {
  it('starts with the full check of the doc', () => {
    const doc = createReportDoc(seedReport());
    const v = new ReportValidator(doc);
    expect(v.diagnostics()).toEqual([]);
    expect(v.counts()).toEqual({ error: 0, warning: 0, info: 0 });
  });

  it('reports a cell edit as the rules it breaks, and its undo as their removal', () => {
    const doc = createReportDoc(seedReport());
    const v = new ReportValidator(doc);
    const changes: DiagnosticsChange[] = [];
    v.onChange((c) => changes.push(c));
    cellsMap(doc, 'requests').set('disclosed.natural', '2');
    expect(changes).toHaveLength(1);
    expect(changes[0].removed).toEqual([]);
    expect(changes[0].added.map((d) => d.rule).sort()).toEqual(['T3.resultTotal', 'T3.rowTotal']);
    cellsMap(doc, 'requests').set('disclosed.natural', '1');
    expect(changes).toHaveLength(2);
    expect(changes[1].added).toEqual([]);
    expect(changes[1].removed).toHaveLength(2);
    expect(v.diagnostics()).toEqual([]);
  });

  it('does not call listeners for edits that change no diagnostic', () => {
    const doc = createReportDoc(seedReport());
    const v = new ReportValidator(doc);
    let calls = 0;
    v.onChange(() => calls++);
    cellsMap(doc, 'requests').set('received.natural', ' 1 ');
    const paragraph = narrativeFragment(doc, 'problems').get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert(0, '另外，');
    (paragraph.get(0) as Y.XmlText).format(0, 2, { bold: true });
    metaMap(doc).set('agency', '余杭区商务局（改）');
    expect(calls).toBe(0);
  });

  it('re-reads only the narrative part a keystroke changed, and sees claims typed into it', () => {
    const doc = createReportDoc(seedReport());
    const v = new ReportValidator(doc);
    const changes: DiagnosticsChange[] = [];
    v.onChange((c) => changes.push(c));
    const paragraph = narrativeFragment(doc, 'other').get(0) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    text.insert(text.length, '本年度予以公开3件。');
    expect(changes.map((c) => c.added.map((d) => `${d.rule} ${d.cells[0]}`))).toEqual([['text.figures other']]);
    text.delete(text.length - '本年度予以公开3件。'.length, '本年度予以公开3件。'.length);
    expect(v.diagnostics()).toEqual([]);
  });

  it('setOptions re-evaluates what depends on the options and tells listeners', () => {
    const doc = createReportDoc(withCell(seedReport(), 'requests.disclosed.research', ''));
    const v = new ReportValidator(doc);
    expect(v.counts()).toEqual({ error: 1, warning: 0, info: 0 });
    const seen: DiagnosticsChange[] = [];
    v.onChange((c, tx) => {
      expect(tx.origin).toBe(v);
      seen.push(c);
    });
    v.setOptions({ stage: 'draft' });
    expect(v.counts()).toEqual({ error: 0, warning: 1, info: 0 });
    expect(seen).toHaveLength(1);
    v.setOptions({ stage: 'draft', previous: withCell({ ...seedReport(), year: 2023 }, 'requests.carriedForward.natural', '1') });
    expect(v.diagnostics().map((d) => d.rule)).toEqual(['cell.value', 'T3.carryOverContinuity', 'text.overlap']);
  });

  it('reports crafted layout problems of the doc (layout.parts) and their repair', () => {
    const doc = createReportDoc(seedReport());
    const v = new ReportValidator(doc);
    cellsMap(doc, 'requests').set('received.subtotal', '1');
    doc.getMap('evil').set('x', 1);
    expect(v.diagnostics().map((d) => `${d.rule} ${d.cells[0]}`)).toEqual(['layout.parts evil', 'layout.parts requests']);
    cellsMap(doc, 'requests').delete('received.subtotal');
    expect(v.diagnostics().map((d) => d.cells[0])).toEqual(['evil']);
  });

  it('stops listening after destroy', () => {
    const doc = createReportDoc(seedReport());
    const v = new ReportValidator(doc);
    let calls = 0;
    v.onChange(() => calls++);
    v.destroy();
    cellsMap(doc, 'requests').set('disclosed.natural', '5');
    expect(calls).toBe(0);
    expect(() => v.setOptions({})).toThrow(/destroyed/);
  });

  // A fresh seed each run, printed; a failing run's seed and path (fast-check prints them) go into `regressions`.
  propertyTest(
    'always equals the full check after random edit sequences (cells, text, blocks, meta, options, layout)',
    fc.property(
      fc.integer(),
      fc.boolean().chain((derivedBlank) => consistentReport({ derivedBlank })),
      (seed, generated) => {
        const gen = prng.create(seed);
        const base = prng.bool(gen) ? seedReport() : generated;
        const doc = createReportDoc(base);
        let options = optionChoices[0];
        const v = new ReportValidator(doc, options);
        const seen = multiset(v.diagnostics());
        v.onChange((change) => {
          expect(change.added.length + change.removed.length).toBeGreaterThan(0);
          const addedKeys = new Set(change.added.map(key));
          expect(change.removed.filter((d) => addedKeys.has(key(d))), 'a change that cancels itself out').toEqual([]);
          applyChange(seen, change);
        });
        const log: StepLog = [];
        for (let step = 0; step < 40; step++) {
          options = randomStep(gen, doc, v, log, 3) ?? options;
          const expected = expectedDocDiagnostics(doc, options);
          const context = `seed ${seed}, edits ${JSON.stringify(log)}`;
          expect(v.diagnostics(), context).toEqual(expected);
          expect(multiset(expected), context).toEqual(seen);
        }
      },
    ),
    { numRuns: 60, regressions: [] },
  );

  it('a doc synced from another replica validates as the full check of the synced data', () => {
    const source = createReportDoc(seedReport());
    const replica = new Y.Doc();
    const v = new ReportValidator(replica);
    expect(v.counts().error).toBeGreaterThan(0);
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(source));
    expect(v.diagnostics()).toEqual(checkReport(readReportData(replica)));
    expect(v.diagnostics()).toEqual([]);
  });
});

type StepLog = (DocEdit | LayoutEdit | { options: number })[];

/**
 * One random step of the validator's property tests, logged: new options for `v` (1 in 20,
 * returned), layout edits (1 in 20) or document edits, up to `maxEdits` in one transaction.
 */
function randomStep(gen: prng.PRNG, doc: Y.Doc, v: ReportValidator, log: StepLog, maxEdits: number): CheckOptions | undefined {
  const roll = prng.uint32(gen, 0, 19);
  if (roll === 0) {
    const i = prng.uint32(gen, 0, optionChoices.length - 1);
    log.push({ options: i });
    v.setOptions(optionChoices[i]);
    return optionChoices[i];
  }
  const count = maxEdits === 1 ? 1 : prng.uint32(gen, 1, maxEdits);
  const edits = Array.from({ length: count }, () => (roll === 1 ? randomLayoutEdit(gen) : randomDocEdit(gen)));
  log.push(...edits);
  doc.transact(() => edits.forEach((e) => applyDocEdit(doc, e)));
  return undefined;
}

describe('ReportValidator with a scheduler (evaluation after the transaction)', () => {
  /** A scheduler that holds the callbacks until the test runs them. */
  function heldScheduler(): { schedule: (evaluate: () => void) => void; runAll: () => number } {
    const held: (() => void)[] = [];
    return {
      schedule: (evaluate) => held.push(evaluate),
      runAll: () => {
        const n = held.length;
        for (const evaluate of held.splice(0)) evaluate();
        return n;
      },
    };
  }

  it('records each transaction and evaluates all of them in one scheduled pass', () => {
    const doc = createReportDoc(seedReport());
    const scheduler = heldScheduler();
    const v = new ReportValidator(doc, {}, { schedule: scheduler.schedule });
    const changes: DiagnosticsChange[] = [];
    v.onChange((c) => changes.push(c));
    cellsMap(doc, 'requests').set('disclosed.natural', '2');
    cellsMap(doc, 'requests').set('received.natural', 'x');
    const text = (narrativeFragment(doc, 'other').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(text.length, '本年度予以公开3件。');
    expect(changes).toEqual([]);
    expect(scheduler.runAll()).toBe(1);
    expect(changes).toHaveLength(1);
    expect(changes[0].added.map((d) => d.rule).sort()).toEqual(['T3.resultTotal', 'T3.rowTotal', 'cell.value', 'text.figures']);
    expect(v.diagnostics()).toEqual(expectedDocDiagnostics(doc, {}));
  });

  it('a read runs the pending evaluation first, and the scheduled call then has nothing left to do', () => {
    const doc = createReportDoc(seedReport());
    const scheduler = heldScheduler();
    const v = new ReportValidator(doc, {}, { schedule: scheduler.schedule });
    let calls = 0;
    v.onChange(() => calls++);
    cellsMap(doc, 'requests').set('disclosed.natural', '2');
    expect(v.counts()).toEqual({ error: 2, warning: 0, info: 0 });
    expect(calls).toBe(1);
    scheduler.runAll();
    expect(calls).toBe(1);
    cellsMap(doc, 'requests').set('disclosed.natural', '1');
    expect(scheduler.runAll()).toBe(1);
    expect(v.diagnostics()).toEqual([]);
    expect(calls).toBe(2);
  });

  it('after destroy, a scheduled evaluation does nothing', () => {
    const doc = createReportDoc(seedReport());
    const scheduler = heldScheduler();
    const v = new ReportValidator(doc, {}, { schedule: scheduler.schedule });
    let calls = 0;
    v.onChange(() => calls++);
    cellsMap(doc, 'requests').set('disclosed.natural', '2');
    v.destroy();
    scheduler.runAll();
    expect(calls).toBe(0);
  });

  // A fresh seed each run, printed; a failing run's seed and path (fast-check prints them) go into `regressions`.
  propertyTest(
    'always equals the full check after random edit sequences evaluated in random batches',
    fc.property(fc.integer(), (seed) => {
      const gen = prng.create(seed);
      const doc = createReportDoc(seedReport());
      const scheduler = heldScheduler();
      let options = optionChoices[0];
      const v = new ReportValidator(doc, options, { schedule: scheduler.schedule });
      const seen = multiset(v.diagnostics());
      v.onChange((change) => applyChange(seen, change));
      const log: StepLog = [];
      for (let step = 0; step < 40; step++) {
        options = randomStep(gen, doc, v, log, 1) ?? options;
        const context = `seed ${seed}, edits ${JSON.stringify(log)}`;
        // Sometimes the scheduler runs, sometimes a read comes first, sometimes neither yet.
        const when = prng.uint32(gen, 0, 2);
        if (when === 0) scheduler.runAll();
        if (when !== 2) {
          const expected = expectedDocDiagnostics(doc, options);
          expect(v.diagnostics(), context).toEqual(expected);
          expect(seen, context).toEqual(multiset(expected));
        }
      }
    }),
    { numRuns: 40, regressions: [] },
  );
});
