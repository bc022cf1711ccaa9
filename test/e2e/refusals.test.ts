/**
 * What the browser does when the server says no (issue 13, defects 10 and 2): a report the user
 * may no longer read is never shown from the browser's copy, which is deleted; a report they have
 * no role on, or that does not exist, gets a page saying so instead of an editor that never
 * loads; a refused upgrade or a refused update never turns into a reconnect loop.
 *
 * Websockets are counted where the page creates them (`countSockets`); the page's timers run on
 * Playwright's clock, so "no further attempt" is proven by running every timer due in the next
 * two minutes (`page.clock.runFor`) and counting again, never by waiting.
 */
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Rights } from '../../schema/permissions.ts';
import { emptyReport } from '../../schema/report.ts';
import { createReportDoc } from '../../schema/ydoc.ts';
import type { User } from '../../server/accounts/store.ts';
import type { RunningServer } from '../../server/app.ts';
import { sampleReportId } from '../../server/reports.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import {
  type AccountsE2E,
  accountsPassword,
  cell,
  countSockets,
  editor,
  editorText,
  socketsOpened,
  startAccountsE2E,
  typeInCell,
  waitForReport,
} from './test-support/harness.ts';

let e2e: AccountsE2E;
let server: RunningServer;
const users = new Map<string, User>();
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  e2e = await startAccountsE2E([{ name: 'owner', displayName: '王所长', rights: { role: 'owner', parts: 'all' } }]);
  server = e2e.server;
  const accounts = server.accounts!;
  for (const [name, displayName, role] of [
    ['guest', '周来宾', 'staff'],
    ['guest2', '郑来宾', 'staff'],
    ['clerk', '李办事员', 'staff'],
    ['outsider', '吴外人', 'staff'],
    ['reader', '孙读者', 'staff'],
    ['watcher', '钱旁观', 'staff'],
    ['field', '冯外勤', 'staff'],
    ['leaver', '蒋离开', 'staff'],
    ['boss', '陈局长', 'admin'],
  ] as const) {
    users.set(name, await accounts.users.add(name, accountsPassword, role, displayName));
  }
  await accounts.access.setMember(sampleReportId, users.get('guest')!, { role: 'viewer', parts: 'all' });
  await accounts.access.setMember(sampleReportId, users.get('guest2')!, { role: 'viewer', parts: 'all' });
  await accounts.access.setMember(sampleReportId, users.get('clerk')!, { role: 'editor', parts: ['requests'] });
  await accounts.access.setMember(sampleReportId, users.get('field')!, { role: 'editor', parts: ['requests'] });
  await accounts.access.setMember(sampleReportId, users.get('leaver')!, { role: 'viewer', parts: 'all' });
});

afterAll(async () => {
  for (const cleanup of cleanups) cleanup();
  await e2e?.close();
});

/** Counts the page's websockets and puts its timers on Playwright's clock (time still flows). */
async function watched(page: Page): Promise<void> {
  await countSockets(page);
  await page.clock.install();
}

async function removeFromSample(name: string): Promise<void> {
  expect(await server.accounts!.access.removeMember(sampleReportId, users.get(name)!)).toBe(true);
}

/** Names of this browser's report copies (IndexedDB) and of their localStorage entries. */
function localCopies(page: Page): Promise<{ databases: string[]; entries: string[] }> {
  return page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('nianbao:')),
    entries: Object.keys(localStorage).filter((k) => k.startsWith('nianbao:unsent:') || k.startsWith('nianbao:access:')),
  }));
}

/** Nothing of a report on the page: no document, no sync indicator, no checks, no members. */
async function expectNoReport(page: Page, phrase?: string): Promise<void> {
  expect(await page.locator('.paper').count()).toBe(0);
  expect(await page.locator('.connection').count()).toBe(0);
  expect(await page.locator('.diagnostics-panel').count()).toBe(0);
  expect(await page.locator('.member-form').count()).toBe(0);
  if (phrase) expect(await page.locator('body').innerText()).not.toContain(phrase);
}

/**
 * Stores a report holding, in 一, content the browser's schema cannot represent, as an import or
 * an older server might have stored it (a second connection to the data folder, as the CLI
 * makes): y-prosemirror deletes such content on every load. `members` get their rights on it.
 */
async function storeUnrepresentableReport(id: string, members: Record<string, Rights>): Promise<void> {
  const storage = openSqliteStorage(e2e.dataDir);
  const data = emptyReport({ agency: '无法显示局', kind: 'department', year: 2024 });
  const doc = createReportDoc(data);
  doc.getXmlFragment('text.overview').insert(0, [new Y.XmlElement('img')]);
  await storage.createReport({ id, agency: data.agency, kind: data.kind, year: data.year, initialState: Y.encodeStateAsUpdate(doc), counts: { error: 0, warning: 0, info: 0 } });
  await storage.close();
  for (const [name, rights] of Object.entries(members)) await server.accounts!.access.setMember(id, users.get(name)!, rights);
}

/** Whether the server's copy of report `id` still holds the unrepresentable element. */
function serverKeepsUnrepresentable(id: string): boolean {
  return server.rooms.peek(id)!.doc.getXmlFragment('text.overview').toArray()[0] instanceof Y.XmlElement;
}

/**
 * `name` following report `id` from Node with a stock y-websocket provider, signed in over REST
 * (session cookie, same-origin), as a page would be: sees everyone's presence.
 */
async function follower(id: string, name: string): Promise<WebsocketProvider> {
  const response = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ name, password: accountsPassword }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie()[0].split(';')[0];
  class SignedInWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie, origin: server.url } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/sync`, id, doc, {
    WebSocketPolyfill: SignedInWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  cleanups.push(() => {
    provider.destroy();
    doc.destroy();
  });
  return provider;
}

/** Resolves with the first awareness state of `provider`'s peers that `match` accepts. */
function presence(provider: WebsocketProvider, match: (clientId: number, state: Record<string, unknown>) => boolean): Promise<number> {
  return new Promise((resolve) => {
    const check = () => {
      for (const [clientId, state] of provider.awareness.getStates()) {
        if (state && match(clientId, state)) {
          provider.awareness.off('change', check);
          resolve(clientId);
          return;
        }
      }
    };
    provider.awareness.on('change', check);
    check();
  });
}

/** Connections the server closed with `code` so far (its metrics). */
async function closedWith(code: number): Promise<number> {
  const { values } = await server.metrics.closedConnections.get();
  return values.filter((v) => String(v.labels.code) === String(code)).reduce((sum, v) => sum + v.value, 0);
}

describe('the browser keeps nothing the server no longer allows', () => {
  it("a member removed while the report is open loses the browser's copy at once; a reload shows 无权访问, never the cached report", async () => {
    const page = await e2e.signIn('guest');
    const phrase = (await editorText(page, 'problems')).slice(0, 12);
    expect(phrase.length).toBeGreaterThan(5);
    expect((await localCopies(page)).databases).toEqual([`nianbao:user:guest:${sampleReportId}`]);

    await removeFromSample('guest');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 2_000 }).toContain('您已被移出此年报的成员');
    await expect.poll(() => localCopies(page)).toEqual({ databases: [], entries: [] });

    await page.reload();
    await page.locator('.report-unavailable[data-verdict="forbidden"]').waitFor();
    expect(await page.locator('.report-unavailable h1').textContent()).toBe('无权访问');
    await expectNoReport(page, phrase);
    expect(await localCopies(page)).toEqual({ databases: [], entries: [] });
    await page.context().close();
  });

  it('a member removed while the browser was offline: the copy opens offline, and back online the page asks the server, shows 无权访问 and deletes the copy, after one upgrade', async () => {
    const page = await e2e.signInAt(`/reports/${sampleReportId}`, 'guest2', watched);
    await waitForReport(page);
    const phrase = (await editorText(page, 'problems')).slice(0, 12);
    // The service worker serves the app shell to the offline reload once it controls the page.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    await waitForReport(page);
    await page.context().setOffline(true);
    await page.reload();
    await waitForReport(page, 'offline');
    expect(await socketsOpened(page)).toBe(0);

    await removeFromSample('guest2');
    await page.context().setOffline(false);
    await page.locator('.report-unavailable[data-verdict="forbidden"]').waitFor();
    // The copy this browser held proves the report exists and the user was a member.
    expect(await page.locator('.report-unavailable').innerText()).toContain('您已不是此报告的成员');
    expect(await page.locator('.report-unavailable').innerText()).toContain('本浏览器中保存的此报告副本已删除');
    await expectNoReport(page, phrase);
    expect(await localCopies(page)).toEqual({ databases: [], entries: [] });
    await page.clock.runFor(120_000);
    expect(await socketsOpened(page)).toBe(1);
    await page.context().close();
  });

  it('a signed-in user with no role on the report gets 无权访问 with a link back to the list, and never tries to sync', async () => {
    const page = await e2e.signInAt(`/reports/${sampleReportId}`, 'outsider', watched);
    await page.locator('.report-unavailable[data-verdict="forbidden"]').waitFor();
    expect(await page.locator('.report-unavailable h1').textContent()).toBe('无权访问');
    expect(await page.locator('.report-unavailable').innerText()).toContain('无权访问此报告，或报告不存在。');
    await expectNoReport(page);
    await page.clock.runFor(120_000);
    expect(await socketsOpened(page)).toBe(0);
    expect(await localCopies(page)).toEqual({ databases: [], entries: [] });

    await page.locator('.report-unavailable').getByRole('link', { name: '返回报告列表' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.locator('.list-page').waitFor();
    await page.context().close();
  });

  it('an unknown report id: staff get the same 无权访问 page (ids cannot be probed), an admin gets 报告不存在; neither tries to sync', async () => {
    const staff = await e2e.signInAt('/reports/no-such-report', 'clerk', watched);
    await staff.locator('.report-unavailable[data-verdict="forbidden"]').waitFor();
    expect(await staff.locator('.report-unavailable').innerText()).toContain('无权访问此报告，或报告不存在。');
    await expectNoReport(staff);

    const admin = await e2e.signInAt('/reports/no-such-report', 'boss', watched);
    await admin.locator('.report-unavailable[data-verdict="not-found"]').waitFor();
    expect(await admin.locator('.report-unavailable h1').textContent()).toBe('报告不存在');
    expect(await admin.locator('.report-unavailable').innerText()).toContain('没有编号为 no-such-report 的报告。');
    await expectNoReport(admin);

    for (const page of [staff, admin]) {
      await page.clock.runFor(120_000);
      expect(await socketsOpened(page)).toBe(0);
      await page.context().close();
    }
  });

  it('a refusal of what the page itself rewrites stops syncing after one reopen, with 重新连接, instead of looping', async () => {
    // For an editor of 三 only, the server refuses y-prosemirror's deletion in 一 (4403 update
    // refused); reopened from the server, the page deletes it again.
    const id = 'unrepresentable-2024';
    await storeUnrepresentableReport(id, { clerk: { role: 'editor', parts: ['requests'] } });
    const refusedBefore = await closedWith(4403);

    const page = await e2e.signInAt(`/reports/${id}`, 'clerk', watched);
    const stopped = page.locator('.sync-stopped');
    await stopped.waitFor();
    expect(await stopped.innerText()).toContain('服务器再次拒绝了本页自动发出的修改');
    // The first refusal reopened the page from the server, the second stopped it.
    expect(await socketsOpened(page)).toBe(2);
    await page.clock.runFor(120_000);
    expect(await socketsOpened(page)).toBe(2);
    expect(await closedWith(4403)).toBe(refusedBefore + 2);
    // Stopped means read-only: nothing typed now could be saved.
    expect(await page.locator('input[data-cell]:not([readonly])').count()).toBe(0);
    expect(await page.locator('.narrative [contenteditable="true"]').count()).toBe(0);
    // The server kept what it holds.
    expect(serverKeepsUnrepresentable(id)).toBe(true);

    // Reconnecting by hand is one more attempt; refused again, the page stops again.
    await page.getByRole('button', { name: '重新连接' }).click();
    await expect.poll(() => closedWith(4403)).toBe(refusedBefore + 3);
    await stopped.waitFor();
    await page.clock.runFor(120_000);
    expect(await socketsOpened(page)).toBe(3);
    expect(await closedWith(4403)).toBe(refusedBefore + 3);
    await page.context().close();
  });

  it("a viewer's page sends none of y-prosemirror's rewrites: it keeps its one connection and nothing is refused", async () => {
    const id = 'unrepresentable-viewer';
    await storeUnrepresentableReport(id, { reader: { role: 'viewer', parts: 'all' }, watcher: { role: 'viewer', parts: 'all' } });
    const refusedBefore = await closedWith(4403);
    const page = await e2e.signInAt(`/reports/${id}`, 'reader', watched);
    await waitForReport(page);
    await editor(page, 'overview').waitFor();
    const watching = await follower(id, 'watcher');
    const readerId = await presence(watching, (_id, state) => (state.user as { name?: string } | undefined)?.name === '孙读者');
    // A marker on the reader's socket, after the rewrite: it reaches the watcher from the same
    // client only if the server did not refuse (and close) that socket first.
    await cell(page, 'requests.received.natural').click();
    await presence(watching, (clientId, state) => clientId === readerId && state.place === 'requests');
    expect(await socketsOpened(page)).toBe(1);
    expect(await closedWith(4403)).toBe(refusedBefore);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.locator('.connection').getAttribute('data-status')).toBe('connected');
    expect(serverKeepsUnrepresentable(id)).toBe(true);
    await page.context().close();
  });

  it('edits typed offline that the new rights allow none of are dropped by the page itself when it learns the rights first, with the same notice', async () => {
    // The page's websockets go through Playwright, which refuses them while `blocked`.
    let blocked = false;
    const page = await e2e.signInAt(`/reports/${sampleReportId}`, 'field', (p) =>
      p.routeWebSocket(/\/sync\//, (ws) => {
        if (blocked) ws.close({ code: 1011, reason: 'blocked by the test' });
        else ws.connectToServer();
      }),
    );
    await waitForReport(page);
    const stored = await cell(page, 'requests.received.legal').inputValue();
    await page.context().setOffline(true);
    await page.locator('.connection[data-status="offline"]').waitFor({ timeout: 3000 });
    await typeInCell(page, 'requests.received.legal', '55');
    await expect.poll(() => page.locator('.connection').getAttribute('data-unsent')).not.toBe('0');
    await server.accounts!.access.setMember(sampleReportId, users.get('field')!, { role: 'viewer', parts: 'all' });
    const refusedBefore = await closedWith(4403);

    // Back online, the page reads its new rights while it cannot reach the sync server.
    blocked = true;
    await page.context().setOffline(false);
    await page.locator('[data-locked="requests"]').filter({ hasText: '您是查看者' }).waitFor();
    blocked = false;
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 }).toMatch(/^本页有 [1-9]\d* 项未同步的修改超出了您现在的编辑权限，服务器未予保存/);
    await page.locator('.connection[data-status="connected"][data-unsent="0"]').waitFor({ timeout: 10_000 });
    expect(await cell(page, 'requests.received.legal').inputValue()).toBe(stored);
    // The page dropped them itself: the server refused nothing.
    expect(await closedWith(4403)).toBe(refusedBefore);
    expect(server.rooms.peek(sampleReportId)!.doc.getMap('cells.requests').get('received.legal')).toBe(stored);
    await page.context().close();
  });

  it('a session that ended while the page was open: its next connection fails, the page asks and shows the sign-in page instead of retrying', async () => {
    const page = await e2e.signInAt(`/reports/${sampleReportId}`, 'leaver', watched);
    await waitForReport(page);
    expect(await socketsOpened(page)).toBe(1);
    // A new password ends every session of the user; the open socket lives on until it drops.
    await server.accounts!.users.changePassword('leaver', `${accountsPassword}-new`);
    server.rooms.peek(sampleReportId)!.closeConnectionsOf((identity) => identity.kind === 'user' && identity.name === 'leaver', 1011, 'storage failure');
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    await page.clock.runFor(120_000);
    expect(await socketsOpened(page)).toBe(2);
    await page.context().close();
  });
});
