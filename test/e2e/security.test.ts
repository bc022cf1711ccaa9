/**
 * The browser under the server's security headers (server/http/security-headers.ts): people
 * sign in, edit and sync with no Content-Security-Policy violation, the service worker
 * registers, other sites cannot frame the page, and the build ships no source maps. And a
 * session ended elsewhere (close code 4401) leads the open page to the sign-in page, without
 * retrying the socket.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.ts';
import { sampleReportId } from '../../server/reports.ts';
import { type AccountsE2E, accountsPassword, editor, editorText, startAccountsE2E, typeInCell, waitForReport } from './test-support/harness.ts';

const root = new URL('../..', import.meta.url).pathname;

let e2e: AccountsE2E;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  e2e = await startAccountsE2E([
    { name: 'writer', displayName: '孙撰稿', rights: { role: 'editor', parts: 'all' } },
    { name: 'reader', displayName: '周阅读', rights: { role: 'editor', parts: 'all' } },
  ]);
  ({ server, browser } = e2e);
});

afterAll(async () => {
  await e2e?.close();
});

interface Watched {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console messages about the Content-Security-Policy, and uncaught errors. */
  readonly problems: string[];
  /** URLs of the websockets the page opened. */
  readonly sockets: string[];
}

/** A person signing in on the report's URL, every console message and socket watched from the first request. */
async function signIn(name: string): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  const sockets: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto(`${server.url}/reports/${sampleReportId}`);
  await fillSignIn(page, name);
  await waitForReport(page);
  return { context, page, problems, sockets };
}

async function fillSignIn(page: Page, name: string): Promise<void> {
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(accountsPassword);
  await page.getByRole('button', { name: '登录' }).click();
}

describe('the client under its Content-Security-Policy', () => {
  it('signs in, edits a table and a narrative part, and syncs both ways with no CSP violation; the service worker registers', async () => {
    const writer = await signIn('writer');
    const reader = await signIn('reader');
    expect(await writer.page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active !== null))).toBe(true);

    await typeInCell(writer.page, 'requests.received.natural', '42');
    await expect.poll(() => reader.page.locator('input[data-cell="requests.received.natural"]').inputValue()).toBe('42');
    await editor(reader.page, 'problems').click();
    await reader.page.keyboard.press('Control+End');
    await reader.page.keyboard.type('（已整改）');
    await expect.poll(() => editorText(writer.page, 'problems')).toContain('（已整改）');
    // Carets and selections of others render (styles set through the CSSOM, allowed).
    await expect.poll(() => writer.page.locator('[data-fragment="problems"] .collaboration-carets__caret').count()).toBe(1);

    expect(writer.problems).toEqual([]);
    expect(reader.problems).toEqual([]);
    await writer.context.close();
    await reader.context.close();
  });

  it('cannot be framed by another page', async () => {
    const page = await browser.newPage();
    const refusals: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes("frame-ancestors 'none'")) refusals.push(message.text());
    });
    await page.setContent(`<iframe src="${server.url}/"></iframe>`);
    await expect.poll(() => refusals.length).toBeGreaterThan(0);
    const framed = page.frames().find((frame) => frame !== page.mainFrame());
    expect(await framed?.evaluate(() => document.querySelector('#root') !== null).catch(() => false)).toBe(false);
    await page.close();
  });
});

describe('the build', () => {
  it('ships no source maps: no .map file, no sourceMappingURL comment', () => {
    const dist = join(root, 'dist/client');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk(dist);
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    expect(files.filter((f) => f.endsWith('.map')).map((f) => relative(dist, f))).toEqual([]);
    const withComment = files.filter((f) => /\.(js|css|html)$/.test(f) && readFileSync(f, 'utf8').includes('sourceMappingURL'));
    expect(withComment.map((f) => relative(dist, f))).toEqual([]);
  });
});

describe('a session ended elsewhere', () => {
  it('takes the open report page to the sign-in page (4401), without retrying the socket; signing in again reopens it', async () => {
    const writer = await signIn('writer');
    expect(writer.sockets).toHaveLength(1);
    // Signed out from another tab of the same browser: the same cookie, through the API.
    const session = await writer.context.request.get(`${server.url}/api/session`);
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const signOut = await writer.context.request.delete(`${server.url}/api/session`, { headers: { 'x-csrf-token': csrfToken, origin: server.url } });
    expect(signOut.status()).toBe(204);

    await writer.page.getByRole('button', { name: '登录' }).waitFor();
    await fillSignIn(writer.page, 'writer');
    await waitForReport(writer.page);
    // One socket before the sign-out, one after signing in again: none retried in between.
    expect(writer.sockets).toHaveLength(2);
    expect(writer.problems).toEqual([]);
    await writer.context.close();
  });
});
