/**
 * A browser's copy of a report kept from layout 1 (issue 15, item 3 of the client side): opened
 * offline, its table parts show their tables alone — no editor is bound to their empty fragments,
 * so nothing is written into them — and once online the server's upgrade brings the table nodes
 * and the editors appear around them, with nothing refused. The server opens the layout-1 data
 * folder kept as a fixture (server/room/test-support/layout-1-data).
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { tablePartKeys } from '../../schema/format.ts';
import { cellsMap, isTableElement, metaMap, partFragment } from '../../schema/ydoc.ts';
import { storedDocument } from '../../server/storage/test-support/stored-document.ts';
import {
  type E2E,
  cell,
  editor,
  editorOfAll,
  editorText,
  newUser,
  openReport,
  replaceStoredCopy,
  startE2E,
  storedCopy,
  tableNodeView,
  waitForReport,
} from './test-support/harness.ts';

const fixture = new URL('../../server/room/test-support/layout-1-data/', import.meta.url).pathname;
const reportId = 'yuhang-commerce-2024';

let e2e: E2E;
/** The report as the layout-1 release stored it, read before this server opens (and upgrades) it. */
let layout1: Y.Doc;
beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'nianbao-e2e-layout1-'));
  await cp(join(fixture, 'nianbao.sqlite'), join(dataDir, 'nianbao.sqlite'));
  layout1 = await storedDocument(dataDir, reportId);
  e2e = await startE2E({ dataDir });
});
afterAll(async () => {
  await e2e?.close();
});

describe('a copy of the report kept from layout 1', () => {
  it('opens offline with its tables alone, writes nothing into their parts, and gets the editors once the upgrade arrives', async () => {
    expect(metaMap(layout1).get('layoutVersion')).toBe(1);
    const u = await newUser(e2e, '郑晓', { [reportId]: editorOfAll });
    await openReport(e2e, u, reportId);
    const page = u.page;
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));

    // Offline, this browser's copy becomes the layout-1 report, as a copy kept since the old release.
    await u.context.setOffline(true);
    await page.goto(`${e2e.server.url}/`);
    await replaceStoredCopy(page, u.name, reportId, layout1);
    await page.goto(`${e2e.server.url}/reports/${reportId}`);
    await waitForReport(page, 'offline');
    expect(await page.locator('.report-table').count()).toBe(3);
    for (const part of tablePartKeys) expect(await editor(page, part).count(), part).toBe(0);
    expect(await cell(page, 'requests.received.commercial').inputValue()).toBe('3');
    expect(await editorText(page, 'other')).toContain('第1版保存的段落');
    // The copy's table parts are still empty: no editor wrote a paragraph into them.
    const copy = await storedCopy(page, u.name, reportId);
    for (const part of tablePartKeys) expect(partFragment(copy, part).length, part).toBe(0);

    // Online: the server's upgrade arrives, each table part gets its editor around its table node.
    await u.context.setOffline(false);
    await page.locator('.connection[data-status="connected"][data-unsent="0"]').waitFor({ timeout: 10_000 });
    for (const part of tablePartKeys) await tableNodeView(page, part).locator('.report-table').waitFor();
    expect(await page.locator('.report-table').count()).toBe(3);
    expect(await cell(page, 'requests.received.commercial').inputValue()).toBe('3');
    // The server's parts hold its template and nothing of this browser's: the table node and one paragraph.
    const server = e2e.server.rooms.peek(reportId)!.doc;
    for (const part of tablePartKeys) {
      const children = partFragment(server, part).toArray();
      expect(children.map((child) => (isTableElement(child) ? 'table' : child.toString())), part).toEqual(['table', '<paragraph></paragraph>']);
    }
    expect(cellsMap(server, 'requests').get('received.commercial')).toBe('3');
    expect(u.errors).toEqual([]);
    await u.context.close();
  });
});
