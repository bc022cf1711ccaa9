/**
 * Seeds of random tests. A random test starts from a fresh seed each run and prints it, or takes
 * the one given in NIANBAO_FUZZ_SEED, so that any run can be repeated:
 *
 *   NIANBAO_FUZZ_SEED=1234 npx vitest run test/convergence.test.ts
 *
 * A seed that ever failed is kept beside its test, in a list that runs on every run, so that a
 * bug found once stays found.
 */
import fc from 'fast-check';
import { it } from 'vitest';

/** `count` fresh seeds, or only NIANBAO_FUZZ_SEED when it is set; each printed with `what` it seeds. */
export function freshSeeds(what: string, count: number): number[] {
  const given = process.env.NIANBAO_FUZZ_SEED;
  const seeds =
    given === undefined || given === ''
      ? Array.from({ length: count }, () => Math.floor(Math.random() * 2 ** 31))
      : [Number(given)];
  for (const seed of seeds) {
    if (!Number.isSafeInteger(seed)) throw new Error(`NIANBAO_FUZZ_SEED must be an integer, not "${given}"`);
    console.log(`${what}: seed ${seed} (NIANBAO_FUZZ_SEED=${seed} to repeat)`);
  }
  return seeds;
}

export function freshSeed(what: string): number {
  return freshSeeds(what, 1)[0]!;
}

/** A run of a fast-check property that once failed: the seed and path fast-check printed. */
export interface PropertyRegression {
  /** What went wrong, for the test's name. */
  readonly what: string;
  readonly seed: number;
  /** fast-check's path to the shrunk counterexample; without it the seed's whole run is replayed. */
  readonly path?: string;
}

/** fast-check's parameters that replay a regression (its seed's run of `numRuns`, or just the counterexample at `path`). */
export function replayOf({ seed, path }: PropertyRegression, numRuns: number): { seed: number; numRuns: number; path?: string } {
  return path === undefined ? { seed, numRuns } : { seed, numRuns, path };
}

/** The name of a regression's test. */
export function regressionTitle({ what, seed }: PropertyRegression): string {
  return `regression: ${what} (seed ${seed})`;
}

/**
 * A fast-check property as tests: every regression replayed as a test of its own, then a run of
 * `numRuns` from a fresh seed. When a run fails fast-check prints its seed and the path to the
 * shrunk counterexample: those two go into `regressions`.
 */
export function propertyTest<Ts>(
  title: string,
  property: fc.IProperty<Ts>,
  { numRuns, regressions }: { readonly numRuns: number; readonly regressions: readonly PropertyRegression[] },
): void {
  for (const regression of regressions) {
    it(`${title} — ${regressionTitle(regression)}`, () => fc.assert(property, replayOf(regression, numRuns)));
  }
  it(title, () => fc.assert(property, { seed: freshSeed('fast-check'), numRuns }));
}
