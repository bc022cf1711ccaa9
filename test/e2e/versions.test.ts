/**
 * Versions in the browser: the owner publishes from 历史版本 through the gate (a warning's reason,
 * the override of parts not signed off), compares the published version with the draft after
 * more edits (the new sentence and the changed cell highlighted), opens the version read-only
 * and restores it — and an editor with the report open in another browser sees the old text
 * and figure come back.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleReportId } from '../../server/reports.ts';
import { type AccountsE2E, cell, editor, editorText, startAccountsE2E, typeInCell } from './test-support/harness.ts';

let e2e: AccountsE2E;

beforeAll(async () => {
  e2e = await startAccountsE2E([
    { name: 'owner', displayName: '王所长', rights: { role: 'owner', parts: 'all' } },
    { name: 'writer', displayName: '李编辑', rights: { role: 'editor', parts: 'all' } },
  ]);
});

afterAll(async () => {
  await e2e?.close();
});

const screenshot = (name: string) => new URL(`../../test-results/e2e/${name}.png`, import.meta.url).pathname;

/** Types `text` at the end of part `fragment`'s last paragraph. */
async function typeAtEnd(page: Page, fragment: string, text: string): Promise<void> {
  await editor(page, fragment).locator('p').last().click();
  await page.keyboard.press('End');
  await page.keyboard.type(text);
}

describe('versions in the browser', () => {
  it('publishes through the gate, compares with the draft, and restores the version into another open editor', async () => {
    const owner = await e2e.signIn('owner');
    const writer = await e2e.signIn('writer');
    const errors: string[] = [];
    for (const page of [owner, writer]) page.on('pageerror', (error) => errors.push(error.message));

    // A figure the tables contradict: a warning the publisher must give a reason for.
    await typeAtEnd(owner, 'other', '本年共受理依申请公开5件。');
    await expect.poll(() => editorText(writer, 'other')).toContain('5件');

    await owner.getByRole('link', { name: '历史版本' }).click();
    await owner.getByRole('heading', { name: '历史版本' }).waitFor();
    await owner.getByText('还没有保存过版本。').waitFor();
    await owner.getByRole('button', { name: '发布版本' }).click();
    const warning = owner.locator('.gate-warning[data-rule="text.figures"]');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('“受理依申请公开5件”与表格不符');
    expect(await owner.locator('.gate-unsigned li').count()).toBe(6);
    const confirm = owner.getByRole('button', { name: '确认发布' });
    expect(await confirm.isDisabled()).toBe(true);
    await warning.locator('textarea').fill('含上年结转的申请，以表格为准');
    await owner.locator('textarea[name="override-reason"]').fill('签批功能上线前由所长确认');
    await owner.locator('input[name="version-name"]').fill('2024年度报告（正式发布）');
    await owner.locator('.publish-panel').screenshot({ path: screenshot('versions-gate') });
    await confirm.click();
    const first = owner.locator('.version-list tr[data-version="1"]');
    await first.waitFor();
    expect(await first.textContent()).toContain('2024年度报告（正式发布）');
    expect(await first.locator('.status.published').textContent()).toBe('已发布');
    expect(await first.textContent()).toContain('王所长');
    await owner.screenshot({ path: screenshot('versions-history'), fullPage: true });

    // The draft moves on: a sentence and a figure of table 二.
    await owner.getByRole('link', { name: '← 返回报告' }).click();
    await editor(owner, 'other').waitFor();
    await typeAtEnd(owner, 'other', '另有一项说明。');
    await typeInCell(owner, 'proactive.licensing.decisions', '3');
    await expect.poll(() => editorText(writer, 'other')).toContain('另有一项说明。');
    await expect.poll(() => cell(writer, 'proactive.licensing.decisions').inputValue()).toBe('3');

    await owner.getByRole('link', { name: '历史版本' }).click();
    await owner.locator('.version-list tr[data-version="1"]').getByRole('link', { name: '与草稿比较' }).click();
    const other = owner.locator('.compare-part[data-part="other"]');
    await other.waitFor();
    expect(await other.locator('ins.sentence.inserted').allTextContents()).toEqual(['另有一项说明。']);
    expect(await other.locator('.sentence.same').allTextContents()).toContain('本年共受理依申请公开5件。');
    const changedCell = owner.locator('.compare-part[data-part="proactive"] tr[data-cell="proactive.licensing.decisions"]');
    expect(await changedCell.locator('.old-value').textContent()).toBe('0');
    expect(await changedCell.locator('.new-value').textContent()).toBe('3');
    expect(await changedCell.textContent()).toContain('第二部分“行政许可”的“本年处理决定数量”');
    expect(await owner.locator('.compare-part').count()).toBe(2);
    await owner.screenshot({ path: screenshot('versions-compare'), fullPage: true });

    // The version, read-only, as it was; then restored.
    await owner.getByRole('link', { name: '第 1 版' }).click();
    const frozen = owner.locator('.frozen-document[data-version="1"]');
    await frozen.locator('[data-fragment="other"]').waitFor();
    expect(await editorText(owner, 'other')).toContain('本年共受理依申请公开5件。');
    expect(await editorText(owner, 'other')).not.toContain('另有一项说明');
    expect(await frozen.locator('[data-fragment="other"]').getAttribute('contenteditable')).toBe('false');
    expect(await cell(owner, 'proactive.licensing.decisions').inputValue()).toBe('0');
    expect(await cell(owner, 'proactive.licensing.decisions').getAttribute('readonly')).not.toBeNull();
    await owner.screenshot({ path: screenshot('versions-frozen') });
    // Its exports are the version's: the JSON data export holds the text as it was.
    const download = owner.waitForEvent('download');
    await owner.locator('a[data-export="json"]').click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('余杭区商务局2024年政府信息公开工作年度报告.json');
    const exported = JSON.parse(await readFile((await saved.path())!, 'utf8')) as { parts: { other: string } };
    expect(exported.parts.other).toContain('本年共受理依申请公开5件。');
    expect(exported.parts.other).not.toContain('另有一项说明');
    await owner.getByRole('button', { name: '恢复此版本' }).click();
    await owner.getByRole('button', { name: '确认恢复' }).click();
    const done = owner.locator('.restore-done');
    await done.waitFor();
    expect(await done.textContent()).toContain('已恢复第 1 版。恢复前的草稿已保存为第 2 版。');

    // The editor's open page gets the version's text and figure back, live.
    await expect.poll(() => editorText(writer, 'other')).not.toContain('另有一项说明');
    expect(await editorText(writer, 'other')).toContain('本年共受理依申请公开5件。');
    await expect.poll(() => cell(writer, 'proactive.licensing.decisions').inputValue()).toBe('0');

    await owner.getByRole('link', { name: '返回报告' }).click();
    await editor(owner, 'other').waitFor();
    await owner.getByRole('link', { name: '← 报告列表' }).click();
    const listed = owner.locator(`tr[data-report="${sampleReportId}"]`);
    await listed.waitFor();
    expect(await listed.locator('.status.published').textContent()).toBe('已发布');
    expect(await listed.locator('.status.draft').textContent()).toBe('草稿');
    expect(await listed.locator('.latest-version').textContent()).toBe('第 2 版');
    expect(errors).toEqual([]);
    await owner.context().close();
    await writer.context().close();
  });
});
