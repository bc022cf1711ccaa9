/**
 * A bounded fuzz of websocket input from the members with the least rights (issue 13): a viewer
 * and an editor of table 三 only send mutated updates (real edits of every part, changed at the
 * byte and the struct level: server/permissions/test-support/mutations.ts), as update messages
 * and sync step 2, and mutated awareness (their own state, someone else's id, removals, oversize
 * states, forged fields), through real websockets to a real server on a SQLite data folder.
 * Whatever they send, nothing they may not write reaches the server's document or the stored
 * report, nothing is left pending, and a watching client stays connected and in step.
 *
 * Seeded: each run prints its seed (NIANBAO_FUZZ_SEED repeats one); a seed that ever failed
 * goes into `regressionSeeds`.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cellDef, tablePartKeys } from '../../schema/format.ts';
import { isCellValue } from '../../schema/map-values.ts';
import type { Rights } from '../../schema/permissions.ts';
import { cellsMap, metaMap, narrativeFragment, narrativeKeys, rootNames } from '../../schema/ydoc.ts';
import { knownIds, mutate, mutationArb, realUpdates, type Mutation } from '../permissions/test-support/mutations.ts';
import { sampleReportId } from '../reports.ts';
import { storedDocument } from '../storage/test-support/stored-document.ts';
import { TestBed, waitFor } from '../test-support/test-bed.ts';
import { freshSeed } from '../../schema/test-support/seeded-runs.ts';
import { addPerson } from './test-support/people.ts';
import { awarenessFrame, type CraftedEntry } from './test-support/raw-awareness.ts';
import { RawSyncClient } from './test-support/raw-sync.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

/** Seeds that once let something through (none yet). */
const regressionSeeds: readonly number[] = [];

/** Every root of the layout as data, markup and attributes included. */
function rootsOf(doc: Y.Doc): Record<string, string> {
  const roots: Record<string, string> = {};
  for (const key of narrativeKeys) roots[rootNames.text[key]] = narrativeFragment(doc, key).toString();
  for (const table of tablePartKeys) roots[rootNames.cells[table]] = JSON.stringify(cellsMap(doc, table).toJSON());
  roots[rootNames.meta] = JSON.stringify(metaMap(doc).toJSON());
  roots[rootNames.comments] = JSON.stringify(doc.getMap(rootNames.comments).toJSON());
  roots[rootNames.signoffs] = JSON.stringify(doc.getMap(rootNames.signoffs).toJSON());
  return roots;
}

type Frame =
  | { readonly kind: 'update' | 'sync-step2'; readonly base: number; readonly mutations: readonly Mutation[] }
  | { readonly kind: 'awareness'; readonly client: 'own' | 'other' | 'watcher'; readonly clock: number; readonly state: 'real' | 'null' | 'huge' | 'forged'; readonly flip?: { at: number; value: number } };

const frameArb: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('update' as const, 'sync-step2' as const), base: fc.nat(), mutations: fc.array(mutationArb, { maxLength: 3 }) }) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        kind: fc.constant('awareness' as const),
        client: fc.constantFrom('own' as const, 'other' as const, 'watcher' as const),
        clock: fc.integer({ min: 0, max: 5 }),
        state: fc.constantFrom('real' as const, 'null' as const, 'huge' as const, 'forged' as const),
        flip: fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      },
      { requiredKeys: ['kind', 'client', 'clock', 'state'] },
    ),
  },
);

const states = {
  real: { user: { name: '我', color: '#336699' }, place: 'requests', cell: 'requests.received.natural' },
  null: null,
  huge: { user: { name: '大'.repeat(3000), color: '#336699' } },
  forged: { user: { name: '管理员 admin (owner)', color: '#ff0000' }, server: { membersChanged: 'x' }, readOnly: false },
} as const;

interface Member {
  readonly name: string;
  readonly rights: Rights;
  readonly clientID: number;
  /** What this member may change: the roots, and for cell roots any key the format has. */
  readonly writable: ReadonlySet<string>;
}

const members: readonly Member[] = [
  { name: 'viewer', rights: { role: 'viewer', parts: 'all' }, clientID: 8008, writable: new Set() },
  { name: 'editor of 三', rights: { role: 'editor', parts: ['requests'] }, clientID: 6006, writable: new Set([rootNames.cells.requests]) },
];

/** The invariants: roots outside `writable` as they were, writable cells well-formed, nothing pending. */
function expectOnlyWritableChanged(doc: Y.Doc, before: Record<string, string>, member: Member): void {
  expect(doc.store.pendingStructs, 'nothing pending').toBeNull();
  expect(doc.store.pendingDs, 'no deletion pending').toBeNull();
  const now = rootsOf(doc);
  for (const root of Object.keys(before)) if (!member.writable.has(root)) expect(now[root], root).toBe(before[root]);
  for (const root of member.writable) {
    const table = tablePartKeys.find((t) => rootNames.cells[t] === root)!;
    for (const [key, value] of cellsMap(doc, table).entries()) {
      expect(cellDef(`${table}.${key}`), `${root}[${key}]`).toBeDefined();
      expect(isCellValue(value), `${root}[${key}] = ${JSON.stringify(value)}`).toBe(true);
    }
  }
  if (member.writable.size === 0) expect(Y.getState(doc.store, member.clientID)).toBe(0);
}

async function fuzz(member: Member, seed: number, numRuns: number): Promise<{ frames: number; reconnects: number }> {
  const server = await bed.server({ auth: 'accounts' });
  const person = await addPerson(server, 'mallory', { reportId: sampleReportId, rights: member.rights });
  const watcher = await addPerson(server, 'watcher', { reportId: sampleReportId, rights: { role: 'owner', parts: 'all' } });
  const observer = bed.client(server.url, sampleReportId, { params: { token: watcher.token }, awareness: { user: { name: 'watcher', color: '#000000' } } });
  // The watcher is the owner: it may write anything, and stays connected through it all.
  await observer.synced;
  const room = server.rooms.peek(sampleReportId)!;
  const before = rootsOf(room.doc);
  const pool = realUpdates(room.doc, member.clientID);
  const ids = [...knownIds(room.doc), Y.createID(observer.doc.clientID, 0), Y.createID(member.clientID, 2)];
  const connect = () => RawSyncClient.connect(bed, server.url, sampleReportId, person.token, member.clientID);
  let raw = await connect();
  const stats = { frames: 0, reconnects: 0 };

  await fc.assert(
    fc.asyncProperty(fc.array(frameArb, { minLength: 1, maxLength: 12 }), async (frames) => {
      for (const frame of frames) {
        if (raw.socket.ws.readyState !== raw.socket.ws.OPEN) {
          raw = await connect();
          stats.reconnects++;
        }
        raw.socket.send(frameBytes(frame, pool, ids, member.clientID, observer.doc.clientID));
        stats.frames++;
      }
      // Everything sent has been handled: the server answered a later step 1 on the same
      // socket, or closed it (nothing after a refusal is read).
      await raw.handled();
      expectOnlyWritableChanged(room.doc, before, member);
      expect(observer.provider.wsconnected).toBe(true);
    }),
    { seed, numRuns },
  );

  await room.flushed();
  await waitFor(() => JSON.stringify(rootsOf(observer.doc)) === JSON.stringify(rootsOf(room.doc)), 'the observer in step with the server');
  await server.close();
  expectOnlyWritableChanged(await storedDocument(server.dataDir, sampleReportId), before, member);
  return stats;
}

function frameBytes(frame: Frame, pool: readonly Uint8Array[], ids: readonly Y.ID[], own: number, watcher: number): Uint8Array {
  if (frame.kind !== 'awareness') {
    const update = mutate(pool[frame.base % pool.length]!, frame.mutations, pool, ids);
    return RawSyncClient.frame(frame.kind, update);
  }
  const client = frame.client === 'own' ? own : frame.client === 'watcher' ? watcher : 424242;
  const entry: CraftedEntry = [client, frame.clock, states[frame.state]];
  const bytes = awarenessFrame(entry);
  if (frame.flip) bytes[frame.flip.at % bytes.length] = frame.flip.value;
  return bytes;
}

describe.each(members)('websocket input fuzz from a $name', (member) => {
  for (const seed of regressionSeeds) it(`regression seed ${seed}`, async () => void (await fuzz(member, seed, 30)));

  it('a fresh seed: nothing outside its rights reaches the document or storage', async () => {
    const seed = freshSeed(`websocket fuzz (${member.name})`);
    const stats = await fuzz(member, seed, 30);
    console.log(`websocket fuzz (${member.name}) seed ${seed}: ${JSON.stringify(stats)}`);
    expect(stats.frames).toBeGreaterThan(100);
    expect(stats.reconnects, 'refusals happened and closed the sender').toBeGreaterThan(0);
  }, 120_000);
});
