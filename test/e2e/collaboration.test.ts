/**
 * Two people in one report, each an editor of every part, signed in in their own browser
 * context, syncing through the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colorForName } from '../../client/src/identity.ts';
import { type E2E, type User, cell, createReport, editor, editorOfAll, editorText, newUser, openReport, sampleReportId, startE2E, typeInCell } from './test-support/harness.ts';

function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

/** Two editors of every part of the report, its page open and in sync for both. */
async function twoEditorsIn(reportId: string): Promise<[User, User]> {
  const a = await newUser(e2e, '张伟', { [reportId]: editorOfAll });
  const b = await newUser(e2e, '李娜', { [reportId]: editorOfAll });
  await Promise.all([openReport(e2e, a, reportId), openReport(e2e, b, reportId)]);
  return [a, b];
}

async function closeUsers(...users: User[]): Promise<void> {
  for (const u of users) {
    expect(u.errors).toEqual([]);
    await u.context.close();
  }
}

describe('two people editing the same report', () => {
  it('typing in the same paragraph at the same time converges to the same text', async () => {
    const id = await createReport(e2e, '协同测试一局');
    const [a, b] = await twoEditorsIn(id);
    await editor(a.page, 'overview').click();
    await editor(a.page, 'overview').pressSequentially('基础段落。');
    await expect.poll(() => editorText(b.page, 'overview')).toBe('基础段落。');
    // A writes at the start of the paragraph while B writes at its end, at the same time.
    await a.page.keyboard.press('Home');
    await editor(b.page, 'overview').click();
    await b.page.keyboard.press('End');
    await Promise.all([
      a.page.keyboard.type('甲方输入的文字', { delay: 15 }),
      b.page.keyboard.type('乙方输入的文字', { delay: 15 }),
    ]);
    const expected = '甲方输入的文字基础段落。乙方输入的文字';
    for (const u of [a, b]) await expect.poll(() => editorText(u.page, 'overview'), { timeout: 5000 }).toBe(expected);
    // Each sees the other's caret, labelled with their name, in their colour.
    const caretOfA = b.page.locator('[data-fragment="overview"] .collaboration-carets__label', { hasText: '张伟' });
    await caretOfA.waitFor({ timeout: 3000 });
    expect(await caretOfA.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(rgb(colorForName('张伟')));
    // One paragraph: both typed into the single paragraph of the empty part.
    expect(await editor(a.page, 'overview').locator('p').count()).toBe(1);
    await closeUsers(a, b);
  });

  it('two people typing in different cells of table 三 at once both keep their values', async () => {
    const id = await createReport(e2e, '协同测试二局');
    const [a, b] = await twoEditorsIn(id);
    await Promise.all([
      typeInCell(a.page, 'requests.received.natural', '12'),
      typeInCell(b.page, 'requests.received.commercial', '7'),
    ]);
    for (const u of [a, b]) {
      await expect.poll(() => cell(u.page, 'requests.received.natural').inputValue()).toBe('12');
      await expect.poll(() => cell(u.page, 'requests.received.commercial').inputValue()).toBe('7');
    }
    // Once the row is complete, its total is computed from both people's figures.
    for (const column of ['research', 'nonprofit', 'legal', 'otherOrg']) await typeInCell(a.page, `requests.received.${column}`, '0');
    for (const u of [a, b]) await expect.poll(() => cell(u.page, 'requests.received.total').inputValue()).toBe('19');
    await closeUsers(a, b);
  });

  it('a cell someone else is editing shows their name and colour', async () => {
    const id = await createReport(e2e, '协同测试三局');
    const [a, b] = await twoEditorsIn(id);
    await cell(a.page, 'requests.carriedOver.legal').click();
    const marked = b.page.locator('td.peer-editing', { has: b.page.locator('input[data-cell="requests.carriedOver.legal"]') });
    await marked.waitFor({ timeout: 3000 });
    expect(await marked.locator('.cell-peer').innerText()).toBe('张伟');
    expect(await marked.evaluate((td) => (td as HTMLElement).style.getPropertyValue('--peer-color'))).toBe(colorForName('张伟'));
    await closeUsers(a, b);
  });

  it('a colleague’s change to the cell I am typing in shows once I leave the cell', async () => {
    const id = await createReport(e2e, '协同测试五局');
    const [a, b] = await twoEditorsIn(id);
    const mine = cell(a.page, 'appeals.review.upheld');
    await mine.click();
    await mine.pressSequentially('5');
    await expect.poll(() => cell(b.page, 'appeals.review.upheld').inputValue()).toBe('5');
    await typeInCell(b.page, 'appeals.review.upheld', '8');
    // A later change of theirs in the same table reaches my page after that one: once it shows,
    // theirs to my cell has arrived too. Still typing, my input is not overwritten under my fingers.
    await typeInCell(b.page, 'appeals.review.corrected', '1');
    await expect.poll(() => cell(a.page, 'appeals.review.corrected').inputValue()).toBe('1');
    expect(await mine.inputValue()).toBe('5');
    await mine.press('Tab');
    await expect.poll(() => mine.inputValue()).toBe('8');
    await closeUsers(a, b);
  });

  it('T3.balance: a wrong figure raises the problem for both people within a second; clicking it focuses the cell', async () => {
    const id = await sampleReportId(e2e);
    const [a, b] = await twoEditorsIn(id);
    for (const u of [a, b]) expect(await u.page.locator('.diag-item[data-rule="T3.balance"]').count()).toBe(0);
    // The sample balances (1 received = 1 handled); one more received application breaks 勾稽.
    const input = cell(a.page, 'requests.received.natural');
    await input.click();
    await input.press('Control+A');
    const typedAt = Date.now();
    await input.pressSequentially('2');
    await Promise.all(
      [a, b].map((u) => u.page.locator('.diag-item[data-rule="T3.balance"]').first().waitFor({ timeout: 1000 })),
    );
    expect(Date.now() - typedAt).toBeLessThan(1000);

    const item = b.page.locator('.diag-item[data-rule="T3.balance"]').first();
    expect(await item.innerText()).toMatch(/自然人.*一加二.*不等于三加四/);
    const target = await item.getAttribute('data-target');
    expect(target).toMatch(/^requests\./);
    await item.click();
    expect(await b.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.cell)).toBe(target);
    // The offending cell is marked where it is.
    expect(await b.page.locator(`td.has-error:has(input[data-cell="${target}"])`).count()).toBe(1);

    // Putting the figure back clears the problem for both.
    await input.press('Control+A');
    await input.pressSequentially('1');
    for (const u of [a, b]) await expect.poll(() => u.page.locator('.diag-item[data-rule="T3.balance"]').count()).toBe(0);
    await closeUsers(a, b);
  });

  it('undo takes back only my own changes, never a colleague’s', async () => {
    const id = await createReport(e2e, '协同测试四局');
    const [a, b] = await twoEditorsIn(id);
    await editor(a.page, 'problems').click();
    await editor(a.page, 'problems').pressSequentially('甲写的一句。');
    await expect.poll(() => editorText(b.page, 'problems')).toContain('甲写的一句。');
    await editor(b.page, 'problems').click();
    await b.page.keyboard.press('End');
    await editor(b.page, 'problems').pressSequentially('乙写的一句。');
    await expect.poll(() => editorText(a.page, 'problems')).toContain('乙写的一句。');

    await editor(a.page, 'problems').press('Control+z');
    for (const u of [a, b]) {
      await expect.poll(() => editorText(u.page, 'problems')).not.toContain('甲写的一句。');
      expect(await editorText(u.page, 'problems')).toContain('乙写的一句。');
    }
    // Redo brings mine back, still beside theirs.
    await editor(a.page, 'problems').press('Control+Shift+z');
    await expect.poll(() => editorText(b.page, 'problems')).toContain('甲写的一句。');
    expect(await editorText(b.page, 'problems')).toContain('乙写的一句。');
    await closeUsers(a, b);
  });
});
