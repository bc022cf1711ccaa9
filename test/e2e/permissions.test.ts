/**
 * Permissions in the browser, against a server with accounts: people sign in on the sign-in
 * page; an editor restricted to table 三 can type there and not in part 一 (locked, with the
 * name of who may edit it); a reviewer cannot type anywhere and sees no editing controls; the
 * owner sees the members panel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/app.ts';
import { sampleReportId } from '../../server/reports.ts';
import { cell, chromiumArgs, editor, editorText, ensureClientBuilt, typeInCell } from './harness.ts';

const root = new URL('../..', import.meta.url).pathname;
const password = 'e2e-password-0123';
let server: RunningServer;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  ensureClientBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'nianbao-e2e-perm-'));
  server = await startServer({ port: 0, dataDir, clientDir: join(root, 'dist/client'), sample: true, logLevel: 'warn' });
  const accounts = server.accounts!;
  const add = async (name: string, displayName: string, rights: Parameters<typeof accounts.access.setMember>[2]) => {
    const user = await accounts.users.add(name, password, 'staff', displayName);
    await accounts.access.setMember(sampleReportId, user, rights);
  };
  await add('owner', '王所长', { role: 'owner', parts: 'all' });
  await add('clerk3', '李办事员', { role: 'editor', parts: ['requests'] });
  await add('writer1', '赵撰稿', { role: 'editor', parts: ['overview'] });
  await add('reviewer', '钱审核', { role: 'reviewer', parts: 'all' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function signedIn(name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(`${server.url}/reports/${sampleReportId}`);
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('.paper:not(.loading)').waitFor();
  await page.locator('.connection[data-status="connected"]').waitFor();
  return page;
}

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
});
