/**
 * The browser's print of a report page prints the document alone (issue 17, part 4): with print
 * media, the top bar, outline, checks, members, audit trail, part locks, other people's carets
 * and the hints of empty parts are gone, the document fills the page; and Chromium's own print
 * of the page (to PDF) holds the report's text and figures and none of the page around it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountsE2E, createReport, editor, newUser, openReport, startAccountsE2E } from './test-support/harness.ts';

let e2e: AccountsE2E;
const dir = mkdtempSync(join(tmpdir(), 'nianbao-print-'));

beforeAll(async () => {
  e2e = await startAccountsE2E([
    { name: 'owner', displayName: '王所长', rights: { role: 'owner', parts: 'all' } },
    { name: 'clerk', displayName: '李办事员', rights: { role: 'editor', parts: ['other'] } },
    { name: 'reader', displayName: '赵科员', rights: { role: 'viewer', parts: 'all' } },
  ]);
});

afterAll(async () => {
  await e2e?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the page shows around the document, each with whether it is there and whether it is displayed. */
const chrome = ['.topbar', '.outline', '.diagnostics-panel', '.members', '.audit', '.part-lock', '.collaboration-carets__caret'];

function displayed(page: Page, selectors: readonly string[]): Promise<Record<string, { count: number; shown: number }>> {
  return page.evaluate(
    (list) =>
      Object.fromEntries(
        list.map((selector) => {
          const found = [...document.querySelectorAll(selector)];
          return [selector, { count: found.length, shown: found.filter((e) => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0).length }];
        }),
      ),
    [...selectors],
  );
}

describe('printing a report page', () => {
  it('hides everything around the document with print media, which the screen shows', async () => {
    const owner = await e2e.signIn('owner');
    const clerk = await e2e.signIn('clerk');
    // Another person's caret in part 六, as it shows on the owner's page.
    await editor(clerk, 'other').click();
    await owner.locator('[data-fragment="other"] .collaboration-carets__caret').waitFor();
    const reader = await e2e.signIn('reader');

    for (const page of [owner, reader]) {
      const onScreen = await displayed(page, chrome);
      await page.emulateMedia({ media: 'print' });
      const inPrint = await displayed(page, chrome);
      await page.emulateMedia({ media: 'screen' });
      for (const selector of chrome) {
        expect(inPrint[selector]!.shown, `${selector} printed`).toBe(0);
        expect(onScreen[selector]!.shown, `${selector} on screen`).toBe(onScreen[selector]!.count);
      }
    }
    // Each thing hidden was there to hide, on one page or the other.
    const owners = await displayed(owner, chrome);
    const readers = await displayed(reader, chrome);
    for (const selector of chrome) expect(owners[selector]!.count + readers[selector]!.count, selector).toBeGreaterThan(0);

    await owner.emulateMedia({ media: 'print' });
    const layout = await owner.evaluate(() => {
      const paper = document.querySelector('.paper')!.getBoundingClientRect();
      return { left: paper.left, width: paper.width, page: document.documentElement.clientWidth, shadow: getComputedStyle(document.querySelector('.paper')!).boxShadow };
    });
    expect(layout.left).toBeLessThan(1);
    expect(layout.width).toBeGreaterThan(layout.page - 2);
    expect(layout.shadow).toBe('none');
    for (const page of [owner, clerk, reader]) await page.context().close();
  });

  it("does not print an empty part's hint", async () => {
    const reportId = await createReport(e2e, '临平区民政局');
    const user = await newUser(e2e, '钱科长', { [reportId]: { role: 'owner', parts: 'all' } });
    await openReport(e2e, user, reportId);
    const hint = () => user.page.locator('[data-fragment="problems"] p').first().evaluate((p) => getComputedStyle(p, '::before').content);
    expect(await hint()).toBe('"在此输入正文……"');
    await user.page.emulateMedia({ media: 'print' });
    expect(await hint()).toBe('none');
    await user.context.close();
  });

  it("prints, as Chromium prints the page, the report's title, text and figures, and nothing of the page around it", async () => {
    const reader = await e2e.signIn('reader');
    const path = join(dir, 'report-page.pdf');
    writeFileSync(path, await reader.pdf({ preferCSSPageSize: true }));
    execFileSync('pdftoppm', ['-png', '-r', '60', path, '/tmp/nianbao-print-page']);
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(execFileSync('pdfinfo', [path], { encoding: 'utf8' })).toMatch(/Page size:\s+59[45](?:\.\d+)? x 84[12]/u);
    expect(text).toMatch(/余杭区商务局2024年政府信息公开工作\s*年度\s*报告/u);
    expect(text).toContain('三、收到和处理政府信息公开申请情况');
    expect(text).toContain('本单位2024年未收取信息处理费');
    expect(text).toContain('申请人情况');
    for (const around of ['报告列表', '检查结果', '成员', '修改记录', '只能阅读', '赵科员']) expect(text, around).not.toContain(around);
    // The outline would list the part titles a second time.
    expect(text.split('五、存在的主要问题及改进情况')).toHaveLength(2);
    await reader.context().close();
  });
});
