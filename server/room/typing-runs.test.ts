/**
 * Property: a room that leaves received updates unapplied and judges keystrokes continuing their
 * sender's typing from the run's anchor gives every such keystroke the footprint a document with
 * everything applied gives it (the one Yjs reports when applying it), or more where Yjs
 * collects the keystroke (its paragraph deleted), never less; it never calls one redundant that
 * is new; and applying the queue at any point leaves the same document as applying each update
 * at once. Several clients type into the seed report's narrative parts (moving their cursors,
 * also into their own unapplied text), add and delete paragraphs, delete text and write cells,
 * in any interleaving.
 *
 * Seeded: each run prints its seed (NIANBAO_FUZZ_SEED repeats one); on a failure fast-check prints
 * the seed, the path and the shrunk steps. A run that ever failed goes into `regressions`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { tableCells, tablePartKeys, type TableKey } from '../../schema/format.ts';
import { cellsMap, createReportDoc, narrativeFragment, narrativeKeys, type NarrativeKey } from '../../schema/ydoc.ts';
import { footprintBeside } from '../permissions/inspect-keystroke.ts';
import { inspectDecodedUpdate } from '../permissions/inspect.ts';
import { appliedFootprint, captureUpdate, paragraph, seedReportData, syncedClient } from '../permissions/test-support/report-peers.ts';
import { isRedundantUpdate } from './redundant-update.ts';
import { TypingRuns } from './typing-runs.ts';
import { type PropertyRegression, freshSeed, regressionTitle, replayOf } from '../../schema/test-support/seeded-runs.ts';

type Step =
  | { kind: 'type'; writer: number; text: string }
  | { kind: 'moveCursor'; writer: number; key: NarrativeKey; block: number; offset: number }
  | { kind: 'deleteText'; writer: number; length: number }
  | { kind: 'newParagraph'; writer: number }
  | { kind: 'deleteParagraph'; writer: number }
  | { kind: 'setCell'; writer: number; table: TableKey; cell: number }
  | { kind: 'applyQueue' };

const writers = 3;
const writer = fc.nat({ max: writers - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('type' as const), writer, text: fc.string({ unit: fc.constantFrom(...'政务公开一二，。a1'), minLength: 1, maxLength: 2 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('moveCursor' as const), writer, key: fc.constantFrom(...narrativeKeys), block: fc.nat({ max: 50 }), offset: fc.nat({ max: 500 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteText' as const), writer, length: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('newParagraph' as const), writer }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteParagraph' as const), writer }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('setCell' as const), writer, table: fc.constantFrom(...tablePartKeys), cell: fc.nat({ max: 200 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'applyQueue' as const }) },
);

/** A writer's place: a block's text and an offset in it. */
interface Cursor {
  key: NarrativeKey;
  block: number;
  offset: number;
}

function textAt(doc: Y.Doc, cursor: Cursor): Y.XmlText | undefined {
  const fragment = narrativeFragment(doc, cursor.key);
  if (fragment.length === 0) return undefined;
  const block = fragment.get(cursor.block % fragment.length);
  const text = block instanceof Y.XmlElement ? block.get(0) : undefined;
  return text instanceof Y.XmlText ? text : undefined;
}

function sorted(footprint: { roots: ReadonlySet<string>; cellKeys: ReadonlyMap<string, ReadonlySet<string | null>> }) {
  return { roots: [...footprint.roots].sort(), cellKeys: Object.fromEntries([...footprint.cellKeys].map(([root, keys]) => [root, [...keys].sort()])) };
}

/** Runs that once failed, as fast-check printed them. */
const regressions: readonly PropertyRegression[] = [];
const numRuns = 150;

describe('TypingRuns', () => {
  /** Runs the property; counts the keystrokes that continued a run, and those Yjs collected. */
  function run(parameters: { seed: number; numRuns: number; path?: string }) {
    const seedState = Y.encodeStateAsUpdate(createReportDoc(seedReportData()));
    let continued = 0;
    let collected = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        // `eager` applies every update at once; `lazy` only when the room would.
        const eager = new Y.Doc();
        Y.applyUpdate(eager, seedState);
        const lazy = new Y.Doc();
        Y.applyUpdate(lazy, seedState);
        const typing = new TypingRuns();
        let queue: Uint8Array[] = [];
        const applyQueue = () => {
          lazy.transact(() => {
            for (const update of queue) Y.applyUpdate(lazy, update);
          });
          queue = [];
        };
        const clients = Array.from({ length: writers }, (_, i) => syncedClient(eager, 100 + i));
        const cursors: Cursor[] = clients.map((_, i): Cursor => ({ key: (['overview', 'problems', 'other'] as const)[i]!, block: 0, offset: 3 }));

        for (const s of steps) {
          if (s.kind === 'applyQueue') {
            applyQueue();
            continue;
          }
          const client = clients[s.writer]!;
          const cursor = cursors[s.writer]!;
          const update = captureUpdate(client, () => {
            switch (s.kind) {
              case 'moveCursor': {
                Object.assign(cursor, { key: s.key, block: s.block, offset: s.offset });
                const text = textAt(client, cursor);
                cursor.offset = text ? s.offset % (text.length + 1) : 0;
                return;
              }
              case 'type': {
                const text = textAt(client, cursor);
                if (!text) return;
                cursor.offset = Math.min(cursor.offset, text.length);
                text.insert(cursor.offset, s.text);
                cursor.offset += s.text.length;
                return;
              }
              case 'deleteText': {
                const text = textAt(client, cursor);
                if (!text || cursor.offset === 0) return;
                const length = Math.min(s.length, cursor.offset);
                text.delete(cursor.offset - length, length);
                cursor.offset -= length;
                return;
              }
              case 'newParagraph':
                narrativeFragment(client, cursor.key).insert(0, [paragraph('新')]);
                return;
              case 'deleteParagraph': {
                const fragment = narrativeFragment(client, cursor.key);
                if (fragment.length > 0) fragment.delete(cursor.block % fragment.length, 1);
                return;
              }
              case 'setCell': {
                const cells = tableCells[s.table];
                cellsMap(client, s.table).set(cells[s.cell % cells.length]!.key, String(s.cell));
                return;
              }
            }
          });
          if (update === null) continue;
          const decoded = Y.decodeUpdate(update);
          const anchor = typing.anchorOf(decoded, lazy.store);
          if (anchor) {
            continued++;
            const placed = sorted(footprintBeside(anchor, decoded.structs[0]!.id.client)!);
            const applied = appliedFootprint(eager, update);
            if (applied.roots.size > 0) {
              expect(placed).toEqual(sorted(applied));
              expect(placed).toEqual(sorted(inspectDecodedUpdate(eager, decoded)));
            } else collected++;
            expect(isRedundantUpdate(eager, decoded)).toBe(false);
            expect(typing.continues(decoded, lazy.store)).toBe(true);
          } else {
            // The room reads the document for anything else, which applies the queue.
            applyQueue();
          }
          typing.queued(decoded, lazy.store);
          queue.push(update);
          Y.applyUpdate(eager, update);
          // Every client sees every other's edits, as the relay does.
          for (const other of clients) if (other !== client) Y.applyUpdate(other, update);
        }
        applyQueue();
        expect(Y.encodeStateVector(lazy)).toEqual(Y.encodeStateVector(eager));
        expect(lazy.toJSON()).toEqual(eager.toJSON());
      }),
      parameters,
    );
    return { continued, collected };
  }

  for (const regression of regressions) it(regressionTitle(regression), () => void run(replayOf(regression, numRuns)));

  it('places keystrokes continuing their sender\'s typing as the applied document does, and the queue applies to the same document', () => {
    const { continued, collected } = run({ seed: freshSeed('fast-check'), numRuns });
    expect(continued, 'typing continued runs').toBeGreaterThan(150);
    expect(collected, 'some continued a run in a deleted paragraph').toBeLessThan(continued);
  });

  it('starts no run from a keystroke whose neighbour the document lacks, and continues none past a missing keystroke or after other structs of its client', () => {
    const { server, update: first, client } = typedOnce();
    const firstParagraph = () => textAt(client, { key: 'overview', block: 0, offset: 0 })!;
    const typing = new TypingRuns();
    // The document does not hold the neighbour: `first` was typed after text it never received.
    typing.queued(Y.decodeUpdate(first), new Y.Doc().store);
    const second = captureUpdate(client, () => firstParagraph().insert(2, '二'))!;
    expect(typing.anchorOf(Y.decodeUpdate(second), server.store)).toBeUndefined();

    typing.queued(Y.decodeUpdate(first), server.store);
    expect(typing.anchorOf(Y.decodeUpdate(second), server.store)).toBeInstanceOf(Y.Item);
    // A third keystroke arriving before the second has a clock past the run's next.
    const third = captureUpdate(client, () => firstParagraph().insert(3, '三'))!;
    expect(typing.anchorOf(Y.decodeUpdate(third), server.store)).toBeUndefined();
    // A paragraph by the same client (not a keystroke) ends the run.
    const newParagraph = captureUpdate(client, () => narrativeFragment(client, 'overview').insert(0, [paragraph('新')]))!;
    typing.queued(Y.decodeUpdate(newParagraph), server.store);
    expect(typing.anchorOf(Y.decodeUpdate(second), server.store)).toBeUndefined();
  });
});

/** The seed report as the server holds it, a client, and one keystroke of that client after the first character of 一. */
function typedOnce(): { server: Y.Doc; client: Y.Doc; update: Uint8Array } {
  const server = createReportDoc(seedReportData());
  const client = syncedClient(server, 500);
  const update = captureUpdate(client, () => textAt(client, { key: 'overview', block: 0, offset: 0 })!.insert(1, '一'))!;
  return { server, client, update };
}
