/**
 * The update checks against Yjs itself, on mutated real updates: whatever the room would take
 * (well-formed at decoding, no content violation, nothing unresolved) Yjs integrates in full,
 * without throwing and without keeping anything pending, and it changes no root or cell the
 * inspection did not name. A disagreement is a hole: the rights are judged on the inspection,
 * and the document gets what Yjs does.
 *
 * Seeded: each run prints its seed; a seed that ever failed goes into `regressionSeeds`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createReportDoc } from '../../schema/ydoc.ts';
import { checkUpdateWellFormed, UpdateRejected } from '../sync/update-check.ts';
import { contentViolation } from './authorize.ts';
import { inspectDecodedUpdate } from './inspect.ts';
import { knownIds, mutate, mutationArb, realUpdates } from './test-support/mutations.ts';
import { appliedFootprint, seedReportData } from './test-support/report-peers.ts';

/** Seeds that once found a disagreement (none yet). */
const regressionSeeds: readonly number[] = [];

function run(seed: number, numRuns: number): { taken: number; held: number; refused: number } {
  // A fixed client id for the template: the byte-level mutations depend on it.
  const template = new Y.Doc();
  template.clientID = 1;
  const server = createReportDoc(seedReportData(), template);
  const attacker = 5005;
  const pool = realUpdates(server, attacker);
  // Reference targets: every stored item, and clocks nobody has written yet (the owner's future).
  const ids = [...knownIds(server), ...[0, 1, 2, 5].map((clock) => Y.createID(7007, clock)), Y.createID(attacker, 3)];
  const counts = { taken: 0, held: 0, refused: 0 };
  fc.assert(
    fc.property(fc.nat(), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (base, mutations) => {
      const update = mutate(pool[base % pool.length]!, mutations, pool, ids);
      let decoded;
      try {
        decoded = checkUpdateWellFormed(update);
      } catch (err) {
        if (!(err instanceof UpdateRejected)) throw err;
        counts.refused++;
        return;
      }
      const footprint = inspectDecodedUpdate(server, decoded);
      if (contentViolation(footprint)) {
        counts.refused++;
        return;
      }
      if (footprint.unresolved) {
        counts.held++;
        return;
      }
      counts.taken++;
      const applied = appliedFootprint(server, update);
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
      Y.applyUpdate(copy, update);
      expect(copy.store.pendingStructs, 'nothing left pending').toBeNull();
      expect(copy.store.pendingDs, 'no deletion left pending').toBeNull();
      for (const root of applied.roots) expect(footprint.roots, `Yjs changed ${root}`).toContain(root);
      for (const [root, keys] of applied.cellKeys) {
        for (const key of keys) expect(footprint.cellKeys.get(root), `Yjs changed ${root}[${key}]`).toContain(key);
      }
    }),
    { seed, numRuns },
  );
  return counts;
}

describe('the update checks agree with Yjs on mutated real updates', () => {
  for (const seed of regressionSeeds) it(`regression seed ${seed}`, () => void run(seed, 1000));

  it('a fresh seed: everything taken integrates in full and touches only what was inspected', () => {
    const seed = Number(process.env.NIANBAO_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`inspect fuzz seed ${seed} (NIANBAO_FUZZ_SEED=${seed} to repeat)`);
    const counts = run(seed, 1500);
    console.log(`inspect fuzz seed ${seed}: ${JSON.stringify(counts)}`);
    // The mutations reach every outcome, so the property is not vacuous.
    expect(counts.taken).toBeGreaterThan(50);
    expect(counts.held).toBeGreaterThan(20);
    expect(counts.refused).toBeGreaterThan(50);
  });
});
