/**
 * docs/architecture.md's table of the server ("## The server") is the map a newcomer reads first:
 * it must name every folder of server/ and every module of server/, server/room/ and
 * server/sync/ (the centre, listed file by file), and nothing that is not in the tree.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const architecture = readFileSync(join(root, 'docs/architecture.md'), 'utf8');

/** The first cell of each row of the table under "## The server": a path in backticks. */
function tabledPaths(): string[] {
  const section = architecture.slice(architecture.indexOf('\n## The server\n'));
  const table = section.slice(0, section.search(/\n\n(?!\|)/));
  return [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]!);
}

const modulesIn = (folder: string) =>
  readdirSync(join(root, folder), { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => `${folder}/${entry.name}`);

const foldersOf = (folder: string) =>
  readdirSync(join(root, folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${folder}/${entry.name}/`);

describe("docs/architecture.md's server table", () => {
  const paths = tabledPaths();

  it('names only what is in the tree', () => {
    expect(paths.length).toBeGreaterThan(20);
    const missing = paths.filter((path) => !existsSync(join(root, path)) || statSync(join(root, path)).isDirectory() !== path.endsWith('/'));
    expect(missing).toEqual([]);
  });

  it('names every folder of server/ and every module of server/, server/room/ and server/sync/', () => {
    const expected = [...foldersOf('server'), ...modulesIn('server'), ...modulesIn('server/room'), ...modulesIn('server/sync')];
    expect(expected.filter((path) => !paths.includes(path))).toEqual([]);
  });
});
