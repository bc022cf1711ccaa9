/**
 * End-to-end harness: the real server (server/app.ts) on port 0 with a temporary data folder, as
 * users run it (accounts on, the sample report), the built client, and Debian's Chromium through
 * playwright-core. Each person has an account with a role on the reports they use and signs in
 * on the sign-in page, in their own browser context; the client disables BroadcastChannel, so
 * all sync goes through the server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import * as Y from 'yjs';
import { localCopyName, scopeOfUser } from '../../../client/src/collab/local-copies.ts';
import type { Rights as ReportRights } from '../../../schema/permissions.ts';
import { type RunningServer, startServer } from '../../../server/app.ts';
import { sampleReportId as sampleId } from '../../../server/reports.ts';

const root = new URL('../../..', import.meta.url).pathname;

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function ensureClientBuilt(): void {
  execFileSync('flock', ['/tmp/nianbao-e2e-build.lock', 'npx', 'tsx', join(root, 'test/e2e/test-support/build-client.ts')], {
    cwd: root,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which Vite would keep: a development React and no service worker.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export interface E2E {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** The server's data folder (a CLI-like second connection may write reports there). */
  readonly dataDir: string;
  close(): Promise<void>;
}

/**
 * The real server with accounts on and the sample report (owned by its first admin), and Chromium.
 * `dataDir`: a data folder to open instead (a copy the test made; removed on close), without the sample.
 */
export async function startE2E(options: { dataDir?: string } = {}): Promise<E2E> {
  ensureClientBuilt();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'nianbao-e2e-'));
  const server = await startServer({ port: 0, dataDir, clientDir: join(root, 'dist/client'), sample: options.dataDir === undefined, logLevel: 'warn' });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  return {
    server,
    browser,
    dataDir,
    async close() {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every person's password (the e2e tests are not about passwords). */
export const accountsPassword = 'e2e-password-0123';

/** Rights of an editor of every part. */
export const editorOfAll: ReportRights = { role: 'editor', parts: 'all' };

/** Makes the account `name` (staff) with `rights` on each report of `memberships`. */
async function addAccount(e2e: E2E, name: string, displayName: string, memberships: Readonly<Record<string, ReportRights>>): Promise<void> {
  const accounts = e2e.server.accounts!;
  const user = await accounts.users.add(name, accountsPassword, 'staff', displayName);
  for (const [reportId, rights] of Object.entries(memberships)) await accounts.access.setMember(reportId, user, rights);
}

/** The first admin's request headers, per server: it signs in once. */
const adminHeaders = new WeakMap<RunningServer, Promise<Record<string, string>>>();

/** Headers of a same-origin, CSRF-protected request by the server's first admin (the sample's owner). */
function asAdmin(e2e: E2E): Promise<Record<string, string>> {
  let headers = adminHeaders.get(e2e.server);
  if (!headers) {
    const { url, firstAdmin } = e2e.server;
    headers = (async () => {
      const response = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify({ name: firstAdmin!.name, password: firstAdmin!.password }),
      });
      if (response.status !== 200) throw new Error(`admin sign-in: ${response.status} ${await response.text()}`);
      const { csrfToken } = (await response.json()) as { csrfToken: string };
      return { cookie: response.headers.getSetCookie()[0]!.split(';')[0]!, origin: url, 'x-csrf-token': csrfToken };
    })();
    adminHeaders.set(e2e.server, headers);
  }
  return headers;
}

export interface ReportSummaryJson {
  id: string;
  agency: string;
  kind: string;
  year: number;
  counts: { error: number; warning: number; info: number };
}

/** Every report (as the admin sees them). */
export async function listReports(e2e: E2E): Promise<ReportSummaryJson[]> {
  const response = await fetch(`${e2e.server.url}/api/reports`, { headers: await asAdmin(e2e) });
  return ((await response.json()) as { reports: ReportSummaryJson[] }).reports;
}

/** A new report, created by the admin (its owner) through the REST API; people get roles on it in `newUser`. */
export async function createReport(e2e: E2E, agency: string, year = 2024): Promise<string> {
  const response = await fetch(`${e2e.server.url}/api/reports`, {
    method: 'POST',
    headers: { ...(await asAdmin(e2e)), 'content-type': 'application/json' },
    body: JSON.stringify({ agency, kind: 'department', year }),
  });
  if (response.status !== 201) throw new Error(`POST /api/reports: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { report: { id: string } }).report.id;
}

/** The id of the sample report the server creates on an empty data folder. */
export async function sampleReportId(e2e: E2E): Promise<string> {
  const reports = await listReports(e2e);
  const sample = reports.find((r) => r.agency === '余杭区商务局');
  if (!sample) throw new Error(`no sample report in ${JSON.stringify(reports)}`);
  return sample.id;
}

export interface User {
  /** The account's name (what they sign in with). */
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught page errors and Content-Security-Policy violations. */
  readonly errors: string[];
}

let accountsMade = 0;

/**
 * A person with an account (display name `displayName`) and `rights` on each report of
 * `memberships`, signed in on the sign-in page in their own browser context.
 */
export async function newUser(e2e: E2E, displayName: string, memberships: Readonly<Record<string, ReportRights>> = {}): Promise<User> {
  const name = `person${++accountsMade}`;
  await addAccount(e2e, name, displayName, memberships);
  const { context, page } = await newPage(e2e.browser);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // The page runs under the server's Content-Security-Policy: a violation is an error too.
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) errors.push(message.text());
  });
  await page.goto(e2e.server.url);
  await fillSignIn(page, name);
  return { name, context, page, errors };
}

/** A page in a fresh browser context. */
async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
  // Fail a stuck step with its own message well before the test's 30 s timeout.
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

/** Signs `name` in on the sign-in page `page` shows; resolves once signed in. */
async function fillSignIn(page: Page, name: string): Promise<void> {
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(accountsPassword);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('.topbar .sign-out').waitFor();
}

/** A member of the sample report on a server with accounts (all share `accountsPassword`). */
export interface SampleMember {
  readonly name: string;
  readonly displayName: string;
  readonly rights: ReportRights;
}

export interface AccountsE2E extends E2E {
  /** Signs `name` in, in a fresh browser context, on the sample report. */
  signIn(name: string): Promise<Page>;
  /**
   * Signs `name` in, in a fresh browser context, on the sign-in page shown at `path`; resolves
   * once signed in, whatever the page at `path` shows then. `prepare` runs before the page loads.
   */
  signInAt(path: string, name: string, prepare?: (page: Page) => Promise<void>): Promise<Page>;
}

/** The server as `startE2E` starts it, the sample report with `members`, and Chromium. */
export async function startAccountsE2E(members: readonly SampleMember[]): Promise<AccountsE2E> {
  const e2e = await startE2E();
  for (const member of members) await addAccount(e2e, member.name, member.displayName, { [sampleId]: member.rights });
  return {
    ...e2e,
    signIn: (name) => signInToReport(e2e.browser, e2e.server.url, sampleId, name),
    signInAt: (path, name, prepare) => signInAt(e2e.browser, e2e.server.url, path, name, prepare),
  };
}

/**
 * A person signing in on the sign-in page of a server with accounts, in their own browser
 * context, on the way to a report; resolves once the report page is in sync.
 */
export async function signInToReport(browser: Browser, serverUrl: string, reportId: string, name: string): Promise<Page> {
  const page = await signInAt(browser, serverUrl, `/reports/${encodeURIComponent(reportId)}`, name);
  await waitForReport(page);
  return page;
}

/** A person signing in on the sign-in page shown at `path`, in their own browser context. */
export async function signInAt(browser: Browser, serverUrl: string, path: string, name: string, prepare?: (page: Page) => Promise<void>): Promise<Page> {
  const { page } = await newPage(browser);
  await prepare?.(page);
  await page.goto(`${serverUrl}${path}`);
  await fillSignIn(page, name);
  return page;
}

/**
 * The report as this browser's copy of it in IndexedDB holds it now (y-indexeddb's `updates`
 * store, applied in order to a fresh Y.Doc, as y-indexeddb opens it): what a reload without
 * network would show. Empty if there is no copy.
 */
export async function storedCopy(page: Page, userName: string, reportId: string): Promise<Y.Doc> {
  const updates = await page.evaluate(async (database) => {
    if (!(await indexedDB.databases()).some((d) => d.name === database)) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(database);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const stored = await new Promise<Uint8Array[]>((resolve, reject) => {
        const request = db.transaction('updates', 'readonly').objectStore('updates').getAll();
        request.onsuccess = () => resolve(request.result as Uint8Array[]);
        request.onerror = () => reject(request.error);
      });
      return stored.map((update) => Array.from(update));
    } finally {
      db.close();
    }
  }, localCopyName(scopeOfUser(userName), reportId));
  const doc = new Y.Doc();
  Y.transact(doc, () => {
    for (const update of updates) Y.applyUpdate(doc, Uint8Array.from(update));
  });
  return doc;
}

/**
 * Replaces this browser's copy of a report in IndexedDB by `doc` (what a copy kept by an older
 * release would hold). The report's page must not be open.
 */
export async function replaceStoredCopy(page: Page, userName: string, reportId: string, doc: Y.Doc): Promise<void> {
  await page.evaluate(
    async ([database, update]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(database);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        await new Promise<void>((resolve, reject) => {
          const transaction = db.transaction('updates', 'readwrite');
          const updates = transaction.objectStore('updates');
          updates.clear();
          updates.add(Uint8Array.from(update));
          transaction.oncomplete = () => resolve();
          transaction.onerror = () => reject(transaction.error);
        });
      } finally {
        db.close();
      }
    },
    [localCopyName(scopeOfUser(userName), reportId), Array.from(Y.encodeStateAsUpdate(doc))] as const,
  );
}

/**
 * Counts the websockets each document of `page` opens (`socketsOpened`), synchronously where
 * the page creates them: read after `page.clock.runFor`, the count includes every socket the
 * timers run opened.
 */
export async function countSockets(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    let opened = 0;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        opened++;
      }
    };
    Object.defineProperty(window, '__socketsOpened', { get: () => opened });
  });
}

/** Websockets the current document of `page` opened (see `countSockets`). */
export function socketsOpened(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __socketsOpened: number }).__socketsOpened);
}

/** Opens a report and waits until its content is on screen and the page is in sync. */
export async function openReport(e2e: E2E, user: User, reportId: string): Promise<void> {
  await user.page.goto(`${e2e.server.url}/reports/${encodeURIComponent(reportId)}`);
  await waitForReport(user.page);
}

export async function waitForReport(page: Page, status: 'connected' | 'offline' = 'connected'): Promise<void> {
  await page.locator('.paper:not(.loading)').waitFor({ timeout: 10_000 });
  await page.locator(`.connection[data-status="${status}"]`).waitFor({ timeout: 10_000 });
}

export function cell(page: Page, id: string) {
  return page.locator(`input[data-cell="${id}"]`);
}

export function editor(page: Page, fragment: string) {
  return page.locator(`[data-fragment="${fragment}"]`);
}

/**
 * An editor's text without the caret name labels other people's carets add, and, in a table
 * part, without its table: the notes.
 */
export async function editorText(page: Page, fragment: string): Promise<string> {
  return editor(page, fragment).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret, .node-disclosureTable').forEach((c) => c.remove());
    return copy.innerText;
  });
}

/** The table node's view in a table part's editor (its `.report-table` inside). */
export function tableNodeView(page: Page, part: string) {
  return page.locator(`[data-fragment="${part}"] .node-disclosureTable`);
}

/** The text blocks of a table part's editor before and after its table, each as its text. */
export async function notesAround(page: Page, part: string): Promise<{ before: string[]; after: string[] }> {
  return editor(page, part).evaluate((el) => {
    const notes = { before: [] as string[], after: [] as string[] };
    let seenTable = false;
    for (const child of Array.from(el.children)) {
      if (child.classList.contains('node-disclosureTable')) seenTable = true;
      else if (!child.classList.contains('ProseMirror-gapcursor')) {
        const copy = child.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.collaboration-carets__caret').forEach((c) => c.remove());
        (seenTable ? notes.after : notes.before).push(copy.innerText.trim());
      }
    }
    return notes;
  });
}

/** Types into a cell as a person would: focus, replace the content, leave it. */
export async function typeInCell(page: Page, id: string, value: string): Promise<void> {
  const input = cell(page, id);
  await input.click();
  await input.press('Control+A');
  await input.pressSequentially(value);
  await input.press('Enter');
}
