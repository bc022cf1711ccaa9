/**
 * Layout 2 in the browser (issue 15): every part is one editor, each table a node in its part's,
 * with notes around it. Two people write a note and a cell of table 三 at once and converge; no
 * way of deleting or doubling a table node in the editor gets anything refused by the server;
 * the keyboard goes from a note into the table and out; a part-limited editor writes the notes
 * of their part only.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
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
import { copyFromEditor, dragSelection, moveCaret, pasteHtml, pointAt, recordSocketCloses, socketCloses } from './test-support/editor-actions.ts';

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

async function closeUser(u: User): Promise<void> {
  expect(u.errors).toEqual([]);
  await u.context.close();
}

/** The first text block after a table part's table (its notes' first paragraph). */
function noteBelow(page: Page, part: string) {
  return page.locator(`[data-fragment="${part}"] > .node-disclosureTable + *`);
}

/** The last text block before a table part's table. */
function noteAbove(page: Page, part: string) {
  return page.locator(`[data-fragment="${part}"] > :has(+ .node-disclosureTable)`);
}

/** A part's notes as the server holds them, blank lines left out (as the page's are compared). */
function serverNotes(id: string, part: (typeof tablePartKeys)[number]): { before: string[]; after: string[] } {
  const notes = readTableNotes(partFragment(serverDoc(id), part));
  const lines = (text: string) => text.split('\n').filter((line) => line !== '');
  return { before: lines(notes.before), after: lines(notes.after) };
}

async function pageNotes(page: Page, part: string): Promise<{ before: string[]; after: string[] }> {
  const notes = await notesAround(page, part);
  return { before: notes.before.filter((line) => line !== ''), after: notes.after.filter((line) => line !== '') };
}

/**
 * After an attempt on table 三's node: three tables on the page, each its part's one node; the
 * server holds what the page shows (so it took the edit), with the same table node items as at
 * the start; the page's socket never closed.
 */
async function expectTablesKept(page: Page, id: string, tables: string[][], what: string, errors: string[] = []): Promise<void> {
  expect(errors, what).toEqual([]);
  expect(await page.locator('.report-table').count(), what).toBe(3);
  for (const part of tablePartKeys) expect(await tableNodeView(page, part).count(), `${what}: ${part}`).toBe(1);
  const shown = await pageNotes(page, 'requests');
  await expect.poll(() => serverNotes(id, 'requests'), { message: what }).toEqual(shown);
  expect(serverTableItems(id), what).toEqual(tables);
  expect(await socketCloses(page), what).toEqual([]);
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
    // Each sees where the other is, as before the tables moved into the editors: a's caret in the
    // note of 三 on b's page, b's name on the cell b is in on a's page.
    await b.page.locator('[data-fragment="requests"] .collaboration-carets__label', { hasText: '赵敏' }).waitFor();
    const marked = a.page.locator('td.peer-editing', { has: cell(a.page, 'requests.received.natural') });
    await marked.waitFor();
    expect(await marked.locator('.cell-peer').innerText()).toBe('钱亮');
    await closeUser(a);
    await closeUser(b);
  });

  it('every way of deleting or doubling table 三\'s node leaves the three tables, each the server\'s same node, with nothing refused', async () => {
    const id = await createReport(e2e, '表格节点二局');
    const u = await newUser(e2e, '孙强', { [id]: editorOfAll });
    await recordSocketCloses(u.page);
    await openReport(e2e, u, id);
    const page = u.page;
    const tables = serverTableItems(id);
    const three = editor(page, 'requests');
    const notes = { before: ['表前说明。'], after: ['注：第一条。', '注：第二条。'] };

    // Notes on both sides: above the table from a gap cursor (ArrowUp out of the first cell), below it in its paragraph.
    await cell(page, 'requests.received.natural').click();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.type('表前说明。');
    await noteBelow(page, 'requests').click();
    await page.keyboard.type('注：第一条。');
    await page.keyboard.press('Enter');
    await page.keyboard.type('注：第二条。');
    await expectTablesKept(page, id, tables, 'notes written', u.errors);
    expect(await pageNotes(page, 'requests')).toEqual(notes);

    // Backspace at the start of the note below it, Delete at the end of the note above it.
    await noteBelow(page, 'requests').click();
    await moveCaret(page, 'Home');
    await page.keyboard.press('Backspace');
    await expectTablesKept(page, id, tables, 'Backspace beside it', u.errors);
    await noteAbove(page, 'requests').click();
    await expectTablesKept(page, id, tables, 'click above', u.errors);
    await moveCaret(page, 'End');
    await page.keyboard.press('Delete');
    await expectTablesKept(page, id, tables, 'Backspace and Delete beside it', u.errors);
    expect(await pageNotes(page, 'requests')).toEqual(notes);

    // Select all and type: the typed text and the table stay.
    await noteBelow(page, 'requests').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('全新的说明');
    await expectTablesKept(page, id, tables, 'select-all and type', u.errors);
    expect((await pageNotes(page, 'requests')).before.concat((await pageNotes(page, 'requests')).after)).toEqual(['全新的说明']);
    await three.press('Control+z');
    await expect.poll(() => pageNotes(page, 'requests')).toEqual(notes);
    await expectTablesKept(page, id, tables, 'undo of select-all and type', u.errors);

    // Select all and Backspace; select all and cut.
    await noteBelow(page, 'requests').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await expectTablesKept(page, id, tables, 'select-all and Backspace', u.errors);
    expect(await pageNotes(page, 'requests')).toEqual({ before: [], after: [] });
    await three.press('Control+z');
    await expect.poll(() => pageNotes(page, 'requests')).toEqual(notes);
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+x');
    await expectTablesKept(page, id, tables, 'select-all and cut', u.errors);
    await three.press('Control+z');
    await expect.poll(() => pageNotes(page, 'requests')).toEqual(notes);

    // Paste of a copied report: the whole page as the browser copies it, then part 二's editor as it copies itself.
    const pageHtml = await page.locator('.paper').evaluate((el) => el.outerHTML);
    await noteBelow(page, 'requests').click();
    await moveCaret(page, 'End');
    await pasteHtml(page, pageHtml);
    await expectTablesKept(page, id, tables, 'paste of the copied page', u.errors);
    await three.press('Control+z');
    await expect.poll(() => pageNotes(page, 'requests')).toEqual(notes);
    await noteBelow(page, 'proactive').click();
    await page.keyboard.press('Control+a');
    const copied = await copyFromEditor(page);
    expect(copied.html).toContain('data-disclosure-table');
    await noteBelow(page, 'requests').click();
    await page.keyboard.press('Control+a');
    await pasteHtml(page, copied.html, copied.text);
    await expectTablesKept(page, id, tables, 'paste of part 二 over all of 三', u.errors);
    await three.press('Control+z');
    await expect.poll(() => pageNotes(page, 'requests')).toEqual(notes);

    // Drag a selection holding the table (from the note above into the note below) to the end of
    // the notes: a window tall enough to show table 三 whole, with the note above it at the top.
    await page.setViewportSize({ width: 1440, height: 2400 });
    await noteAbove(page, 'requests').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await noteAbove(page, 'requests').click();
    await moveCaret(page, 'Home');
    await noteBelow(page, 'requests').click({ modifiers: ['Shift'] });
    await dragSelection(page, await pointAt(page, 'requests', '表前'), await pointAt(page, 'requests', '第二条'));
    await expectTablesKept(page, id, tables, 'a drop of a range holding the table', u.errors);
    await three.press('Control+z');
    await expect.poll(() => pageNotes(page, 'requests')).toEqual(notes);

    // Redo and undo once more, then a last sentence reaches the server: nothing before it was refused.
    await three.press('Control+Shift+z');
    await expectTablesKept(page, id, tables, 'redo of the drop', u.errors);
    await three.press('Control+z');
    await noteBelow(page, 'requests').click();
    await moveCaret(page, 'End');
    await page.keyboard.type('最后一句。');
    await expect.poll(() => serverNotes(id, 'requests').after.join('')).toContain('最后一句。');
    await expectTablesKept(page, id, tables, 'the end', u.errors);
    expect(await page.locator('.diag-item[data-rule="layout.parts"]').count()).toBe(0);
    await closeUser(u);
  });

  it('the keyboard goes from a note into table 三 and out of it, as through one document', async () => {
    const id = await createReport(e2e, '表格节点三局');
    const u = await newUser(e2e, '周洁', { [id]: editorOfAll });
    await openReport(e2e, u, id);
    const page = u.page;
    const focusedCell = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.cell ?? null);
    const focusedEditor = () => page.evaluate(() => document.activeElement?.getAttribute('data-fragment') ?? null);

    // ArrowUp out of the first cell of a table with nothing above it: a caret above the table, where typing starts a note.
    await cell(page, 'requests.received.natural').click();
    await page.keyboard.press('ArrowUp');
    expect(await focusedEditor()).toBe('requests');
    await page.keyboard.type('表前说明。');
    // ArrowDown at its end: the first cell, which typing fills.
    await page.keyboard.press('ArrowDown');
    expect(await focusedCell()).toBe('requests.received.natural');
    await page.keyboard.type('5');
    // Shift+Tab out of the first cell: the end of the note above; Tab there, and ArrowRight at its end, back in.
    await page.keyboard.press('Shift+Tab');
    expect(await focusedEditor()).toBe('requests');
    await page.keyboard.type('甲');
    await page.keyboard.press('Tab');
    expect(await focusedCell()).toBe('requests.received.natural');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowRight');
    expect(await focusedCell()).toBe('requests.received.natural');

    // Tab out of the last cell: the paragraph under the table, the caret there.
    await cell(page, 'requests.carriedForward.total').click();
    await page.keyboard.press('Tab');
    expect(await focusedEditor()).toBe('requests');
    await page.keyboard.type('注：乙');
    // ArrowUp on its first line: the table's last row; ArrowDown out of that row: back to the start of the paragraph.
    await page.keyboard.press('ArrowUp');
    expect(await focusedCell()).toBe('requests.carriedForward.natural');
    await page.keyboard.press('ArrowDown');
    expect(await focusedEditor()).toBe('requests');
    await page.keyboard.type('丙');

    expect(await pageNotes(page, 'requests')).toEqual({ before: ['表前说明。甲'], after: ['丙注：乙'] });
    expect(await cell(page, 'requests.received.natural').inputValue()).toBe('5');
    await expect.poll(() => serverNotes(id, 'requests')).toEqual({ before: ['表前说明。甲'], after: ['丙注：乙'] });
    expect(cellsMap(serverDoc(id), 'requests').get('received.natural')).toBe('5');
    await closeUser(u);
  });

  it('a part-limited editor writes the notes of the parts they own, and nothing in the others', async () => {
    const id = await createReport(e2e, '表格节点四局');
    const clerk = await newUser(e2e, '吴办事员', { [id]: { role: 'editor', parts: ['requests'] } });
    await recordSocketCloses(clerk.page);
    await openReport(e2e, clerk, id);
    const page = clerk.page;
    await noteBelow(page, 'requests').click();
    await page.keyboard.type('注：三由本人填写。');
    await expect.poll(() => serverNotes(id, 'requests').after).toEqual(['注：三由本人填写。']);

    expect(await editor(page, 'proactive').getAttribute('contenteditable')).toBe('false');
    await noteBelow(page, 'proactive').click();
    await page.keyboard.type('不应出现');
    expect(await pageNotes(page, 'proactive')).toEqual({ before: [], after: [] });
    expect(await cell(page, 'proactive.regulations.issued').getAttribute('readonly')).not.toBeNull();
    expect(await cell(page, 'requests.received.natural').getAttribute('readonly')).toBeNull();
    // A later note in 三 reaches the server after whatever the keys in 二 did: nothing was sent there, nothing refused.
    await noteBelow(page, 'requests').click();
    await moveCaret(page, 'End');
    await page.keyboard.type('完');
    await expect.poll(() => serverNotes(id, 'requests').after).toEqual(['注：三由本人填写。完']);
    expect(serverNotes(id, 'proactive')).toEqual({ before: [], after: [] });
    expect(await socketCloses(page)).toEqual([]);
    await closeUser(clerk);
  });
});
