import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type TableKey, tablePartKeys } from '../../schema/format.ts';
import { emptyReport } from '../../schema/report.ts';
import { cellsMap, createReportDoc, metaMap, narrativeFragment } from '../../schema/ydoc.ts';
import { inspectDecodedUpdate, inspectUpdate } from './inspect.ts';
import {
  appliedFootprint,
  blockText,
  craftUpdate,
  paragraph,
  seedPeers,
  seedReportData,
  stringItem,
  syncedClient,
  updateOf,
} from './test-support/report-peers.ts';

/** Footprint fields as plain values, for toEqual. */
function summary(footprint: ReturnType<typeof inspectUpdate>) {
  return {
    roots: [...footprint.roots].sort(),
    cellKeys: Object.fromEntries([...footprint.cellKeys].map(([root, keys]) => [root, [...keys].sort()])),
    unresolved: footprint.unresolved,
  };
}

function oracleSummary(server: Y.Doc, update: Uint8Array) {
  const applied = appliedFootprint(server, update);
  return {
    roots: [...applied.roots].sort(),
    cellKeys: Object.fromEntries([...applied.cellKeys].map(([root, keys]) => [root, [...keys].sort()])),
    unresolved: false,
  };
}

const sampleCell: Record<TableKey, string> = {
  proactive: 'licensing.decisions',
  requests: 'received.natural',
  appeals: 'review.upheld',
};

type ClientEdit = { name: string; edit: (client: Y.Doc) => void; roots: string[]; cellKeys?: Record<string, string[]> };

/** Edits as a browser makes them on the seed report, with the roots and keys they touch. */
const clientEdits: ClientEdit[] = [
  { name: 'typing in part 一', edit: (c) => blockText(narrativeFragment(c, 'overview'), 0).insert(5, '新'), roots: ['text.overview'] },
  {
    name: 'typing the first text of the empty preamble (a new XmlText in a stored paragraph)',
    edit: (c) => (narrativeFragment(c, 'preamble').get(0) as Y.XmlElement).insert(0, [new Y.XmlText('根据')]),
    roots: ['text.preamble'],
  },
  {
    name: 'bold over a range',
    edit: (c) => blockText(narrativeFragment(c, 'overview'), 2).format(4, 12, { bold: {} }),
    roots: ['text.overview'],
  },
  { name: 'deleting text', edit: (c) => blockText(narrativeFragment(c, 'problems'), 0).delete(3, 40), roots: ['text.problems'] },
  { name: 'deleting whole paragraphs', edit: (c) => narrativeFragment(c, 'overview').delete(1, 3), roots: ['text.overview'] },
  {
    name: 'inserting a new paragraph (element and text chained in one update)',
    edit: (c) => narrativeFragment(c, 'other').insert(1, [paragraph('另附：本年度未发生收费。')]),
    roots: ['text.other'],
  },
  {
    name: 'inserting a heading with its level attribute',
    edit: (c) => {
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', 3 as unknown as string);
      heading.insert(0, [new Y.XmlText('（六）其他')]);
      narrativeFragment(c, 'overview').insert(4, [heading]);
    },
    roots: ['text.overview'],
  },
  ...tablePartKeys.flatMap((table): ClientEdit[] => [
    {
      name: `setting a cell of ${table}`,
      edit: (c) => cellsMap(c, table).set(sampleCell[table], '7'),
      roots: [`cells.${table}`],
      cellKeys: { [`cells.${table}`]: [sampleCell[table]] },
    },
    {
      name: `deleting a cell of ${table}`,
      edit: (c) => cellsMap(c, table).delete(sampleCell[table]),
      roots: [`cells.${table}`],
      cellKeys: { [`cells.${table}`]: [sampleCell[table]] },
    },
  ]),
  { name: 'changing meta', edit: (c) => metaMap(c).set('year', 2025), roots: ['meta'] },
  { name: 'creating an unknown root', edit: (c) => c.getMap('evil').set('x', 1), roots: ['evil'] },
  {
    name: 'writing a cell key the format does not have',
    edit: (c) => cellsMap(c, 'requests').set('received.alien', '1'),
    roots: ['cells.requests'],
    cellKeys: { 'cells.requests': ['received.alien'] },
  },
  {
    name: 'editing two parts in one transaction',
    edit: (c) => {
      blockText(narrativeFragment(c, 'overview'), 0).insert(0, '（修订）');
      cellsMap(c, 'requests').set('carriedOver.natural', '2');
    },
    roots: ['cells.requests', 'text.overview'],
    cellKeys: { 'cells.requests': ['carriedOver.natural'] },
  },
];

describe('inspectUpdate on updates clients produce', () => {
  it.each(clientEdits)('$name', ({ edit, roots, cellKeys = {} }) => {
    const { server, client } = seedPeers();
    const update = updateOf(client, () => edit(client));
    const footprint = inspectUpdate(server, update);
    expect(summary(footprint)).toEqual({ roots, cellKeys, unresolved: false });
    // Pure deletions add no structs; every other edit adds them under the client's own ID.
    const addsStructs = Y.decodeUpdate(update).structs.length > 0;
    expect([...footprint.clients]).toEqual(addsStructs ? [client.clientID] : []);
    // Yjs, applying the update to a copy of the server's doc, agrees.
    expect(summary(footprint)).toEqual(oracleSummary(server, update));
  });

  it('writing a blank cell of a fresh template names the root and key explicitly', () => {
    const server = createReportDoc(emptyReport({ agency: '余杭区商务局', kind: 'department', year: 2025 }));
    const client = syncedClient(server, 1001);
    const update = updateOf(client, () => cellsMap(client, 'appeals').set('suitDirect.pending', '1'));
    expect(summary(inspectUpdate(server, update))).toEqual({
      roots: ['cells.appeals'],
      cellKeys: { 'cells.appeals': ['suitDirect.pending'] },
      unresolved: false,
    });
  });

  it('a paragraph typed in after the server applied the previous keystroke resolves against the store', () => {
    const { server, client } = seedPeers();
    const first = updateOf(client, () => narrativeFragment(client, 'other').insert(1, [paragraph('第一句')]));
    Y.applyUpdate(server, first);
    const second = updateOf(client, () => blockText(narrativeFragment(client, 'other'), 1).insert(3, '，第二句'));
    expect(summary(inspectUpdate(server, second))).toEqual({ roots: ['text.other'], cellKeys: {}, unresolved: false });
  });
});

describe('inspectDecodedUpdate', () => {
  it('gives the same footprint from an update decoded once, as often as asked', () => {
    const { server, client } = seedPeers();
    const update = updateOf(client, () => {
      narrativeFragment(client, 'other').insert(1, [paragraph('新段落')]);
      cellsMap(client, 'appeals').delete('review.total');
    });
    const decoded = Y.decodeUpdate(update);
    const expected = summary(inspectUpdate(server, update));
    expect(summary(inspectDecodedUpdate(server, decoded))).toEqual(expected);
    expect(summary(inspectDecodedUpdate(server, decoded))).toEqual(expected);
    expect(expected.roots).toEqual(['cells.appeals', 'text.other']);
  });
});

describe('inspectUpdate on what the server already has', () => {
  it('finds nothing in an update it already applied', () => {
    const { server, client } = seedPeers();
    const update = updateOf(client, () => blockText(narrativeFragment(client, 'overview'), 0).insert(5, '新'));
    Y.applyUpdate(server, update);
    expect(summary(inspectUpdate(server, update))).toEqual({ roots: [], cellKeys: {}, unresolved: false });
  });

  it("finds nothing in a client's sync step 2 that carries its whole delete set", () => {
    const { server, client } = seedPeers();
    for (const edit of clientEdits.slice(0, 6)) Y.applyUpdate(server, updateOf(client, () => edit.edit(client)));
    const syncStep2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    expect(Y.decodeUpdate(syncStep2).ds.clients.size).toBeGreaterThan(0);
    const footprint = inspectUpdate(server, syncStep2);
    expect(summary(footprint)).toEqual({ roots: [], cellKeys: {}, unresolved: false });
    expect(footprint.clients.size).toBe(0);
  });
});

describe('inspectUpdate on what the server cannot resolve', () => {
  it('marks an edit inside a paragraph the server has not received as unresolved', () => {
    const { server, client } = seedPeers();
    const third = syncedClient(server, 3003);
    Y.applyUpdate(client, updateOf(third, () => narrativeFragment(third, 'overview').insert(0, [paragraph('第三方的段落')])));
    const update = updateOf(client, () => blockText(narrativeFragment(client, 'overview'), 0).insert(2, '插入'));
    expect(summary(inspectUpdate(server, update))).toEqual({ roots: [], cellKeys: {}, unresolved: true });
  });

  it('marks a struct past a gap in its client clock as unresolved, keeping the root it names', () => {
    const { server } = seedPeers();
    const update = craftUpdate([{ client: 7777, clock: 5, structs: [stringItem(Y.createID(7777, 5), 'x', { parent: 'text.overview' })] }]);
    expect(summary(inspectUpdate(server, update))).toEqual({ roots: ['text.overview'], cellKeys: {}, unresolved: true });
  });

  it('marks a deletion of items nobody has sent as unresolved', () => {
    const { server } = seedPeers();
    const update = craftUpdate([], [{ client: 9999, clock: 0, len: 3 }]);
    expect(summary(inspectUpdate(server, update))).toEqual({ roots: [], cellKeys: {}, unresolved: true });
  });

  it('marks two items that are each other’s origin (a cycle) as unresolved', () => {
    const { server } = seedPeers();
    const update = craftUpdate([
      { client: 7777, clock: 0, structs: [stringItem(Y.createID(7777, 0), 'a', { origin: Y.createID(8888, 0) })] },
      { client: 8888, clock: 0, structs: [stringItem(Y.createID(8888, 0), 'b', { origin: Y.createID(7777, 0) })] },
    ]);
    expect(summary(inspectUpdate(server, update))).toEqual({ roots: [], cellKeys: {}, unresolved: true });
  });

  it('marks an item whose parent item holds no type as unresolved', () => {
    const { server } = seedPeers();
    const textRun = blockText(narrativeFragment(server, 'overview'), 0)._start as Y.Item;
    const update = craftUpdate([{ client: 7777, clock: 0, structs: [stringItem(Y.createID(7777, 0), 'x', { parent: textRun.id })] }]);
    expect(summary(inspectUpdate(server, update))).toEqual({ roots: [], cellKeys: {}, unresolved: true });
  });

  it('reports bytes that are not an update as malformed', () => {
    const { server } = seedPeers();
    const footprint = inspectUpdate(server, new Uint8Array([5, 200, 1, 7]));
    expect(footprint.malformed).toBe(true);
    expect(footprint.unresolved).toBe(true);
  });
});

describe('inspectUpdate on garbage-collected structs', () => {
  it('places the deleted paragraph of an offline session whose text arrives as GC structs', () => {
    const { server, client } = seedPeers();
    updateOf(client, () => narrativeFragment(client, 'other').insert(1, [paragraph('离线写下又删掉的段落')]));
    updateOf(client, () => narrativeFragment(client, 'other').delete(1, 1));
    const syncStep2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    expect(Y.decodeUpdate(syncStep2).structs.some((s) => s instanceof Y.GC)).toBe(true);
    expect(summary(inspectUpdate(server, syncStep2))).toEqual({ roots: ['text.other'], cellKeys: {}, unresolved: false });
  });

  it('ignores an item whose left neighbour is a GC struct of the same update: Yjs collects it', () => {
    const { server } = seedPeers();
    const update = craftUpdate([
      {
        client: 7777,
        clock: 0,
        structs: [new Y.GC(Y.createID(7777, 0), 3), stringItem(Y.createID(7777, 3), 'x', { origin: Y.createID(7777, 2) })],
      },
    ]);
    expect(summary(inspectUpdate(server, update))).toEqual({ roots: [], cellKeys: {}, unresolved: false });
    expect(oracleSummary(server, update).roots).toEqual([]);
  });

  it('ignores an item whose left neighbour the server has garbage-collected', () => {
    const { server } = seedPeers();
    const gone = (blockText(narrativeFragment(server, 'problems'), 0)._start as Y.Item).id;
    server.transact(() => narrativeFragment(server, 'problems').delete(0, 1));
    expect(Y.getItem(server.store, gone)).toBeInstanceOf(Y.GC);
    const update = craftUpdate([{ client: 7777, clock: 0, structs: [stringItem(Y.createID(7777, 0), 'x', { origin: gone })] }]);
    expect(summary(inspectUpdate(server, update))).toEqual({ roots: [], cellKeys: {}, unresolved: false });
    expect(oracleSummary(server, update).roots).toEqual([]);
  });

  it('records list content put into a cells map without a key as a null key', () => {
    const { server } = seedPeers();
    const update = craftUpdate([{ client: 7777, clock: 0, structs: [stringItem(Y.createID(7777, 0), 'x', { parent: 'cells.requests' })] }]);
    expect(summary(inspectUpdate(server, update))).toEqual({
      roots: ['cells.requests'],
      cellKeys: { 'cells.requests': [null] },
      unresolved: false,
    });
  });
});

describe('inspectUpdate on long chains', () => {
  it('resolves 20 000 paragraphs each chained to the previous without exhausting the stack', () => {
    const server = createReportDoc(seedReportData());
    const client = syncedClient(server, 1001);
    const update = updateOf(client, () =>
      narrativeFragment(client, 'other').insert(1, Array.from({ length: 20_000 }, (_, i) => paragraph(`第${i}段`))),
    );
    expect(summary(inspectUpdate(server, update))).toEqual({ roots: ['text.other'], cellKeys: {}, unresolved: false });
  });
});
