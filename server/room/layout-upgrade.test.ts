/**
 * A data folder written by the layout-1 release (test-support/layout-1-data) opened by this one:
 * the report is upgraded once, on the server, with every line and cell in place.
 */
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { tablePartKeys } from '../../schema/format.ts';
import { layout2UpgradeClient } from '../../schema/layout-upgrade.ts';
import { seedReport } from '../../schema/test-support/seed-report.ts';
import { cellsMap, metaMap, partFragment, readReportData, tableNodeName } from '../../schema/ydoc.ts';
import { storedDocument } from '../storage/test-support/stored-document.ts';
import { TestBed, waitFor } from '../test-support/test-bed.ts';

const fixture = new URL('./test-support/layout-1-data/', import.meta.url).pathname;
const reportId = 'yuhang-commerce-2024';
const bed = new TestBed();
afterEach(() => bed.cleanup());

/** A copy of the layout-1 data folder (the fixture itself is never opened). */
async function layout1Folder(): Promise<string> {
  const dir = await bed.tempDir();
  await cp(join(fixture, 'nianbao.sqlite'), join(dir, 'nianbao.sqlite'));
  return dir;
}

function tableNodes(doc: Y.Doc): number[] {
  return tablePartKeys.map(
    (table) => partFragment(doc, table).toArray().filter((child) => child instanceof Y.XmlElement && child.nodeName === tableNodeName).length,
  );
}

/** The layout-1 release's seed plus its one logged edit. */
function expectedData() {
  const seed = seedReport();
  return {
    ...seed,
    parts: { ...seed.parts, other: `${seed.parts.other}\n第1版保存的段落：本年度无其他需要报告的事项。` },
    tables: { ...seed.tables, requests: { ...seed.tables.requests, 'received.commercial': '3' } },
  };
}

describe('a report stored in layout 1', () => {
  it('is stored as layout 1 by the fixture (no table fragments)', async () => {
    const doc = await storedDocument(await layout1Folder(), reportId);
    expect(metaMap(doc).get('layoutVersion')).toBe(1);
    expect(tableNodes(doc)).toEqual([0, 0, 0]);
    expect(readReportData(doc)).toEqual(expectedData());
  });

  it('opens upgraded for a client, with every seed line and cell in place, and is stored upgraded', async () => {
    const server = await bed.server({ dataDir: await layout1Folder() });
    const client = bed.client(server.url, reportId);
    await client.synced;
    await waitFor(() => metaMap(client.doc).get('layoutVersion') === 2, 'the upgrade at the client');
    expect(tableNodes(client.doc)).toEqual([1, 1, 1]);
    expect(readReportData(client.doc)).toEqual(expectedData());
    expect(server.log.lines.some((line) => line.msg === 'report upgraded to the current layout')).toBe(true);
    await server.close();
    const stored = await storedDocument(server.dataDir, reportId);
    expect(tableNodes(stored)).toEqual([1, 1, 1]);
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(client.doc));
  });

  it('is upgraded once when two servers load it at once: the same update from both, one table per part', async () => {
    const [a, b] = [await layout1Folder(), await layout1Folder()];
    const servers = [await bed.server({ dataDir: a }), await bed.server({ dataDir: b })];
    const clients = servers.map((server) => bed.client(server.url, reportId));
    // One server's report moves on before the other's loads it.
    await clients[0].synced;
    await waitFor(() => tableNodes(clients[0].doc).every((n) => n === 1), 'the first server upgraded');
    cellsMap(clients[0].doc, 'requests').set('received.natural', '9');
    await clients[1].synced;
    await waitFor(() => tableNodes(clients[1].doc).every((n) => n === 1), 'the second server upgraded');
    for (const server of servers) await server.close();
    const [storedA, storedB] = [await storedDocument(a, reportId), await storedDocument(b, reportId)];
    // Both wrote the upgrade under the one upgrade client, with the same clocks.
    expect(Y.getState(storedA.store, layout2UpgradeClient)).toBe(Y.getState(storedB.store, layout2UpgradeClient));
    Y.applyUpdate(storedA, Y.encodeStateAsUpdate(storedB));
    expect(tableNodes(storedA)).toEqual([1, 1, 1]);
    expect(readReportData(storedA).notes).toEqual(expectedData().notes);
  });
});
