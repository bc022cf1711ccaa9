/**
 * The audit trail, viewed per report: after two people edit a cell of table 三 and part 六, the
 * report page's 修改记录 lists each of them with the part and the cell, recorded by the server
 * from each connection's identity.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountsE2E, editor, startAccountsE2E, typeInCell } from './test-support/harness.ts';

let e2e: AccountsE2E;

beforeAll(async () => {
  e2e = await startAccountsE2E([
    { name: 'owner', displayName: '王所长', rights: { role: 'owner', parts: 'all' } },
    { name: 'clerk3', displayName: '李办事员', rights: { role: 'editor', parts: ['requests'] } },
  ]);
});

afterAll(async () => {
  await e2e?.close();
});

const signedIn = (name: string): Promise<Page> => e2e.signIn(name);

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
    await owner.locator('.audit').screenshot({ path: new URL('../../test-results/e2e/audit.png', import.meta.url).pathname });
    await clerk.context().close();
    await owner.context().close();
  });
});
