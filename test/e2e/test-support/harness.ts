/**
 * End-to-end harness: the real server (server/app.ts) on port 0 with a temporary data folder,
 * the built client, and Debian's Chromium through playwright-core. Each user is a separate
 * browser context, and the client disables BroadcastChannel, so all sync goes through the server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import type { Rights as ReportRights } from '../../../schema/permissions.ts';
import { type RunningServer, startServer } from '../../../server/app.ts';
import { sampleReportId as sampleId } from '../../../server/reports.ts';
import { openHooks } from '../../../server/test-support/open-hooks.ts';

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
  close(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  ensureClientBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'nianbao-e2e-'));
  // These tests are about the editor: no accounts, every browser may edit (open-hooks.ts).
  const server = await startServer({
    port: 0,
    dataDir,
    clientDir: join(root, 'dist/client'),
    sample: true,
    logLevel: 'warn',
    auth: openHooks,
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ReportSummaryJson {
  id: string;
  agency: string;
  kind: string;
  year: number;
  counts: { error: number; warning: number; info: number };
}

export async function listReports(e2e: E2E): Promise<ReportSummaryJson[]> {
  const response = await fetch(`${e2e.server.url}/api/reports`);
  return ((await response.json()) as { reports: ReportSummaryJson[] }).reports;
}

export async function createReport(e2e: E2E, agency: string, year = 2024): Promise<string> {
  const response = await fetch(`${e2e.server.url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
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
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught page errors and Content-Security-Policy violations. */
  readonly errors: string[];
}

/** A person in their own browser context, display name already chosen. */
export async function newUser(e2e: E2E, name: string): Promise<User> {
  const context = await e2e.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
  await context.addInitScript((displayName) => {
    if (!localStorage.getItem('nianbao:displayName')) localStorage.setItem('nianbao:displayName', displayName);
  }, name);
  // Fail a stuck step with its own message well before the test's 30 s timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // The page runs under the server's Content-Security-Policy: a violation is an error too.
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) errors.push(message.text());
  });
  return { context, page, errors };
}

/** A member of the sample report on a server with accounts (all share `accountsPassword`). */
export interface SampleMember {
  readonly name: string;
  readonly displayName: string;
  readonly rights: ReportRights;
}

export const accountsPassword = 'e2e-password-0123';

export interface AccountsE2E {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** The server's data folder (a CLI-like second connection may write reports there). */
  readonly dataDir: string;
  /** Signs `name` in, in a fresh browser context, on the sample report. */
  signIn(name: string): Promise<Page>;
  /**
   * Signs `name` in, in a fresh browser context, on the sign-in page shown at `path`; resolves
   * once signed in, whatever the page at `path` shows then. `prepare` runs before the page loads.
   */
  signInAt(path: string, name: string, prepare?: (page: Page) => Promise<void>): Promise<Page>;
  close(): Promise<void>;
}

/** The real server with accounts on, the sample report with `members`, and Chromium. */
export async function startAccountsE2E(members: readonly SampleMember[]): Promise<AccountsE2E> {
  ensureClientBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'nianbao-e2e-accounts-'));
  const server = await startServer({ port: 0, dataDir, clientDir: join(root, 'dist/client'), sample: true, logLevel: 'warn' });
  const accounts = server.accounts!;
  for (const member of members) {
    const user = await accounts.users.add(member.name, accountsPassword, 'staff', member.displayName);
    await accounts.access.setMember(sampleId, user, member.rights);
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  return {
    server,
    browser,
    dataDir,
    signIn: (name) => signInToReport(browser, server.url, sampleId, name, accountsPassword),
    signInAt: (path, name, prepare) => signInAt(browser, server.url, path, name, accountsPassword, prepare),
    async close() {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A person signing in on the sign-in page of a server with accounts, in their own browser
 * context, on the way to a report; resolves once the report page is in sync.
 */
export async function signInToReport(browser: Browser, serverUrl: string, reportId: string, name: string, password: string): Promise<Page> {
  const page = await signInAt(browser, serverUrl, `/reports/${encodeURIComponent(reportId)}`, name, password);
  await waitForReport(page);
  return page;
}

/** A person signing in on the sign-in page shown at `path`, in their own browser context. */
export async function signInAt(
  browser: Browser,
  serverUrl: string,
  path: string,
  name: string,
  password: string,
  prepare?: (page: Page) => Promise<void>,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await prepare?.(page);
  await page.goto(`${serverUrl}${path}`);
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('.topbar .sign-out').waitFor();
  return page;
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

/** An editor's text without the caret name labels other people's carets add. */
export async function editorText(page: Page, fragment: string): Promise<string> {
  return editor(page, fragment).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((c) => c.remove());
    return copy.innerText;
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
