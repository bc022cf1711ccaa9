/**
 * Convergence: several replicas of one report, created from one template update (as the
 * server's clients receive it), edit narrative text and cells concurrently through a simulated
 * network that delivers in seeded random order, duplicates messages, and disconnects and
 * reconnects replicas. In the end every replica holds the same state, and every replica's
 * ReportValidator reports what a from-scratch check of that state reports.
 *
 * Every run is reproducible from its seed: fresh seeds are printed (NIANBAO_FUZZ_SEED repeats
 * one), and a failure prints the seed and the operation log. A seed that ever failed goes into
 * `pinnedSeeds`, named for what went wrong, and runs on every run.
 */
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { expectedDocDiagnostics } from '../schema/test-support/expected-diagnostics.ts';
import { type DocEdit, type LayoutEdit, applyDocEdit, randomDocEdit, randomLayoutEdit } from '../schema/test-support/edits.ts';
import { seedReport } from '../schema/test-support/seed-report.ts';
import { ReportValidator } from '../schema/validator.ts';
import { createReportDoc, readReportData } from '../schema/ydoc.ts';
import { freshSeeds } from '../schema/test-support/seeded-runs.ts';

const networkOrigin = Symbol('network');

interface Replica {
  readonly id: number;
  readonly doc: Y.Doc;
  readonly validator: ReportValidator;
  online: boolean;
  /** Updates sent to this replica, not yet delivered. */
  readonly inbox: Uint8Array[];
}

type Op =
  | { edit: DocEdit | LayoutEdit; by: number }
  | { deliver: number; duplicate: boolean }
  | { disconnect: number }
  | { reconnect: number };

class Network {
  readonly replicas: Replica[];
  readonly log: Op[] = [];

  constructor(count: number, template: Uint8Array) {
    this.replicas = Array.from({ length: count }, (_, id) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, template, networkOrigin);
      const replica: Replica = { id, doc, validator: new ReportValidator(doc), online: true, inbox: [] };
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === networkOrigin || !replica.online) return;
        for (const other of this.replicas) if (other !== replica && other.online) other.inbox.push(update);
      });
      return replica;
    });
  }

  /** Sync step 1 + 2 both ways between a reconnecting replica and every online one. */
  private syncWithOnline(replica: Replica): void {
    for (const other of this.replicas) {
      if (other === replica || !other.online) continue;
      other.inbox.push(Y.encodeStateAsUpdate(replica.doc, Y.encodeStateVector(other.doc)));
      replica.inbox.push(Y.encodeStateAsUpdate(other.doc, Y.encodeStateVector(replica.doc)));
    }
  }

  step(gen: prng.PRNG): void {
    const replica = prng.oneOf(gen, this.replicas);
    const roll = prng.uint32(gen, 0, 99);
    if (roll < 45) {
      const edit = prng.uint32(gen, 0, 24) === 0 ? randomLayoutEdit(gen) : randomDocEdit(gen);
      this.log.push({ edit, by: replica.id });
      applyDocEdit(replica.doc, edit);
    } else if (roll < 90) {
      if (replica.inbox.length === 0) return;
      const index = prng.uint32(gen, 0, replica.inbox.length - 1);
      const duplicate = prng.uint32(gen, 0, 9) === 0;
      this.log.push({ deliver: replica.id, duplicate });
      const [update] = duplicate ? [replica.inbox[index]] : replica.inbox.splice(index, 1);
      Y.applyUpdate(replica.doc, update, networkOrigin);
    } else if (replica.online && roll < 95) {
      this.log.push({ disconnect: replica.id });
      replica.online = false;
      replica.inbox.length = 0;
    } else if (!replica.online) {
      this.log.push({ reconnect: replica.id });
      replica.online = true;
      this.syncWithOnline(replica);
    }
  }

  /** Reconnects everyone and delivers everything, in random order, until no message is left. */
  settle(gen: prng.PRNG): void {
    for (const r of this.replicas) {
      if (!r.online) {
        r.online = true;
        this.syncWithOnline(r);
      }
    }
    for (;;) {
      const pending = this.replicas.filter((r) => r.inbox.length > 0);
      if (pending.length === 0) break;
      const r = prng.oneOf(gen, pending);
      const [update] = r.inbox.splice(prng.uint32(gen, 0, r.inbox.length - 1), 1);
      Y.applyUpdate(r.doc, update, networkOrigin);
    }
  }
}

function runScenario(seed: number, steps: number, replicas = 3): void {
  const gen = prng.create(seed);
  const template = Y.encodeStateAsUpdate(createReportDoc(seedReport()));
  const net = new Network(replicas, template);
  try {
    for (let i = 0; i < steps; i++) {
      net.step(gen);
      if (i % 25 === 24) {
        for (const r of net.replicas) expect(r.validator.diagnostics(), `replica ${r.id} mid-run`).toEqual(expectedDocDiagnostics(r.doc));
      }
    }
    net.settle(gen);
    const [first, ...rest] = net.replicas;
    for (const r of rest) {
      expect(Y.encodeStateVector(r.doc), `replica ${r.id} state vector`).toEqual(Y.encodeStateVector(first.doc));
      expect(readReportData(r.doc), `replica ${r.id} data`).toEqual(readReportData(first.doc));
    }
    for (const r of net.replicas) expect(r.validator.diagnostics(), `replica ${r.id} diagnostics`).toEqual(expectedDocDiagnostics(r.doc));
  } catch (error) {
    const log = net.log.map((op) => JSON.stringify(op)).join('\n');
    throw new Error(`convergence failed for seed ${seed} after ${net.log.length} operations:\n${log}\n${String(error)}`, {
      cause: error,
    });
  }
}

/** Seeds that once failed in a fresh run, kept as regression cases (name: what went wrong). */
const pinnedSeeds: readonly { name: string; seed: number }[] = [];
/** What a fresh seed runs, and so what a pinned one replays. */
const freshScenario = { steps: 300, replicas: 4 };

describe('convergence of replicas editing one report', () => {
  for (const { name, seed } of pinnedSeeds) {
    it(`regression: ${name} (seed ${seed})`, () => runScenario(seed, freshScenario.steps, freshScenario.replicas));
  }
  it.each([1, 2, 3, 42, 2024, 31337])('fixed seed %i: replicas converge and validate as a fresh check', (seed) => {
    runScenario(seed, 300);
  });
  it('fresh random seeds: replicas converge and validate as a fresh check', () => {
    for (const seed of freshSeeds('convergence', 4)) runScenario(seed, freshScenario.steps, freshScenario.replicas);
  });
});
