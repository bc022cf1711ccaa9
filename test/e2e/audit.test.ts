/**
 * The audit trail, viewed per report: after two people edit a cell of table 三 and part 六, the
 * report page's 修改记录 lists each of them with the part and the cell, recorded by the server
 * from each connection's identity.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/app.ts';
import { sampleReportId } from '../../server/reports.ts';
import { chromiumArgs, editor, ensureClientBuilt, signInToReport, typeInCell } from './harness.ts';

const root = new URL('../..', import.meta.url).pathname;
const password = 'e2e-password-0123';
let server: RunningServer;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  ensureClientBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'nianbao-e2e-audit-'));
  server = await startServer({ port: 0, dataDir, clientDir: join(root, 'dist/client'), sample: true, logLevel: 'warn' });
  const accounts = server.accounts!;
  const owner = await accounts.users.add('owner', password, 'staff', '王所长');
  await accounts.access.setMember(sampleReportId, owner, { role: 'owner', parts: 'all' });
  const clerk = await accounts.users.add('clerk3', password, 'staff', '李办事员');
  await accounts.access.setMember(sampleReportId, clerk, { role: 'editor', parts: ['requests'] });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function signedIn(name: string): Promise<Page> {
  return signInToReport(browser, server.url, sampleReportId, name, password);
}

describe('audit trail in the browser', () => {
  it('修改记录 lists who changed which part and cell', async () => {
    const clerk = await signedIn('clerk3');
    await typeInCell(clerk, 'requests.carriedOver.legal', '2');
    const owner = await signedIn('owner');
    await editor(owner, 'other').click();
    await owner.keyboard.press('End');
    await owner.keyboard.type('审核通过。');

    await owner.getByText('修改记录').click();
    const clerkLine = owner.locator('.audit tr[data-audit-user="clerk3"][data-audit-part="requests"]');
    await expect.poll(async () => (await clerkLine.count()) > 0 ? clerkLine.first().textContent() : null, { timeout: 15_000 }).toContain(
      '李办事员',
    );
    expect(await clerkLine.first().textContent()).toContain('“二、上年结转政府信息公开申请数量”行“法律服务机构”列');
    const ownerLine = owner.locator('.audit tr[data-audit-user="owner"][data-audit-part="other"]');
    await expect.poll(async () => (await ownerLine.count()) > 0 ? ownerLine.first().textContent() : null, { timeout: 15_000 }).toContain(
      '六、其他需要报告的事项',
    );
    await owner.locator('.audit').screenshot({ path: join(root, 'test-results/e2e/audit.png') });
    await clerk.context().close();
    await owner.context().close();
  });
});
