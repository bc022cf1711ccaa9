/**
 * The directions the code depends in, checked on every source file's imports (static, dynamic and
 * re-exports), so that a wrong import fails here rather than in review:
 * - schema/ is pure: it imports nothing from server/, client/, test/ or bench/;
 * - nothing outside server/cli/ imports the CLI (bin/nianbao.mjs, which starts it, excepted): the
 *   server core takes its options as values, the CLI reads them from flags and the environment;
 * - the client's code imports nothing from server/ (its tests may start a server);
 * - test support (`test-support/` folders) is for tests and benchmarks: production code never
 *   imports it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const sourceFolders = ['schema', 'server', 'client', 'test', 'bench', 'bin'];

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mjs)$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .filter((file) => !file.split('/').includes('node_modules'));
}

const specifier = /\b(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** The repository paths a file imports by relative specifier. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(specifier)].map((match) => relative(root, resolve(root, dirname(file), match[1]!)));
}

const edges = sourceFolders.flatMap(sourceFiles).flatMap((file) => importsOf(file).map((target) => ({ file, target })));

const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const isTestSupport = (file: string) => file.split('/').includes('test-support');
/** Shipped code: what runs in the server, the CLI or the browser. */
const isProduction = (file: string) => /^(schema|server|client)\//.test(file) && !isTest(file) && !isTestSupport(file);
const under = (folder: string) => (file: string) => file.startsWith(`${folder}/`);

function violations(from: (file: string) => boolean, to: (target: string) => boolean): string[] {
  return edges.filter(({ file, target }) => from(file) && to(target)).map(({ file, target }) => `${file} → ${target}`);
}

describe('dependency directions', () => {
  it('finds the imports it checks (the scan reads the tree)', () => {
    expect(edges).toContainEqual({ file: 'bin/nianbao.mjs', target: 'server/cli/main.ts' });
    expect(edges).toContainEqual({ file: 'server/cli/serve.ts', target: 'server/cli/serve-config.ts' });
    expect(edges).toContainEqual({ file: 'server/app.ts', target: 'server/config.ts' });
    expect(edges.length).toBeGreaterThan(500);
  });

  it('schema/ imports nothing from server/, client/, test/ or bench/', () => {
    expect(violations(under('schema'), (target) => /^(server|client|test|bench)\//.test(target))).toEqual([]);
  });

  it('nothing outside server/cli/ imports from server/cli/ (bin/nianbao.mjs starts it)', () => {
    expect(violations((file) => !under('server/cli')(file) && file !== 'bin/nianbao.mjs', under('server/cli'))).toEqual([]);
  });

  it("the client's code imports nothing from server/", () => {
    expect(violations((file) => under('client')(file) && isProduction(file), under('server'))).toEqual([]);
  });

  it('production code imports no test support', () => {
    expect(violations(isProduction, isTestSupport)).toEqual([]);
  });
});
