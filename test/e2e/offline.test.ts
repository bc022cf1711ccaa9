/**
 * Working offline, signed in: edits are kept in the browser (IndexedDB, the signed-in user's
 * copy), counted as unsent, survive a reload without network (the app shell comes from the
 * service worker's cache) and merge into the shared report when the network returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellsMap, narrativeFragment } from '../../schema/ydoc.ts';
import { type E2E, cell, createReport, editor, editorOfAll, editorText, newUser, openReport, startE2E, storedCopy, waitForReport } from './test-support/harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('offline editing', () => {
  it('keeps edits made offline across a reload and merges them on reconnect', async () => {
    const id = await createReport(e2e, '离线测试局');
    const a = await newUser(e2e, '孙丽', { [id]: editorOfAll });
    await openReport(e2e, a, id);
    // The service worker has cached the app shell once it controls the page.
    await a.page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await a.page.reload();
    await waitForReport(a.page);
    expect(await a.page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await a.context.setOffline(true);
    await a.page.locator('.connection[data-status="offline"]').waitFor({ timeout: 3000 });
    await cell(a.page, 'requests.received.natural').click();
    await cell(a.page, 'requests.received.natural').pressSequentially('9');
    await editor(a.page, 'other').click();
    await editor(a.page, 'other').pressSequentially('离线时写下的说明。');
    const indicator = a.page.locator('.connection');
    await expect.poll(() => indicator.getAttribute('data-unsent')).not.toBe('0');
    expect(await indicator.innerText()).toMatch(/^离线（\d+ 项修改未同步）$/);

    // Nobody else sees the edit yet.
    const b = await newUser(e2e, '周强', { [id]: { role: 'viewer', parts: 'all' } });
    await openReport(e2e, b, id);
    expect(await cell(b.page, 'requests.received.natural').inputValue()).toBe('');

    // Reload with no network once the browser's copy holds both edits: the page still opens,
    // from the cache and IndexedDB.
    await expect
      .poll(async () => {
        const copy = await storedCopy(a.page, a.name, id);
        return [cellsMap(copy, 'requests').get('received.natural'), narrativeFragment(copy, 'other').toString()];
      })
      .toEqual(['9', expect.stringContaining('离线时写下的说明。')]);
    await a.page.reload();
    await waitForReport(a.page, 'offline');
    expect(await cell(a.page, 'requests.received.natural').inputValue()).toBe('9');
    expect(await editorText(a.page, 'other')).toContain('离线时写下的说明。');
    expect(await indicator.innerText()).toMatch(/^离线（[1-9]\d* 项修改未同步）$/);

    // Back online: the edits reach the server and the other person.
    await a.context.setOffline(false);
    await a.page.locator('.connection[data-status="connected"][data-unsent="0"]').waitFor({ timeout: 10_000 });
    expect(await indicator.innerText()).toBe('已连接');
    await expect.poll(() => cell(b.page, 'requests.received.natural').inputValue(), { timeout: 5000 }).toBe('9');
    await expect.poll(() => editorText(b.page, 'other')).toContain('离线时写下的说明。');
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it('opens the report page offline when only the list was visited online: the service worker cached its code', async () => {
    const id = await createReport(e2e, '预取测试局');
    // Signed in, on the list page.
    const a = await newUser(e2e, '钱进', { [id]: editorOfAll });
    await a.page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    // Installed (ready) means cached: every bundle of the build, the report page's among them.
    const cached = await a.page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (k) => (await caches.open(k)).keys()))).flat().map((r) => r.url));
    expect(cached.some((url) => /\/assets\/ReportPage-.*\.js$/.test(url))).toBe(true);
    await a.context.setOffline(true);
    await a.page.goto(`${e2e.server.url}/reports/${encodeURIComponent(id)}`);
    await a.page.locator('.connection[data-status="offline"]').waitFor({ timeout: 10_000 });
    expect(a.errors).toEqual([]);
    await a.context.close();
  });
});
