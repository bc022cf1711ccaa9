/**
 * Property: for an editor limited to one part, random edit sequences (typing, marks, deletions,
 * new and deleted paragraphs, cell writes and deletions, two parts in one transaction, other
 * users' edits relayed in between) produce footprints equal to what Yjs reports when applying
 * them, hold nothing outside the report's schema, and the verdict accepts exactly the edits
 * inside the editor's part: no false accept, no false reject. A refused client reconnects with a fresh copy, as after the server closes it.
 *
 * Seeded: each run prints its seed (NIANBAO_FUZZ_SEED repeats one); on a failure fast-check prints
 * the seed, the path and the shrunk sequence. A run that ever failed goes into `regressions`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type PartKey, type TableKey, partKeys, tableCells, tablePartKeys } from '../../schema/format.ts';
import { type NarrativeKey, cellsMap, createReportDoc, narrativeFragment, narrativeKeys, partOfRoot, rootNames } from '../../schema/ydoc.ts';
import { authorizeUpdate } from './authorize.ts';
import { inspectInGeneral, inspectUpdate } from './inspect.ts';
import { inspectKeystroke } from './inspect-keystroke.ts';
import { appliedFootprint, captureUpdate, paragraph, seedReportData, syncedClient } from './test-support/report-peers.ts';
import { type PropertyRegression, freshSeed, regressionTitle, replayOf } from '../../schema/test-support/seeded-runs.ts';

type TextEdit =
  | { kind: 'type'; key: NarrativeKey; block: number; offset: number; text: string }
  | { kind: 'format'; key: NarrativeKey; block: number; offset: number; length: number; mark: 'bold' | 'italic' }
  | { kind: 'deleteText'; key: NarrativeKey; block: number; offset: number; length: number }
  | { kind: 'insertParagraph'; key: NarrativeKey; at: number; text: string }
  | { kind: 'deleteBlocks'; key: NarrativeKey; at: number; count: number };
type CellEdit = { kind: 'setCell'; table: TableKey; cell: number; value: string } | { kind: 'deleteCell'; table: TableKey; cell: number };
type Edit = TextEdit | CellEdit;
type Step = { kind: 'edit'; edits: Edit[] } | { kind: 'othersEdit'; edit: Edit };

const narrativeKey = fc.constantFrom(...narrativeKeys);
const text = fc.string({ unit: fc.constantFrom(...'政务公开数据一二三，。年ab1 '), minLength: 1, maxLength: 12 });
const index = fc.nat({ max: 1000 });

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('type' as const), key: narrativeKey, block: index, offset: index, text }),
  fc.record({
    kind: fc.constant('format' as const),
    key: narrativeKey,
    block: index,
    offset: index,
    length: fc.integer({ min: 1, max: 30 }),
    mark: fc.constantFrom('bold' as const, 'italic' as const),
  }),
  fc.record({ kind: fc.constant('deleteText' as const), key: narrativeKey, block: index, offset: index, length: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('insertParagraph' as const), key: narrativeKey, at: index, text }),
  fc.record({ kind: fc.constant('deleteBlocks' as const), key: narrativeKey, at: index, count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('setCell' as const), table: fc.constantFrom(...tablePartKeys), cell: index, value: fc.constantFrom('0', '1', '12', '3.5', '—', '') }),
  fc.record({ kind: fc.constant('deleteCell' as const), table: fc.constantFrom(...tablePartKeys), cell: index }),
);

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: edit.map((e): Step => ({ kind: 'edit', edits: [e] })) },
  { weight: 1, arbitrary: fc.tuple(edit, edit).map(([a, b]): Step => ({ kind: 'edit', edits: [a, b] })) },
  { weight: 1, arbitrary: edit.map((e): Step => ({ kind: 'othersEdit', edit: e })) },
);

/** The XmlText of a block, created as y-prosemirror does when typing into an empty paragraph. */
function textOfBlock(block: Y.XmlElement, create: boolean): Y.XmlText | undefined {
  const first = block.get(0);
  if (first instanceof Y.XmlText) return first;
  if (!create) return undefined;
  const created = new Y.XmlText();
  block.insert(0, [created]);
  return created;
}

/** Applies `edit` to `doc`; returns the part it is meant to change. */
function applyEdit(doc: Y.Doc, edit: Edit): PartKey {
  if (edit.kind === 'setCell' || edit.kind === 'deleteCell') {
    const map = cellsMap(doc, edit.table);
    const key = tableCells[edit.table][edit.cell % tableCells[edit.table].length].key;
    if (edit.kind === 'setCell') map.set(key, edit.value);
    else map.delete(key);
    return edit.table;
  }
  const fragment = narrativeFragment(doc, edit.key);
  const part = partOfRoot(rootNames.text[edit.key]) as PartKey;
  const blockAt = (i: number) => fragment.get(i % Math.max(1, fragment.length)) as Y.XmlElement | undefined;
  switch (edit.kind) {
    case 'type': {
      const block = blockAt(edit.block);
      if (block === undefined) fragment.insert(0, [paragraph(edit.text)]);
      else {
        const t = textOfBlock(block, true) as Y.XmlText;
        t.insert(edit.offset % (t.length + 1), edit.text);
      }
      break;
    }
    case 'format':
    case 'deleteText': {
      const block = blockAt(edit.block);
      const t = block && textOfBlock(block, false);
      if (t === undefined || t.length === 0) break;
      const offset = edit.offset % t.length;
      const length = Math.min(edit.length, t.length - offset);
      if (edit.kind === 'format') t.format(offset, length, { [edit.mark]: {} });
      else t.delete(offset, length);
      break;
    }
    case 'insertParagraph':
      fragment.insert(edit.at % (fragment.length + 1), [paragraph(edit.text)]);
      break;
    case 'deleteBlocks': {
      if (fragment.length === 0) break;
      const at = edit.at % fragment.length;
      fragment.delete(at, Math.min(edit.count, fragment.length - at));
      break;
    }
  }
  return part;
}

function sorted(footprint: { roots: ReadonlySet<string>; cellKeys: ReadonlyMap<string, ReadonlySet<string | null>> }) {
  return {
    roots: [...footprint.roots].sort(),
    cellKeys: Object.fromEntries([...footprint.cellKeys].map(([root, keys]) => [root, [...keys].sort()])),
  };
}

/** Runs that once failed, as fast-check printed them. */
const regressions: readonly PropertyRegression[] = [];
const numRuns = 80;

describe('authorizeUpdate for an editor limited to one part', () => {
  /** Runs the property; counts the verdicts and the keystroke fast path's answers on the way. */
  function run(parameters: { seed: number; numRuns: number; path?: string }) {
    const seedState = Y.encodeStateAsUpdate(createReportDoc(seedReportData()));
    let accepted = 0;
    let refused = 0;
    let fastPath = 0;
    fc.assert(
      fc.property(fc.constantFrom(...partKeys), fc.array(step, { minLength: 1, maxLength: 14 }), (assigned, steps) => {
        const rights = { role: 'editor', parts: [assigned] } as const;
        const server = new Y.Doc();
        Y.applyUpdate(server, seedState);
        let nextClientID = 100;
        let client = syncedClient(server, nextClientID++);
        for (const s of steps) {
          if (s.kind === 'othersEdit') {
            // Another member's edit, accepted by the server and relayed to our client.
            const other = syncedClient(server, nextClientID++);
            const update = captureUpdate(other, () => applyEdit(other, s.edit));
            if (update !== null) {
              Y.applyUpdate(server, update);
              Y.applyUpdate(client, update);
            }
            continue;
          }
          const touched = new Set<PartKey>();
          const update = captureUpdate(client, () => {
            for (const e of s.edits) touched.add(applyEdit(client, e));
          });
          if (update === null) continue;
          const footprint = inspectUpdate(server, update);
          const applied = appliedFootprint(server, update);
          // The keystroke fast path, where it applies, answers as the general inspection does.
          const decoded = Y.decodeUpdate(update);
          const keystroke = inspectKeystroke(server.store, decoded);
          if (keystroke) {
            fastPath++;
            expect(keystroke).toEqual(inspectInGeneral(server, decoded));
          }
          expect(sorted(footprint)).toEqual(sorted(applied));
          expect(footprint.unresolved).toBe(false);
          // Edits as y-prosemirror makes them hold nothing outside the report's schema.
          expect(footprint.violations).toEqual([]);
          // Every touched root belongs to a part the step meant to edit.
          for (const root of footprint.roots) expect(touched).toContain(partOfRoot(root));
          // Accepted exactly when every root Yjs changes belongs to the assigned part.
          const verdict = authorizeUpdate(server, update, rights);
          expect(verdict.ok).toBe([...applied.roots].every((root) => partOfRoot(root) === assigned));
          if (verdict.ok) accepted++;
          else refused++;
          if (verdict.ok) Y.applyUpdate(server, update);
          else client = syncedClient(server, nextClientID++);
        }
      }),
      parameters,
    );
    return { accepted, refused, fastPath };
  }

  for (const regression of regressions) it(regressionTitle(regression), () => void run(replayOf(regression, numRuns)));

  it('accepts exactly the edits inside the part, and the footprint matches what Yjs applies', () => {
    const { accepted, refused, fastPath } = run({ seed: freshSeed('fast-check'), numRuns });
    // The runs exercised both sides of the verdict.
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
    expect(fastPath, 'typing and cell writes took the keystroke fast path').toBeGreaterThan(20);
  });
});
