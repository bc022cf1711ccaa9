/**
 * Layout 2 in the browser (issue 15): every part is one editor, each table a node in its part's,
 * with notes around it. Two people write a note and a cell of table 三 at once and converge; no
 * way of deleting or doubling a table node in the editor gets anything refused by the server;
 * the keyboard goes from a note into the table and out; a part-limited editor writes the notes
 * of their part only.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { tablePartKeys } from '../../schema/format.ts';
import { cellsMap, isTableElement, partFragment, readTableNotes } from '../../schema/ydoc.ts';
import {
  type E2E,
  type User,
  cell,
  createReport,
  editor,
  editorOfAll,
  newUser,
  notesAround,
  openReport,
  startE2E,
  tableNodeView,
} from './test-support/harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

/** The server's copy of report `id`. */
function serverDoc(id: string): Y.Doc {
  return e2e.server.rooms.peek(id)!.doc;
}

/** The IDs of the table node items the server holds, per table part ("client:clock"). */
function serverTableItems(id: string): string[][] {
  return tablePartKeys.map((table) =>
    partFragment(serverDoc(id), table)
      .toArray()
      .filter(isTableElement)
      .map((el) => `${el._item!.id.client}:${el._item!.id.clock}`),
  );
}

/**
 * Records, from the page's first script on, every websocket close the page sees: a refused update
 * closes the sync socket with 4403.
 */
async function recordSocketCloses(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    const closes: number[] = [];
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('close', (event) => closes.push(event.code));
      }
    };
    Object.defineProperty(window, '__socketCloses', { get: () => closes });
  });
}

function socketCloses(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __socketCloses: number[] }).__socketCloses);
}

async function closeUser(u: User): Promise<void> {
  expect(u.errors).toEqual([]);
  await u.context.close();
}

/** The element of the first text block after table 三 (its notes' first paragraph). */
function noteBelow(page: Page, part: string) {
  return page.locator(`[data-fragment="${part}"] > .node-disclosureTable + *`);
}

describe('table nodes in the parts\' editors', () => {
  it('two people: one types a note under table 三 while the other edits a cell of it; both converge, as does the server', async () => {
    const id = await createReport(e2e, '表格节点一局');
    const a = await newUser(e2e, '赵敏', { [id]: editorOfAll });
    const b = await newUser(e2e, '钱亮', { [id]: editorOfAll });
    await Promise.all([openReport(e2e, a, id), openReport(e2e, b, id)]);
    for (const u of [a, b]) {
      await expect.poll(() => u.page.locator('.report-table').count()).toBe(3);
      expect(await tableNodeView(u.page, 'requests').locator('.report-table').count()).toBe(1);
    }
    const tables = serverTableItems(id);

    await noteBelow(a.page, 'requests').click();
    const typedCell = cell(b.page, 'requests.received.natural');
    await typedCell.click();
    await Promise.all([
      a.page.keyboard.type('注：本表数据截至12月31日。', { delay: 20 }),
      (async () => {
        for (const digit of ['1', '2', '3']) await typedCell.press(digit, { delay: 20 });
      })(),
    ]);
    const note = '注：本表数据截至12月31日。';
    for (const u of [a, b]) {
      await expect.poll(() => notesAround(u.page, 'requests')).toEqual({ before: [], after: [note] });
      await expect.poll(() => cell(u.page, 'requests.received.natural').inputValue()).toBe('123');
    }
    await expect.poll(() => readTableNotes(partFragment(serverDoc(id), 'requests'))).toEqual({ before: '', after: note });
    expect(cellsMap(serverDoc(id), 'requests').get('received.natural')).toBe('123');
    expect(serverTableItems(id)).toEqual(tables);
    await closeUser(a);
    await closeUser(b);
  });
});
