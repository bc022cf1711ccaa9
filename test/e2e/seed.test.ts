/**
 * The sample report the server creates from the real 余杭区商务局 2024 report, as an editor of
 * it sees it: every figure in its place, the text there, Chinese rendered with real glyphs,
 * totals read-only.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCells, tablePartKeys } from '../../schema/format.ts';
import {
  type E2E,
  type User,
  cell,
  createReport,
  editorOfAll,
  editorText,
  newUser,
  notesAround,
  openReport,
  sampleReportId,
  startE2E,
  tableNodeView,
  typeInCell,
} from './test-support/harness.ts';
import { seedFigures } from './test-support/seed-figures.ts';

const screenshotDir = new URL('../../test-results/e2e', import.meta.url).pathname;

let e2e: E2E;
let user: User;
beforeAll(async () => {
  e2e = await startE2E();
  const sample = await sampleReportId(e2e);
  user = await newUser(e2e, '王芳', { [sample]: editorOfAll });
  await openReport(e2e, user, sample);
});
afterAll(async () => {
  expect(user?.errors ?? []).toEqual([]);
  await e2e?.close();
});

describe('the seed sample report', () => {
  it('opens with every figure of the published report in its cell', async () => {
    const figures = seedFigures();
    const shown = await user.page.evaluate(() =>
      Object.fromEntries(Array.from(document.querySelectorAll<HTMLInputElement>('input[data-cell]')).map((i) => [i.dataset.cell, i.value])),
    );
    expect(Object.keys(shown).sort()).toEqual(allCells.map((c) => c.id).sort());
    const expected = Object.fromEntries(allCells.map((c) => [c.id, figures.get(c.id)]));
    expect(shown).toEqual(expected);
    // The seed's non-zero figures, spelled out: 1 application received from a person, disclosed.
    expect(shown['requests.received.natural']).toBe('1');
    expect(shown['requests.disclosed.total']).toBe('1');
  });

  it('draws each table in its part\'s editor, as the node of its part, with an empty paragraph for notes under it', async () => {
    for (const part of tablePartKeys) {
      expect(await tableNodeView(user.page, part).locator('.report-table').count(), part).toBe(1);
      expect(await notesAround(user.page, part), part).toEqual({ before: [], after: [''] });
    }
  });

  it('opens with its narrative text under the fixed part titles', async () => {
    const titles = await user.page.locator('.part-title').allInnerTexts();
    expect(titles).toEqual([
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ]);
    expect(await user.page.locator('.doc-title').innerText()).toBe('余杭区商务局2024年政府信息公开工作年度报告');
    expect(await editorText(user.page, 'overview')).toContain('2024年，余杭区商务局坚持以习近平新时代中国特色社会主义思想为指引');
    expect(await editorText(user.page, 'other')).toContain('本单位2024年未收取信息处理费');
    // Titles live outside the editors: no editor contains one.
    expect(await user.page.locator('[data-fragment]').allInnerTexts()).not.toContain('一、总体情况');
  });

  it('renders Chinese with real glyphs in a screenshot of the report page (not tofu boxes)', async () => {
    mkdirSync(screenshotDir, { recursive: true });
    const page = user.page;
    await page.evaluate(() => window.scrollTo(0, 0));
    const png = await page.screenshot({ path: `${screenshotDir}/report-page.png` });
    await page.screenshot({ path: `${screenshotDir}/report-page-full.png`, fullPage: true });
    const real = await glyphFingerprints(user, png, '.doc-title');
    expect(real.chars).toBe('余杭区商务局');
    // Real glyphs: every character has ink and a shape of its own.
    for (const g of real.glyphs) expect(g.ink).toBeGreaterThan(20);
    expect(new Set(real.glyphs.map((g) => g.bits)).size).toBe(6);
    expect(new Set(real.glyphs.map((g) => g.ink)).size).toBeGreaterThanOrEqual(4);

    // The check tells tofu apart: six private-use characters, which no font here has, draw six identical boxes.
    await page.evaluate(() => {
      const probe = document.createElement('h1');
      probe.className = 'doc-title tofu-probe';
      probe.textContent = String.fromCharCode(0xe000, 0xe001, 0xe002, 0xe003, 0xe004, 0xe005);
      document.querySelector('.doc-header')!.append(probe);
    });
    const tofuPng = await page.screenshot();
    const tofu = await glyphFingerprints(user, tofuPng, '.tofu-probe');
    await page.evaluate(() => document.querySelector('.tofu-probe')!.remove());
    expect(new Set(tofu.glyphs.map((g) => g.bits)).size).toBe(1);
  });
});

describe('derived totals', () => {
  it('are computed from the figures and cannot be typed into', async () => {
    const id = await createReport(e2e, '合计测试局');
    const u = await newUser(e2e, '赵敏', { [id]: editorOfAll });
    await openReport(e2e, u, id);
    const total = cell(u.page, 'requests.received.total');
    // Unknown while a figure it sums is blank; computed once the row is filled.
    await typeInCell(u.page, 'requests.received.natural', '3');
    await typeInCell(u.page, 'requests.received.research', '4');
    expect(await total.inputValue()).toBe('');
    for (const column of ['commercial', 'nonprofit', 'legal', 'otherOrg']) await typeInCell(u.page, `requests.received.${column}`, '0');
    await expect.poll(() => total.inputValue()).toBe('7');
    expect(await total.getAttribute('readonly')).not.toBeNull();
    expect(await total.getAttribute('data-derived')).toBe('computed');
    await total.click();
    await total.press('9');
    await total.press('Backspace');
    expect(await total.inputValue()).toBe('7');
    // Table 四's group totals likewise.
    await typeInCell(u.page, 'appeals.review.upheld', '2');
    await typeInCell(u.page, 'appeals.review.corrected', '0');
    await typeInCell(u.page, 'appeals.review.other', '0');
    await typeInCell(u.page, 'appeals.review.pending', '1');
    await expect.poll(() => cell(u.page, 'appeals.review.total').inputValue()).toBe('3');
    expect(await cell(u.page, 'appeals.review.total').getAttribute('readonly')).not.toBeNull();
    expect(u.errors).toEqual([]);
    await u.context.close();
  });

  it('T3.rowTotal: an imported total that disagrees is flagged; Delete drops it for the computed sum', async () => {
    const page = user.page;
    const total = cell(page, 'requests.received.total');
    // The sample's totals were imported with the published report: they are data.
    expect(await total.getAttribute('data-derived')).toBe('imported');
    await typeInCell(page, 'requests.received.natural', '2');
    const rowTotal = page.locator('.diag-item[data-rule="T3.rowTotal"]');
    await rowTotal.first().waitFor();
    expect(await page.locator('td.has-error', { has: total }).count()).toBe(1);
    expect(await total.inputValue()).toBe('1');
    await total.click();
    await total.press('Delete');
    await expect.poll(() => total.inputValue()).toBe('2');
    expect(await total.getAttribute('data-derived')).toBe('computed');
    await expect.poll(() => page.locator('.diag-item[data-rule="T3.rowTotal"][data-target^="requests.received."]').count()).toBe(0);
  });
});

/**
 * Fingerprints the first six characters of `selector` as they appear in a screenshot: each
 * character's box is cut from the decoded PNG (decoded by the browser, in a blank page) and
 * reduced to its dark-pixel count and bitmap.
 */
async function glyphFingerprints(u: User, png: Buffer, selector: string) {
  const layout = await u.page.locator(selector).evaluate((el) => {
    const text = el.firstChild as Text;
    const rects = [];
    for (let i = 0; i < 6; i++) {
      const range = document.createRange();
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      const r = range.getBoundingClientRect();
      rects.push({ x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width), h: Math.round(r.height) });
    }
    return { chars: text.data.slice(0, 6), rects, dpr: window.devicePixelRatio };
  });
  const blank = await u.context.newPage();
  const glyphs = await blank.evaluate(
    async ({ dataUrl, rects, dpr }) => {
      const img = new Image();
      img.src = dataUrl;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      return rects.map((r) => {
        const data = ctx.getImageData(r.x * dpr, r.y * dpr, r.w * dpr, r.h * dpr).data;
        let ink = 0;
        let bits = '';
        for (let i = 0; i < data.length; i += 4) {
          const dark = data[i] + data[i + 1] + data[i + 2] < 384;
          if (dark) ink++;
          bits += dark ? '1' : '0';
        }
        return { ink, bits };
      });
    },
    { dataUrl: `data:image/png;base64,${png.toString('base64')}`, rects: layout.rects, dpr: layout.dpr },
  );
  await blank.close();
  return { chars: layout.chars, glyphs };
}
