/**
 * Cleans HTML pasted from Word or WPS before ProseMirror parses it: the text, paragraphs,
 * headings, lists and bold/italic stay; fonts, sizes, colours, classes, Office XML and
 * conditional comments go. Without this, `mso-*` spans and `<o:p>` litter the report.
 */

/** Elements dropped with their content: metadata and Office's hidden markup. */
const droppedTags = new Set(['style', 'script', 'meta', 'link', 'title', 'xml', 'head', 'object', 'iframe', 'img', 'svg']);
/** Elements replaced by their children: pure styling wrappers. */
const unwrappedTags = new Set(['span', 'font', 'a', 'u', 'ins', 'del', 's', 'strike', 'sup', 'sub', 'small', 'big', 'center', 'section', 'article']);
/** Attributes ProseMirror needs to keep a list's numbering start; every other attribute goes. */
const keptAttributes = new Set(['start']);

/**
 * Word's stylesheets and inline styles, taken out of the way before parsing: the page's CSP
 * admits no inline style, and a parser applies it to every `style` attribute it meets (one
 * violation logged per element). The stylesheet is dropped; the attributes are renamed, read
 * for bold and italic, and dropped with every other attribute. Text cannot hold a raw `<`, so
 * only tags match.
 */
const styleElement = /<style\b[^>]*>[\s\S]*?<\/style\s*>/gi;
const styleAttribute = /(<[a-z][^>]*?\s)style(\s*=)/gi;
const pastedStyle = 'data-pasted-style';

export function cleanPastedHtml(html: string): string {
  const inert = html.replace(styleElement, '').replace(styleAttribute, `$1${pastedStyle}$2`);
  const doc = new DOMParser().parseFromString(inert, 'text/html');
  cleanChildren(doc.body);
  return doc.body.innerHTML;
}

function cleanChildren(parent: Element): void {
  for (const child of Array.from(parent.childNodes)) {
    if (child.nodeType === Node.COMMENT_NODE) {
      child.remove();
      continue;
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const element = child as HTMLElement;
    const tag = element.tagName.toLowerCase();
    // Office namespaces: <o:p>, <v:shape>, <w:…>; their text is layout filler.
    if (droppedTags.has(tag) || tag.includes(':')) {
      element.remove();
      continue;
    }
    cleanChildren(element);
    const emphasis = emphasisOf(element);
    if (/^h[1-6]$/.test(tag)) {
      // Every pasted heading becomes a sub-head: the part titles themselves are fixed.
      replaceTag(element, 'h3');
    } else if (unwrappedTags.has(tag)) {
      unwrap(element, emphasis);
    } else {
      stripAttributes(element);
      if (emphasis.length > 0) wrapChildren(element, emphasis);
      if ((tag === 'p' || tag === 'div') && isBlank(element)) element.remove();
    }
  }
}

/** Bold/italic that Word expresses as inline style rather than <b>/<i>. */
function emphasisOf(element: HTMLElement): string[] {
  const tags: string[] = [];
  const style = element.getAttribute(pastedStyle) ?? '';
  const weight = declared(style, 'font-weight');
  if (weight === 'bold' || weight === 'bolder' || Number(weight) >= 600) tags.push('strong');
  if (declared(style, 'font-style') === 'italic') tags.push('em');
  return tags;
}

/** The value `style` (an inline style's text) declares for `property`, lower-cased, if any. */
function declared(style: string, property: string): string | undefined {
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon > 0 && declaration.slice(0, colon).trim().toLowerCase() === property) {
      return declaration.slice(colon + 1).replace(/!important/i, '').trim().toLowerCase();
    }
  }
  return undefined;
}

function unwrap(element: HTMLElement, emphasis: string[]): void {
  const parent = element.parentNode!;
  if (emphasis.length > 0) {
    const outer = wrapperChain(element.ownerDocument, emphasis);
    outer.inner.append(...Array.from(element.childNodes));
    parent.replaceChild(outer.root, element);
    return;
  }
  while (element.firstChild) parent.insertBefore(element.firstChild, element);
  element.remove();
}

function wrapChildren(element: HTMLElement, emphasis: string[]): void {
  const chain = wrapperChain(element.ownerDocument, emphasis);
  chain.inner.append(...Array.from(element.childNodes));
  element.append(chain.root);
}

function wrapperChain(doc: Document, tags: string[]): { root: HTMLElement; inner: HTMLElement } {
  const root = doc.createElement(tags[0]);
  let inner = root;
  for (const tag of tags.slice(1)) {
    const next = doc.createElement(tag);
    inner.append(next);
    inner = next;
  }
  return { root, inner };
}

function replaceTag(element: HTMLElement, tag: string): void {
  const replacement = element.ownerDocument.createElement(tag);
  replacement.append(...Array.from(element.childNodes));
  element.replaceWith(replacement);
}

function stripAttributes(element: HTMLElement): void {
  for (const name of element.getAttributeNames()) if (!keptAttributes.has(name)) element.removeAttribute(name);
}

function isBlank(element: HTMLElement): boolean {
  return (element.textContent ?? '').replace(/[\s\u00a0\u3000]/g, '') === '' && element.querySelector('br, img') === null;
}
