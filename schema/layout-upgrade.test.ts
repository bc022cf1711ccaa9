import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { tablePartKeys } from './format.ts';
import { layout2UpgradeClient, needsLayoutUpgrade, upgradeLayout } from './layout-upgrade.ts';
import { seedReport } from './test-support/seed-report.ts';
import { cellsMap, createReportDoc, metaMap, partFragment, readReportData, tableNodeName } from './ydoc.ts';

/** A report as the layout-1 release stored it: no table-part fragments, layoutVersion 1. */
function layout1Doc(): Y.Doc {
  const doc = createReportDoc(seedReport());
  const stripped = new Y.Doc();
  Y.applyUpdate(stripped, Y.encodeStateAsUpdate(doc));
  stripped.transact(() => {
    for (const table of tablePartKeys) partFragment(stripped, table).delete(0, partFragment(stripped, table).length);
    metaMap(stripped).set('layoutVersion', 1);
  });
  // Re-encoded without the deleted template, as if it had never been written.
  const fresh = new Y.Doc();
  fresh.transact(() => {
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(stripped));
  });
  return fresh;
}

function tableNodes(doc: Y.Doc, table: (typeof tablePartKeys)[number]): number {
  return partFragment(doc, table)
    .toArray()
    .filter((child) => child instanceof Y.XmlElement && child.nodeName === tableNodeName).length;
}

function copy(doc: Y.Doc): Y.Doc {
  const out = new Y.Doc();
  Y.applyUpdate(out, Y.encodeStateAsUpdate(doc));
  return out;
}

describe('upgradeLayout: layout 1 → 2', () => {
  it('gives each table part its table node and an empty paragraph, and changes no line or cell', () => {
    const doc = layout1Doc();
    const before = readReportData(doc);
    expect(needsLayoutUpgrade(doc)).toBe(true);
    expect(upgradeLayout(doc)).toBe(true);
    expect(metaMap(doc).get('layoutVersion')).toBe(2);
    for (const table of tablePartKeys) {
      expect(tableNodes(doc, table)).toBe(1);
      expect(partFragment(doc, table).length).toBe(2);
    }
    expect(readReportData(doc)).toEqual(before);
    expect(readReportData(doc)).toEqual(seedReport());
  });

  it('writes the same bytes wherever it runs: two servers upgrading one stored report add one table each', () => {
    const stored = layout1Doc();
    const serverA = copy(stored);
    const serverB = copy(stored);
    // Different own client ids and different unrelated history after the load.
    cellsMap(serverB, 'requests').set('received.natural', '7');
    const updates: Uint8Array[] = [];
    for (const server of [serverA, serverB]) {
      const own = server.clientID;
      server.once('update', (update: Uint8Array) => updates.push(update));
      expect(upgradeLayout(server)).toBe(true);
      expect(server.clientID).toBe(own);
    }
    expect(Buffer.from(updates[0]).equals(Buffer.from(updates[1]))).toBe(true);
    Y.applyUpdate(serverA, Y.encodeStateAsUpdate(serverB));
    Y.applyUpdate(serverB, Y.encodeStateAsUpdate(serverA));
    for (const server of [serverA, serverB]) {
      for (const table of tablePartKeys) expect(tableNodes(server, table)).toBe(1);
      expect(cellsMap(server, 'requests').get('received.natural')).toBe('7');
    }
  });

  it('runs once: not on an upgraded document, not on a new one, not even if layoutVersion were set back', () => {
    const doc = layout1Doc();
    upgradeLayout(doc);
    expect(upgradeLayout(doc)).toBe(false);
    expect(upgradeLayout(createReportDoc(seedReport()))).toBe(false);
    expect(upgradeLayout(new Y.Doc())).toBe(false);
    metaMap(doc).set('layoutVersion', 1);
    expect(Y.getState(doc.store, layout2UpgradeClient)).toBeGreaterThan(0);
    expect(upgradeLayout(doc)).toBe(false);
    for (const table of tablePartKeys) expect(tableNodes(doc, table)).toBe(1);
  });
});
