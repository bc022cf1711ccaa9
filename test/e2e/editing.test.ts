/**
 * One person at work, signed in: the report list and creating a report, pasting from Word, and
 * the tables' spreadsheet keyboard and input checks (as an editor of every part).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, type User, cell, createReport, editor, editorOfAll, newUser, openReport, sampleReportId, startE2E, waitForReport } from './test-support/harness.ts';

let e2e: E2E;
let user: User;
let reportId: string;
beforeAll(async () => {
  e2e = await startE2E();
  reportId = await createReport(e2e, '编辑测试局');
  user = await newUser(e2e, '陈静', { [reportId]: editorOfAll });
  await openReport(e2e, user, reportId);
});
afterAll(async () => {
  expect(user?.errors ?? []).toEqual([]);
  await e2e?.close();
});

const focusedCell = (u: User) => u.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.cell ?? null);

describe('report list', () => {
  it('lists the reports with agency, year, status, latest version and counts, and creates a new one that opens', async () => {
    // Signed in, on the list: the reports this person has a role on, and only those.
    const newcomer = await newUser(e2e, '周明', { [await sampleReportId(e2e)]: { role: 'viewer', parts: 'all' } });
    const page = newcomer.page;
    const sampleRow = page.locator('tr', { has: page.getByRole('link', { name: '余杭区商务局' }) });
    await sampleRow.waitFor();
    const cells = await sampleRow.locator('td').allInnerTexts();
    // No version saved yet: a draft, no latest version.
    expect(cells.slice(1, 5)).toEqual(['2024', '部门', '草稿', '—']);
    expect(cells[5]).toMatch(/^\d+$/);
    expect(cells[6]).toMatch(/^\d+$/);
    expect(await page.getByRole('link', { name: '编辑测试局' }).count()).toBe(0);

    await page.getByLabel('机关名称').fill('临平区人民政府');
    await page.getByLabel('人民政府').check();
    await page.getByLabel('年度').fill('2025');
    await page.getByRole('button', { name: '创建并打开' }).click();
    await page.waitForURL(/\/reports\/[^/]+$/);
    await waitForReport(page);
    expect(await page.locator('.doc-title').innerText()).toBe('临平区人民政府2025年政府信息公开工作年度报告');

    // The creator owns it (they manage its members) and appears under their account's name.
    await page.reload();
    await waitForReport(page);
    await page.locator('.member-form').waitFor();
    expect(await page.locator('.me').innerText()).toContain('周明');
    expect(await page.locator('.avatars .avatar').first().getAttribute('data-name')).toBe('周明');
    expect(newcomer.errors).toEqual([]);
    await newcomer.context.close();
  });
});

describe('paste from Word/WPS', () => {
  it('keeps the text, headings, bold and italic and drops Word styling', async () => {
    const html = readFileSync(new URL('./test-support/word-paste.html', import.meta.url), 'utf8');
    const target = editor(user.page, 'overview');
    await target.click();
    await target.evaluate((el, pasted) => {
      const data = new DataTransfer();
      data.setData('text/html', pasted);
      data.setData('text/plain', '');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, html);
    const pastedHtml = await target.innerHTML();
    const text = await target.innerText();
    expect(text).toContain('（一）主动公开');
    expect(text).toContain('坚持应公开尽公开原则，立足实际、多点发力推进政务信息公开建设。');
    expect(text).toContain('全年发布信息104条');
    expect(text).toContain('依托网站和新媒体平台强化主动公开。');
    expect(text).toContain('WPS 风格的字体标签文字。');
    expect(await target.locator('h3').innerText()).toBe('（一）主动公开');
    expect(await target.locator('strong').first().innerText()).toBe('全年发布信息');
    expect(await target.locator('em').first().innerText()).toBe('有效扩大了覆盖面');
    expect(pastedHtml).not.toMatch(/style=|class="Mso|<span(?![^>]*collaboration)|<font|o:p|mso-|仿宋|@font-face/);
    // Word's empty spacer paragraph is gone; the four paragraphs of text remain.
    expect(await target.locator('p').count()).toBe(3);
  });
});

describe('live checks on narrative parts', () => {
  it('other.processingFee: marks part 六 where it is, and clicking the finding puts the caret in its editor', async () => {
    const page = user.page;
    const item = page.locator('.diag-item[data-rule="other.processingFee"]');
    await item.waitFor();
    expect(await item.getAttribute('data-target')).toBe('other');
    expect(await page.locator('#part-other').getAttribute('class')).toMatch(/has-warning/);
    expect(await page.locator('#part-other .part-notes').innerText()).toContain('信息处理费');
    await item.click();
    expect(await page.evaluate(() => document.activeElement?.closest('[data-fragment]')?.getAttribute('data-fragment'))).toBe('other');
    // Writing what the rule asks for clears it.
    await page.keyboard.type('本单位未收取信息处理费。');
    await expect.poll(() => item.count()).toBe(0);
    expect(await page.locator('#part-other').getAttribute('class')).not.toMatch(/has-warning/);
  });
});

describe('table keyboard', () => {
  it('moves like a spreadsheet: Tab, Shift+Tab, Enter, arrows at the text edge', async () => {
    const start = cell(user.page, 'requests.received.natural');
    await start.click();
    await start.pressSequentially('5');
    await user.page.keyboard.press('Tab');
    expect(await focusedCell(user)).toBe('requests.received.commercial');
    await user.page.keyboard.press('Shift+Tab');
    expect(await focusedCell(user)).toBe('requests.received.natural');
    await user.page.keyboard.press('Enter');
    expect(await focusedCell(user)).toBe('requests.carriedOver.natural');
    await user.page.keyboard.type('12');
    // The caret is at the end: Right leaves the cell; Left first walks through the text.
    await user.page.keyboard.press('ArrowRight');
    expect(await focusedCell(user)).toBe('requests.carriedOver.commercial');
    await user.page.keyboard.press('ArrowLeft');
    expect(await focusedCell(user)).toBe('requests.carriedOver.natural');
    await user.page.keyboard.press('End');
    await user.page.keyboard.press('ArrowLeft');
    await user.page.keyboard.press('ArrowLeft');
    expect(await focusedCell(user)).toBe('requests.carriedOver.natural');
    await user.page.keyboard.press('ArrowLeft');
    expect(await focusedCell(user)).toBe('requests.carriedOver.natural');
    await user.page.keyboard.press('ArrowUp');
    expect(await focusedCell(user)).toBe('requests.received.natural');
    expect(await cell(user.page, 'requests.received.natural').inputValue()).toBe('5');
    expect(await cell(user.page, 'requests.carriedOver.natural').inputValue()).toBe('12');
  });

  it('Escape cancels the edit and restores the value from before it', async () => {
    const input = cell(user.page, 'proactive.regulations.issued');
    await input.click();
    await input.pressSequentially('8');
    await input.press('Enter');
    await input.click();
    await input.pressSequentially('31');
    expect(await input.inputValue()).toBe('31');
    await input.press('Escape');
    expect(await input.inputValue()).toBe('8');
  });

  it('keeps what is not a number, flags it on the cell, and takes decimals only for 收费金额', async () => {
    const input = cell(user.page, 'proactive.penalties.decisions');
    await input.click();
    await input.pressSequentially('3件');
    expect(await input.inputValue()).toBe('3件');
    const td = user.page.locator('td', { has: input });
    expect(await td.locator('.cell-problem').innerText()).toBe('只能填写整数');
    expect(await td.getAttribute('class')).toContain('has-error');
    await input.press('Enter');
    // Kept in the document, not only on screen: once the server holds it, it survives a reload.
    await expect.poll(() => e2e.server.rooms.peek(reportId)?.doc.getMap('cells.proactive').get('penalties.decisions')).toBe('3件');
    await user.page.reload();
    await waitForReport(user.page);
    expect(await cell(user.page, 'proactive.penalties.decisions').inputValue()).toBe('3件');

    const fees = cell(user.page, 'proactive.fees.amount');
    await fees.click();
    await fees.pressSequentially('96171.6');
    expect(await user.page.locator('td', { has: fees }).locator('.cell-problem').count()).toBe(0);
    const count = cell(user.page, 'proactive.licensing.decisions');
    await count.click();
    await count.pressSequentially('2.5');
    expect(await user.page.locator('td', { has: count }).locator('.cell-problem').innerText()).toBe('应为整数');
  });
});
