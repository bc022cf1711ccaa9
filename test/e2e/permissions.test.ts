/**
 * Permissions in the browser, against a server with accounts: people sign in on the sign-in
 * page; an editor restricted to table 三 can type there and not in part 一 (locked, with the
 * name of who may edit it); a reviewer cannot type anywhere and sees no editing controls; the
 * owner sees the members panel; a role change or removal by the owner reaches the member's open
 * page at once, without a reload.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.ts';
import { sampleReportId } from '../../server/reports.ts';
import { cellsMap } from '../../schema/ydoc.ts';
import { type AccountsE2E, accountsPassword, cell, editor, editorText, startAccountsE2E, storedCopy, typeInCell, waitForReport } from './test-support/harness.ts';

let e2e: AccountsE2E;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  e2e = await startAccountsE2E([
    { name: 'owner', displayName: '王所长', rights: { role: 'owner', parts: 'all' } },
    { name: 'clerk3', displayName: '李办事员', rights: { role: 'editor', parts: ['requests'] } },
    { name: 'writer1', displayName: '赵撰稿', rights: { role: 'editor', parts: ['overview'] } },
    { name: 'reviewer', displayName: '钱审核', rights: { role: 'reviewer', parts: 'all' } },
    { name: 'writer2', displayName: '孙撰稿', rights: { role: 'editor', parts: 'all' } },
    { name: 'guest', displayName: '周来宾', rights: { role: 'viewer', parts: 'all' } },
    { name: 'field3', displayName: '吴外勤', rights: { role: 'editor', parts: ['requests'] } },
  ]);
  ({ server, browser } = e2e);
});

afterAll(async () => {
  await e2e?.close();
});

const signedIn = (name: string): Promise<Page> => e2e.signIn(name);

describe('permissions in the browser', () => {
  it('shows the sign-in page and the server\'s message for a wrong password', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByLabel('用户名').fill('clerk3');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.locator('.sign-in-error').textContent()).toBe('用户名或密码不正确');
    await page.close();
  });

  it('an editor restricted to table 三 types there, not in part 一, which is locked with who may edit it', async () => {
    const page = await signedIn('clerk3');
    await typeInCell(page, 'requests.received.natural', '3');
    await expect.poll(() => server.rooms.peek(sampleReportId)!.doc.getMap('cells.requests').get('received.natural')).toBe('3');

    await expect.poll(() => page.locator('[data-locked="overview"]').textContent()).toContain('此部分未分配给您编辑（您负责的部分：三）');
    expect(await page.locator('[data-locked="overview"]').textContent()).toContain('赵撰稿');
    expect(await editor(page, 'overview').getAttribute('contenteditable')).toBe('false');
    const before = await editorText(page, 'overview');
    await editor(page, 'overview').click();
    await page.keyboard.type('不应出现');
    expect(await editorText(page, 'overview')).toBe(before);
    expect(await cell(page, 'proactive.licensing.decisions').getAttribute('readonly')).not.toBeNull();
    await page.context().close();
  });

  it('a reviewer cannot type anywhere and sees no editing controls', async () => {
    const page = await signedIn('reviewer');
    expect(await page.locator('.narrative [contenteditable="true"]').count()).toBe(0);
    expect(await page.locator('.toolbar').count()).toBe(0);
    const editable = await page.locator('input[data-cell]:not([readonly])').count();
    expect(editable).toBe(0);
    const before = await editorText(page, 'problems');
    await editor(page, 'problems').click();
    await page.keyboard.type('审核人不能改');
    expect(await editorText(page, 'problems')).toBe(before);
    expect(await page.locator('.member-form').count()).toBe(0);
    await page.context().close();
  });

  it('the owner sees the members panel and can change a role', async () => {
    const page = await signedIn('owner');
    await page.locator('.members').waitFor();
    expect(await page.locator('[data-member="clerk3"] .member-role').textContent()).toBe('编辑（三）');
    await page.getByLabel('用户名', { exact: true }).fill('reviewer');
    await page.getByLabel('角色').selectOption('viewer');
    await page.getByRole('button', { name: '邀请 / 更新' }).click();
    await expect.poll(() => page.locator('[data-member="reviewer"] .member-role').textContent()).toBe('查看者');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('button', { name: '登录' }).waitFor();
    await page.context().close();
  });

  /** The owner sets `name`'s role through the members panel. */
  async function setRoleInPanel(owner: Page, name: string, role: string): Promise<void> {
    await owner.getByLabel('用户名', { exact: true }).fill(name);
    await owner.getByLabel('角色').selectOption(role);
    await owner.getByRole('button', { name: '邀请 / 更新' }).click();
  }

  it('an editor demoted to viewer while the report is open sees the parts lock and the toolbars go within 2 s, without a reload', async () => {
    const writer = await signedIn('writer2');
    const owner = await signedIn('owner');
    await owner.locator('.members').waitFor();
    expect(await writer.locator('.toolbar').count()).toBeGreaterThan(0);
    expect(await writer.locator('[data-locked]').count()).toBe(0);
    expect(await cell(writer, 'requests.received.natural').getAttribute('readonly')).toBeNull();
    // A reload would lose this.
    await writer.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    const changed = Date.now();
    await setRoleInPanel(owner, 'writer2', 'viewer');
    await writer.locator('[data-locked="requests"]').waitFor({ timeout: 2_000 });
    await expect.poll(() => writer.locator('.toolbar').count(), { timeout: Math.max(100, 2_000 - (Date.now() - changed)) }).toBe(0);
    const lockedAfterMs = Date.now() - changed;

    expect(await writer.locator('[data-locked="requests"]').textContent()).toContain('您是查看者，只能阅读本报告');
    expect(await writer.locator('input[data-cell]:not([readonly])').count()).toBe(0);
    expect(await writer.locator('.narrative [contenteditable="true"]').count()).toBe(0);
    expect(await writer.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // The provider reconnected by itself: the indicator says connected, never refused.
    await writer.locator('.connection[data-status="connected"]').waitFor();
    const before = await editorText(writer, 'overview');
    await editor(writer, 'overview').click();
    await writer.keyboard.type('降级后不能改');
    expect(await editorText(writer, 'overview')).toBe(before);
    console.info(`role change → locks and no toolbar in the member's page: ${lockedAfterMs} ms`);
    await owner.context().close();
    await writer.context().close();
  });

  it('a member removed while the report is open is told so in zh-CN and everything turns read-only', async () => {
    const guest = await signedIn('guest');
    const owner = await signedIn('owner');
    await owner.locator('[data-member="guest"] .member-remove').click();
    await expect.poll(() => guest.getByRole('alert').textContent(), { timeout: 2_000 }).toContain('您已被移出此年报的成员');
    expect(await guest.locator('[data-locked]').count()).toBe(6);
    expect(await guest.locator('[data-locked="requests"]').textContent()).toContain('您已不是此年报的成员');
    expect(await guest.locator('input[data-cell]:not([readonly])').count()).toBe(0);
    expect(await guest.locator('.narrative [contenteditable="true"]').count()).toBe(0);
    expect(await guest.locator('.members').count()).toBe(0);
    await owner.context().close();
    await guest.context().close();
  });

  it('edits typed offline that a role change no longer allows are dropped on reconnect, with a notice, and the page syncs again', async () => {
    const field = await signedIn('field3');
    const owner = await signedIn('owner');
    await owner.locator('.members').waitFor();
    const stored = await cell(field, 'requests.received.legal').inputValue();
    await field.context().setOffline(true);
    await field.locator('.connection[data-status="offline"]').waitFor({ timeout: 3000 });
    await typeInCell(field, 'requests.received.legal', '66');
    await expect.poll(() => field.locator('.connection').getAttribute('data-unsent')).not.toBe('0');
    // Meanwhile the owner makes them a viewer: the offline edit is no longer theirs to make.
    await setRoleInPanel(owner, 'field3', 'viewer');
    await expect.poll(() => owner.locator('[data-member="field3"] .member-role').textContent()).toBe('查看者');

    await field.context().setOffline(false);
    await expect.poll(() => field.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/^本页有 [1-9]\d* 项未同步的修改超出了您现在的编辑权限，服务器未予保存/);
    await field.locator('.connection[data-status="connected"][data-unsent="0"]').waitFor({ timeout: 10_000 });
    expect(await cell(field, 'requests.received.legal').inputValue()).toBe(stored);
    expect(await cell(field, 'requests.received.legal').getAttribute('readonly')).not.toBeNull();
    expect(server.rooms.peek(sampleReportId)!.doc.getMap('cells.requests').get('received.legal')).toBe(stored);

    // The browser's copy is gone for good: a reload syncs at once, with nothing refused.
    await field.reload();
    await field.locator('.connection[data-status="connected"][data-unsent="0"]').waitFor({ timeout: 10_000 });
    expect(await cell(field, 'requests.received.legal').inputValue()).toBe(stored);
    expect(await field.getByRole('alert').count()).toBe(0);
    // …and the owner's edits still reach them.
    await typeInCell(owner, 'requests.received.legal', '77');
    await expect.poll(() => cell(field, 'requests.received.legal').inputValue(), { timeout: 5000 }).toBe('77');
    await owner.context().close();
    await field.context().close();
  });

  it('signing out leaves no copy of a report in the browser: the next person to sign in there sees none of it', async () => {
    await server.accounts!.users.add('outsider3', accountsPassword, 'staff', '郑外人');
    const page = await signedIn('writer1');
    const phrase = (await editorText(page, 'problems')).slice(0, 12);
    expect(phrase.length).toBeGreaterThan(5);
    const localCopies = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('nianbao:')));
    expect(await localCopies()).not.toEqual([]);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('button', { name: '登录' }).waitFor();
    await expect.poll(localCopies).toEqual([]);

    await page.getByLabel('用户名').fill('outsider3');
    await page.getByLabel('密码').fill(accountsPassword);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('.topbar .sign-out').waitFor();
    // Everything the report's page shows from its first paint is watched, not only its end.
    await page.addInitScript((hidden) => {
      let shown = false;
      new MutationObserver(() => (shown ||= document.documentElement.textContent?.includes(hidden) === true)).observe(document, {
        childList: true,
        subtree: true,
        characterData: true,
      });
      Object.defineProperty(window, '__phraseShown', { get: () => shown });
    }, phrase);
    await page.goto(`${server.url}/reports/${sampleReportId}`);
    // The page's final word for a user with no role on the report.
    await page.locator('.report-unavailable[data-verdict="forbidden"]').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __phraseShown: boolean }).__phraseShown)).toBe(false);
    expect(await page.locator('body').innerText()).not.toContain(phrase);
    expect(await localCopies()).toEqual([]);
    await page.context().close();
  });

  it("offline with accounts: a reload without network opens the signed-in user's own copy, and its edits reach the server later", async () => {
    const page = await signedIn('owner');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    await waitForReport(page);
    await page.context().setOffline(true);
    await page.locator('.connection[data-status="offline"]').waitFor({ timeout: 3000 });
    await typeInCell(page, 'requests.received.research', '8');
    // Reload once the browser's copy holds the edit.
    await expect.poll(async () => cellsMap(await storedCopy(page, 'owner', sampleReportId), 'requests').get('received.research')).toBe('8');
    await page.reload();
    await waitForReport(page, 'offline');
    expect(await cell(page, 'requests.received.research').inputValue()).toBe('8');
    expect(await page.locator('.topbar .sign-out').count()).toBe(1);
    await page.context().setOffline(false);
    await page.locator('.connection[data-status="connected"][data-unsent="0"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => server.rooms.peek(sampleReportId)!.doc.getMap('cells.requests').get('received.research')).toBe('8');
    await page.context().close();
  });

  it("another member's role change updates who may edit a part on everyone's open page, without a reload", async () => {
    const clerk = await signedIn('clerk3');
    const owner = await signedIn('owner');
    await owner.locator('.members').waitFor();
    const overviewLock = () => clerk.locator('[data-locked="overview"]').textContent();
    await expect.poll(overviewLock).toContain('赵撰稿');
    await clerk.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    await setRoleInPanel(owner, 'writer1', 'viewer');
    await expect.poll(overviewLock, { timeout: 2_000 }).not.toContain('赵撰稿');
    expect(await overviewLock()).toContain('王所长');
    expect(await clerk.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // Their own rights did not change: 三 stays theirs to edit.
    await typeInCell(clerk, 'requests.received.otherOrg', '4');
    await expect.poll(() => server.rooms.peek(sampleReportId)!.doc.getMap('cells.requests').get('received.otherOrg')).toBe('4');
    await owner.context().close();
    await clerk.context().close();
  });
});
