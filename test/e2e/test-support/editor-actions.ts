/**
 * What a person does to an editor that Playwright has no single call for, done through the
 * browser's own events so that ProseMirror's handlers take them (paste, copy, a drag), and what a
 * test needs to see of it (the page's socket closes, the caret read after a key).
 */
import type { Page } from 'playwright-core';
import { editor } from './harness.ts';

/**
 * Records, from the page's first script on, every websocket close the page sees: a refused update
 * closes the sync socket with 4403.
 */
export async function recordSocketCloses(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    const closes: number[] = [];
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('close', (event) => closes.push(event.code));
      }
    };
    Object.defineProperty(window, '__socketCloses', { get: () => closes });
  });
}

export function socketCloses(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __socketCloses: number[] }).__socketCloses);
}

/**
 * Presses a key that may move the caret (Home, End) and, if it moved, waits for the browser's
 * `selectionchange`, which is when ProseMirror reads the new caret: a key pressed before it would
 * act on the old one (and a Backspace there would be left to the browser's own editing).
 */
export async function moveCaret(page: Page, key: string): Promise<void> {
  type Caret = { changes: number; node: Node | null; offset: number };
  const seen = await page.evaluate(() => {
    const w = window as unknown as { __caret?: Caret };
    if (!w.__caret) {
      const caret: Caret = { changes: 0, node: null, offset: 0 };
      document.addEventListener('selectionchange', () => caret.changes++);
      w.__caret = caret;
    }
    const selection = document.getSelection();
    w.__caret.node = selection?.focusNode ?? null;
    w.__caret.offset = selection?.focusOffset ?? 0;
    return w.__caret.changes;
  });
  await page.keyboard.press(key);
  await page.evaluate((changes) => {
    const caret = (window as unknown as { __caret: Caret }).__caret;
    const selection = document.getSelection();
    const moved = selection?.focusNode !== caret.node || selection?.focusOffset !== caret.offset;
    if (!moved || caret.changes > changes) return;
    return new Promise<void>((resolve) => document.addEventListener('selectionchange', () => resolve(), { once: true }));
  }, seen);
}

/** Sends a paste of `html` (and `text`) to the focused element, as the browser does on Ctrl+V. */
export async function pasteHtml(page: Page, html: string, text = ''): Promise<void> {
  await page.evaluate(
    ([pasted, plain]) => {
      const data = new DataTransfer();
      data.setData('text/html', pasted);
      data.setData('text/plain', plain);
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    [html, text] as const,
  );
}

/** What the focused editor puts on the clipboard on Ctrl+C (its own copy handler), as HTML and text. */
export async function copyFromEditor(page: Page): Promise<{ html: string; text: string }> {
  return page.evaluate(() => {
    const data = new DataTransfer();
    document.activeElement!.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }));
    return { html: data.getData('text/html'), text: data.getData('text/plain') };
  });
}

/**
 * Drags the current selection of the focused editor from `from` and drops it on `to`, as a mouse
 * does it: prosemirror-view's own dragstart and drop handlers take a move within the editor.
 */
export async function dragSelection(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.evaluate(
    ([start, end]) => {
      const data = new DataTransfer();
      const at = (p: { x: number; y: number }) => document.elementFromPoint(p.x, p.y)!;
      const init = (p: { x: number; y: number }) => ({ dataTransfer: data, clientX: p.x, clientY: p.y, bubbles: true, cancelable: true });
      at(start).dispatchEvent(new DragEvent('dragstart', init(start)));
      at(end).dispatchEvent(new DragEvent('dragover', init(end)));
      at(end).dispatchEvent(new DragEvent('drop', init(end)));
      at(start).dispatchEvent(new DragEvent('dragend', init(start)));
    },
    [from, to] as const,
  );
}

/** The middle of the first line of `text` in a part's editor, in page coordinates. */
export async function pointAt(page: Page, part: string, text: string): Promise<{ x: number; y: number }> {
  return editor(page, part).evaluate((el, wanted) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const index = node.textContent!.indexOf(wanted);
      if (index < 0) continue;
      const range = document.createRange();
      range.setStart(node, index);
      range.setEnd(node, index + 1);
      const box = range.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    }
    throw new Error(`no ${wanted} in ${el.getAttribute('data-fragment')}`);
  }, text);
}
