/**
 * The PDF export: the HTML export printed by Debian's Chromium (`apt-get install chromium`,
 * `/usr/bin/chromium`) through playwright-core — never a browser playwright downloads. Nothing
 * else needs Chromium: it is looked for, and playwright-core loaded, on the first PDF only, so
 * the server starts and every other export works without them. Without Chromium the PDF export
 * fails with `PdfUnavailable`, whose message says how to install it (HTTP answers 503 with it).
 *
 * One browser serves every print, launched on the first and closed after a minute without one
 * (a browser costs ~100 MB idle). Each print gets its own context with JavaScript off and every
 * network request refused: the HTML is self-contained, and nothing in a report may reach out.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { fonts } from './html-style.ts';

export const defaultChromiumPath = '/usr/bin/chromium';

/** The PDF export cannot run here; `message` (zh-CN) says why and what to install. */
export class PdfUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfUnavailable';
  }
}

export interface PdfPrinterOptions {
  /** Default /usr/bin/chromium (Debian's package). */
  readonly chromiumPath?: string;
  /** Close the browser this long after the last print (ms); default 60 s. */
  readonly idleCloseMs?: number;
}

const launchArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** 「— 1 —」 centred in the bottom margin, as on an official document. */
const footerTemplate = `<div style="width:100%;text-align:center;font-size:14pt;font-family:${fonts.table.replace(/"/g, "'")}">— <span class="pageNumber"></span> —</div>`;

export class PdfPrinter {
  readonly chromiumPath: string;
  private readonly idleCloseMs: number;
  private browser: Promise<Browser> | undefined;
  private printing = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: PdfPrinterOptions = {}) {
    this.chromiumPath = options.chromiumPath ?? defaultChromiumPath;
    this.idleCloseMs = options.idleCloseMs ?? 60_000;
  }

  /** Prints a self-contained HTML document on A4 (its `@page` rules) and returns the PDF's bytes. */
  async print(html: string): Promise<Uint8Array> {
    if (this.closed) throw new Error('PdfPrinter: closed');
    this.printing++;
    clearTimeout(this.idleTimer);
    try {
      const browser = await this.launched();
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      try {
        await context.route('**/*', (route) => route.abort());
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        const pdf = await page.pdf({
          preferCSSPageSize: true,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate,
        });
        return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      } finally {
        await context.close();
      }
    } finally {
      this.printing--;
      this.scheduleIdleClose();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    await this.closeBrowser();
  }

  private launched(): Promise<Browser> {
    this.browser ??= this.launch().catch((err: unknown) => {
      this.browser = undefined;
      throw err;
    });
    return this.browser;
  }

  private async launch(): Promise<Browser> {
    if (!existsSync(this.chromiumPath)) {
      throw new PdfUnavailable(`导出 PDF 需要 Chromium，但本机没有 ${this.chromiumPath}：请先安装（Debian/Ubuntu：sudo apt-get install chromium），其他格式的导出不受影响`);
    }
    let chromium: typeof import('playwright-core').chromium;
    try {
      ({ chromium } = await import('playwright-core'));
    } catch {
      throw new PdfUnavailable('导出 PDF 需要 playwright-core，但没有安装：请在项目目录运行 npm install playwright-core');
    }
    let browser: Browser;
    try {
      browser = await chromium.launch({ executablePath: this.chromiumPath, args: launchArgs });
    } catch (err) {
      throw new PdfUnavailable(`无法启动 Chromium（${this.chromiumPath}）：${String((err as Error).message).split('\n')[0]}。请确认已安装：sudo apt-get install chromium`);
    }
    // A browser that crashed or was killed is launched again on the next print.
    const launched = this.browser;
    browser.on('disconnected', () => {
      if (this.browser === launched) this.browser = undefined;
    });
    return browser;
  }

  private scheduleIdleClose(): void {
    if (this.printing > 0 || this.closed || this.browser === undefined) return;
    this.idleTimer = setTimeout(() => void this.closeBrowser(), this.idleCloseMs);
    this.idleTimer.unref();
  }

  private async closeBrowser(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    if (browser === undefined) return;
    try {
      await (await browser).close();
    } catch {
      // A browser that failed to launch or already died has nothing to close.
    }
  }
}
