/**
 * Comments and sign-offs in the browser (issue 16), people signed in in their own browser
 * contexts against the real server: a thread on a sentence seen live, replied to and resolved;
 * its highlight following the edits of another, and its card beside the part on a wide page and
 * under it on a narrower one; detached, with its quote, once the sentence is deleted; a thread
 * on a cell of table 三, a reply edited and deleted, a thread on a note under the table; an
 * @-mention in the other person's 我的提及, unread until opened; a viewer who reads threads and
 * writes none; and the sign-off chain of a part taken by three members the owner designated,
 * lapsed by an edit, seen by all of them.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, type User, cell, createReport, editor, editorOfAll, editorText, newUser, openReport, startE2E } from './test-support/harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

async function closeUsers(...users: User[]): Promise<void> {
  for (const u of users) {
    expect(u.errors).toEqual([]);
    await u.context.close();
  }
}

/** The text a highlight covers in a part's editor, by thread (none: no highlight there). */
function highlight(page: Page, fragment: string) {
  return editor(page, fragment).locator('.comment-highlight');
}

function card(page: Page, hasText: string) {
  return page.locator('.thread-card', { hasText });
}

/** Types into a part's editor at the end of its text. */
async function typeAtEnd(page: Page, fragment: string, text: string): Promise<void> {
  await editor(page, fragment).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/** Selects `length` characters ending `fromEnd` characters before the end of the part's text. */
async function selectBeforeEnd(page: Page, fragment: string, fromEnd: number, length: number): Promise<void> {
  await editor(page, fragment).click();
  await page.keyboard.press('Control+End');
  for (let i = 0; i < fromEnd; i++) await page.keyboard.press('ArrowLeft');
  for (let i = 0; i < length; i++) await page.keyboard.press('Shift+ArrowLeft');
}

describe('comment threads between two people', () => {
  it('A comments on a sentence, B sees it live and replies, A resolves it; B edits the sentence and the highlight follows; deleted, the thread stays with its quote', async () => {
    const id = await createReport(e2e, '批注测试一局');
    const a = await newUser(e2e, '张伟', { [id]: editorOfAll });
    const b = await newUser(e2e, '李娜', { [id]: editorOfAll });
    await Promise.all([openReport(e2e, a, id), openReport(e2e, b, id)]);

    const sentence = '第二句需要核实数字';
    await typeAtEnd(a.page, 'problems', `第一句话是背景。${sentence}。第三句结束。`);
    await expect.poll(() => editorText(b.page, 'problems')).toBe(`第一句话是背景。${sentence}。第三句结束。`);

    // A selects the sentence and comments with Ctrl+Alt+M; Ctrl+Enter posts.
    await selectBeforeEnd(a.page, 'problems', '。第三句结束。'.length, sentence.length);
    await a.page.keyboard.press('Control+Alt+KeyM');
    const draft = a.page.locator('.thread-card.draft');
    await draft.waitFor();
    expect(await draft.locator('.thread-anchor').innerText()).toBe(sentence);
    expect(await highlight(a.page, 'problems').innerText()).toBe(sentence);
    await a.page.keyboard.type('请核实这个数字的来源');
    await a.page.keyboard.press('Control+Enter');
    await card(a.page, '请核实这个数字的来源').waitFor();
    expect(await a.page.locator('.thread-card.draft').count()).toBe(0);
    expect(await highlight(a.page, 'problems').innerText()).toBe(sentence);

    // B sees the highlight and the thread live, opens it from the highlight, and replies.
    await expect.poll(() => highlight(b.page, 'problems').innerText().catch(() => '')).toBe(sentence);
    const onB = card(b.page, '请核实这个数字的来源');
    expect(await onB.locator('.comment-author').innerText()).toBe('张伟');
    await highlight(b.page, 'problems').click();
    await b.page.locator('.thread-card.active', { hasText: '请核实这个数字的来源' }).waitFor();
    await b.page.getByLabel('回复批注').fill('已核实，来自年度统计台账');
    await b.page.getByLabel('回复批注').press('Control+Enter');
    const onA = card(a.page, '请核实这个数字的来源');
    await onA.locator('.comment', { hasText: '已核实，来自年度统计台账' }).waitFor();
    expect(await onA.locator('.comment-author').allInnerTexts()).toEqual(['张伟', '李娜']);
    expect(await a.page.locator('.outline [data-part="problems"] .count.comments').innerText()).toBe('批注 1');

    // A resolves it. B, who has it open, sees it resolved; once B clicks away, 未解决 hides it.
    await onA.click();
    await onA.getByRole('button', { name: '解决' }).click();
    await card(b.page, '请核实这个数字的来源').locator('.thread-resolved-note').waitFor();
    await b.page.locator('.doc-title').click();
    await expect.poll(() => card(b.page, '请核实这个数字的来源').count()).toBe(0);
    expect(await highlight(b.page, 'problems').count()).toBe(0);
    expect(await b.page.locator('.outline [data-part="problems"] .count.comments').count()).toBe(0);
    await a.page.locator('.thread-filters [data-filter="resolved"]').click();
    await card(a.page, '请核实这个数字的来源').locator('.thread-resolved-note').waitFor();
    expect(await highlight(a.page, 'problems').getAttribute('class')).toContain('resolved');

    // B edits inside the sentence and before it: A's highlight follows the text.
    await editor(b.page, 'problems').click();
    await b.page.keyboard.press('Control+End');
    for (let i = 0; i < '数字。第三句结束。'.length; i++) await b.page.keyboard.press('ArrowLeft');
    await b.page.keyboard.type('的');
    await b.page.keyboard.press('Control+Home');
    await b.page.keyboard.type('前言：');
    await expect.poll(() => editorText(a.page, 'problems')).toBe('前言：第一句话是背景。第二句需要核实的数字。第三句结束。');
    await expect.poll(() => highlight(a.page, 'problems').innerText()).toBe('第二句需要核实的数字');

    // On this page's width (1440) the thread is listed under its part, in the document.
    const under = card(a.page, '请核实这个数字的来源');
    const [underBox, editorBox, paperBefore] = await Promise.all([under.boundingBox(), editor(a.page, 'problems').boundingBox(), a.page.locator('.paper').boundingBox()]);
    expect(underBox!.y).toBeGreaterThan(editorBox!.y + editorBox!.height - 1);
    expect(underBox!.x + underBox!.width).toBeLessThan(paperBefore!.x + paperBefore!.width);
    // Wide enough, the thread stands beside its part, level with its sentence.
    await a.page.setViewportSize({ width: 1800, height: 1000 });
    const beside = card(a.page, '请核实这个数字的来源');
    await expect
      .poll(async () => {
        const [cardBox, textBox, paperBox] = await Promise.all([beside.boundingBox(), highlight(a.page, 'problems').boundingBox(), a.page.locator('.paper').boundingBox()]);
        return cardBox!.x > paperBox!.x + paperBox!.width && Math.abs(cardBox!.y - textBox!.y) < 2;
      })
      .toBe(true);
    await a.page.locator('#part-problems').scrollIntoViewIfNeeded();
    await a.page.screenshot({ path: '/tmp/nianbao-comments-beside.png' });

    // B deletes the sentence: the thread stays, detached, with the text it was made on.
    await editor(b.page, 'problems').click();
    await b.page.keyboard.press('Control+A');
    await b.page.keyboard.press('Backspace');
    await expect.poll(() => editorText(a.page, 'problems')).toBe('');
    const detached = card(a.page, '请核实这个数字的来源').locator('.thread-anchor.detached');
    await detached.waitFor();
    expect(await detached.innerText()).toBe(`${sentence} 原文已删除`);
    expect(await highlight(a.page, 'problems').count()).toBe(0);
    await closeUsers(a, b);
  });

  it('a comment on a cell of table 三 marks the cell for the other person, whose click opens it; a reply edited (已编辑) and deleted by its author; a comment on a note under the table', async () => {
    const id = await createReport(e2e, '批注测试二局');
    const a = await newUser(e2e, '张伟', { [id]: editorOfAll });
    const b = await newUser(e2e, '李娜', { [id]: { role: 'reviewer', parts: 'all' } });
    await Promise.all([openReport(e2e, a, id), openReport(e2e, b, id)]);

    await cell(a.page, 'requests.received.natural').click();
    await a.page.keyboard.press('Control+Alt+KeyM');
    const draft = a.page.locator('.thread-card.draft');
    await draft.waitFor();
    expect(await draft.locator('.thread-anchor').innerText()).toContain('单元格');
    await a.page.keyboard.type('自然人申请数与台账不符');
    await a.page.keyboard.press('Control+Enter');
    await card(a.page, '自然人申请数与台账不符').waitFor();

    const mark = b.page.locator('.cell-comment-mark[data-comment-cell="requests.received.natural"]');
    await mark.waitFor();
    expect(await b.page.locator('.cell-comment-mark').count()).toBe(1);
    await mark.click();
    const opened = b.page.locator('.thread-card.active', { hasText: '自然人申请数与台账不符' });
    await opened.waitFor();
    expect(await opened.locator('.thread-anchor').innerText()).toContain('单元格');
    // A reviewer comments too: the reply reaches A.
    await b.page.getByLabel('回复批注').fill('请附上台账截图');
    await b.page.keyboard.press('Control+Enter');
    const onA = card(a.page, '自然人申请数与台账不符');
    await onA.locator('.comment', { hasText: '请附上台账截图' }).waitFor();
    expect(await a.page.locator('.outline [data-part="requests"] .count.comments').innerText()).toBe('批注 1');
    // Only one's own comments have 编辑 and 删除.
    expect(await onA.locator('.comment', { hasText: '请附上台账截图' }).getByRole('button', { name: '编辑' }).count()).toBe(0);

    // B edits the reply: A sees the new text marked 已编辑; then B deletes it, and A sees it go.
    const reply = b.page.locator('.thread-card .comment', { hasText: '请附上台账截图' });
    await reply.getByRole('button', { name: '编辑' }).click();
    await b.page.getByLabel('编辑批注').fill('请附上台账截图和登记表');
    await b.page.getByLabel('编辑批注').press('Control+Enter');
    const edited = onA.locator('.comment', { hasText: '请附上台账截图和登记表' });
    await edited.locator('.comment-edited').waitFor();
    expect(await edited.locator('.comment-edited').innerText()).toBe('已编辑');
    await b.page.locator('.thread-card .comment', { hasText: '请附上台账截图和登记表' }).getByRole('button', { name: '删除' }).click();
    await b.page.getByRole('button', { name: '确认删除' }).click();
    await expect.poll(() => onA.locator('.comment').count()).toBe(1);
    expect(await onA.locator('.comment-text').innerText()).toBe('自然人申请数与台账不符');

    // A note under table 三 is text of the part's editor like any other: a thread on part of it.
    await a.page.locator('[data-fragment="requests"] > .node-disclosureTable + *').click();
    await a.page.keyboard.type('注：本表数据截至12月31日。');
    await a.page.keyboard.press('ArrowLeft');
    for (let i = 0; i < '12月31日'.length; i++) await a.page.keyboard.press('Shift+ArrowLeft');
    await a.page.keyboard.press('Control+Alt+KeyM');
    await a.page.getByLabel('批注内容').fill('统计截止日期请与台账一致');
    await a.page.getByLabel('批注内容').press('Control+Enter');
    await expect.poll(() => highlight(b.page, 'requests').innerText().catch(() => '')).toBe('12月31日');
    expect(await card(b.page, '统计截止日期请与台账一致').locator('.thread-anchor').innerText()).toBe('12月31日');
    expect(await b.page.locator('.outline [data-part="requests"] .count.comments').innerText()).toBe('批注 2');

    // B's open card closes as B clicks 批注此部分 further down, and the click still lands.
    expect(await b.page.locator('.thread-card.active').count()).toBe(1);
    await b.page.locator('[data-comment-part="problems"]').click();
    await b.page.getByLabel('批注内容').waitFor();
    expect(await b.page.locator('.thread-card.active:not(.draft)').count()).toBe(0);
    await closeUsers(a, b);
  });

  it('an @-mention appears, unread, in the other person’s 我的提及 until opened; a viewer reads threads and writes none', async () => {
    const id = await createReport(e2e, '批注测试三局');
    const a = await newUser(e2e, '张伟', { [id]: editorOfAll });
    const b = await newUser(e2e, '李娜', { [id]: editorOfAll });
    const c = await newUser(e2e, '周来宾', { [id]: { role: 'viewer', parts: 'all' } });
    await Promise.all([openReport(e2e, a, id), openReport(e2e, b, id), openReport(e2e, c, id)]);

    // A comments on part 一 as a whole, mentioning B through the picker.
    await a.page.locator('[data-comment-part="overview"]').click();
    const text = a.page.getByLabel('批注内容');
    await text.pressSequentially('请 @李');
    await a.page.locator('.mention-picker [role="option"]', { hasText: '李娜' }).waitFor();
    await text.press('Enter');
    expect(await text.inputValue()).toBe('请 @李娜 ');
    await text.pressSequentially('补充主动公开的数据');
    await text.press('Control+Enter');
    await card(a.page, '补充主动公开的数据').waitFor();
    expect(await card(a.page, '补充主动公开的数据').locator('mark.mention').innerText()).toBe('@李娜');
    // Wide, a thread on the whole part stands beside the part's top.
    await a.page.setViewportSize({ width: 1800, height: 1000 });
    await expect
      .poll(async () => {
        const [cardBox, partBox, paperBox] = await Promise.all([
          card(a.page, '补充主动公开的数据').boundingBox(),
          a.page.locator('#part-overview').boundingBox(),
          a.page.locator('.paper').boundingBox(),
        ]);
        return cardBox!.x > paperBox!.x + paperBox!.width && Math.abs(cardBox!.y - partBox!.y) < 2;
      })
      .toBe(true);

    // B: one unread mention; opening it from the list opens the thread and marks it read.
    const unread = b.page.locator('.mentions-button .mentions-unread');
    await expect.poll(() => unread.innerText().catch(() => '')).toBe('1');
    expect(await a.page.locator('.mentions-button .mentions-unread').count()).toBe(0);
    await b.page.locator('.mentions-button').click();
    const entry = b.page.locator('.mentions-popup li.unread', { hasText: '补充主动公开的数据' });
    await entry.waitFor();
    expect(await entry.locator('.unread-dot').innerText()).toBe('未读');
    await entry.locator('button').click();
    await b.page.locator('.thread-card.active', { hasText: '补充主动公开的数据' }).waitFor();
    await expect.poll(() => unread.count()).toBe(0);
    // Read stays read after a reload (kept in this browser for this user and report).
    await openReport(e2e, b, id);
    await card(b.page, '补充主动公开的数据').waitFor();
    expect(await unread.count()).toBe(0);

    // The viewer sees the thread, and nothing to write with.
    await card(c.page, '补充主动公开的数据').waitFor();
    await card(c.page, '补充主动公开的数据').click();
    expect(await c.page.locator('.thread-card.active').count()).toBe(1);
    expect(await c.page.getByLabel('回复批注').count()).toBe(0);
    expect(await c.page.getByRole('button', { name: '解决' }).count()).toBe(0);
    expect(await c.page.locator('[data-comment-part]').count()).toBe(0);
    expect(await c.page.locator('.comments-hint').count()).toBe(0);
    await closeUsers(a, b, c);
  });
});

describe('the sign-off chain', () => {
  it('three members the owner designated sign a part in turn; an edit lapses it, and all of them see it', async () => {
    const id = await createReport(e2e, '签批测试局');
    const owner = await newUser(e2e, '王局长', { [id]: { role: 'owner', parts: 'all' } });
    const drafter = await newUser(e2e, '赵撰稿', { [id]: editorOfAll });
    const head = await newUser(e2e, '钱科长', { [id]: { role: 'reviewer', parts: 'all' } });
    const leader = await newUser(e2e, '孙分管', { [id]: { role: 'reviewer', parts: 'all' } });
    const everyone = [owner, drafter, head, leader];
    await Promise.all(everyone.map((u) => openReport(e2e, u, id)));
    await typeAtEnd(drafter.page, 'problems', '业务联动还需进一步提升。');

    // Nobody is designated yet: nobody is offered a step.
    for (const u of everyone) expect(await u.page.locator('.signoff-sign').count()).toBe(0);
    // The owner designates one member per step in the members panel.
    const designate = async (user: User, step: string) => {
      const box = owner.page.locator(`.members li[data-member="${user.name}"] input[data-sign-step="${step}"]`);
      // Checked once the server took it and the page read the members again.
      await box.click();
      await expect.poll(() => box.isChecked()).toBe(true);
    };
    await designate(drafter, 'drafter');
    await designate(head, 'head');
    await designate(leader, 'leader');

    const bar = (u: User) => u.page.locator('[data-signoff-part="problems"]');
    const outlineState = (u: User) => u.page.locator('.outline [data-part="problems"] .outline-signoff').innerText();
    const sign = async (u: User, step: string, state: string) => {
      const button = bar(u).locator(`.signoff-sign[data-step="${step}"]`);
      await button.click();
      for (const other of everyone) await expect.poll(() => outlineState(other)).toBe(state);
    };
    // Each is offered their step only once the step before counts.
    await bar(drafter).locator('.signoff-sign[data-step="drafter"]').waitFor();
    expect(await bar(head).locator('.signoff-sign').count()).toBe(0);
    await sign(drafter, 'drafter', '撰稿人已确认');
    expect(await bar(drafter).locator('.signoff-sign').count()).toBe(0);
    await sign(head, 'head', '科室负责人已审核');
    await sign(leader, 'leader', '分管领导已审定');
    for (const u of everyone) {
      expect(await bar(u).locator('.signoff-state').innerText()).toBe('分管领导已审定');
      expect(await bar(u).locator('.signoff-steps li.counts').allInnerTexts()).toEqual([
        expect.stringContaining('撰稿人 赵撰稿'),
        expect.stringContaining('科室负责人 钱科长'),
        expect.stringContaining('分管领导 孙分管'),
      ]);
    }

    // The drafter edits the part: every sign-off lapses, for everyone, and 起草中 again.
    await typeAtEnd(drafter.page, 'problems', '二是队伍建设有待加强。');
    for (const u of everyone) {
      await expect.poll(() => outlineState(u)).toBe('起草中（签署已失效）');
      expect(await bar(u).locator('.signoff-state').innerText()).toBe('起草中');
      expect(await bar(u).locator('.signoff-lapsed').allInnerTexts()).toEqual(['已失效（内容已修改）', '已失效（内容已修改）', '已失效（内容已修改）']);
    }
    // The chain starts again with the drafter.
    await bar(drafter).locator('.signoff-sign[data-step="drafter"]').waitFor();
    await closeUsers(...everyone);
  });
});
