/**
 * The HTML export: one self-contained file for the portal, in the national layout. Simple
 * semantic markup that a CMS's editor keeps when it is pasted in — headings, paragraphs, lists
 * with their numbering (`<ol start>`), `<strong>`/`<em>`/`<u>`/`<s>`, tables with their merged
 * cells as `rowspan`/`colspan` — styled by one inline stylesheet (html-style.ts, with the A4 print
 * rules). No script, no external resource, no class the content depends on: without the
 * stylesheet the tables still draw their borders (`border="1"`).
 *
 * Deterministic: the same publication gives the same bytes (no clock, no random ids).
 */
import type { Block, Inline, ListItem, Publication, PublishedTable, Section } from '../../schema/publication/model.ts';
import { type GridCell, type TableLayout, tableLayout } from '../../schema/publication/table-layout.ts';
import { exportStyle } from './html-style.ts';

export function renderHtml(publication: Publication): string {
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeText(publication.title)}</title>`,
    `<style>${exportStyle}</style>`,
    '</head>',
    '<body>',
    '<article class="nianbao-report">',
    `<h1>${titleMarkup(publication)}</h1>`,
  ];
  renderBlocks(out, publication.preamble);
  for (const section of publication.sections) renderSection(out, section);
  out.push('<div class="signature">', `<p>${escapeText(publication.agency)}</p>`);
  if (publication.dateText !== null) out.push(`<p>${escapeText(publication.dateText)}</p>`);
  out.push('</div>', '</article>', '</body>', '</html>', '');
  return out.join('\n');
}

/**
 * The title breaks, if it must, after the agency and year, as official documents set it:
 * 「余杭区商务局2024年」 over 「政府信息公开工作年度报告」 (the stylesheet keeps CJK words whole
 * in the title, so the line breaks only where `<wbr>` allows, or anywhere if a part cannot fit).
 */
function titleMarkup(publication: Publication): string {
  const head = `${publication.agency}${publication.year}年`;
  const { title } = publication;
  return title.startsWith(head) ? `${escapeText(head)}<wbr>${escapeText(title.slice(head.length))}` : escapeText(title);
}

function renderSection(out: string[], section: Section): void {
  out.push(`<section id="part-${section.part}">`, `<h2>${escapeText(section.title)}</h2>`);
  if (section.kind === 'narrative') renderBlocks(out, section.blocks);
  else {
    // The notes before the table stay on its page: printing never breaks inside this div.
    out.push('<div class="table-part">');
    renderBlocks(out, section.before);
    renderTable(out, section.table);
    out.push('</div>');
    renderBlocks(out, section.after);
  }
  out.push('</section>');
}

function renderBlocks(out: string[], blocks: readonly Block[]): void {
  for (const block of blocks) renderBlock(out, block);
}

function renderBlock(out: string[], block: Block): void {
  switch (block.kind) {
    case 'paragraph':
      out.push(`<p>${renderInlines(block.inlines)}</p>`);
      return;
    case 'heading': {
      // h1 is the title and h2 the part titles: the narrative's own headings start at h3.
      const tag = `h${Math.max(3, block.level)}`;
      out.push(`<${tag}>${renderInlines(block.inlines)}</${tag}>`);
      return;
    }
    case 'bulletList':
      out.push('<ul>');
      renderItems(out, block.items);
      out.push('</ul>');
      return;
    case 'orderedList': {
      const start = block.start === 1 ? '' : ` start="${block.start}"`;
      const type = block.numbering === '1' ? '' : ` type="${block.numbering}"`;
      out.push(`<ol${start}${type}>`);
      renderItems(out, block.items);
      out.push('</ol>');
      return;
    }
    case 'blockquote':
      out.push('<blockquote>');
      renderBlocks(out, block.blocks);
      out.push('</blockquote>');
      return;
    case 'codeBlock':
      out.push(`<pre><code>${escapeText(block.text)}</code></pre>`);
      return;
    case 'rule':
      out.push('<hr>');
      return;
  }
}

function renderItems(out: string[], items: readonly ListItem[]): void {
  for (const item of items) {
    out.push('<li>');
    renderBlocks(out, item.blocks);
    out.push('</li>');
  }
}

/** Marks nest in one fixed order (link outermost), so equal runs give equal markup. */
function renderInlines(inlines: readonly Inline[]): string {
  let html = '';
  for (const inline of inlines) {
    if (inline.kind === 'break') {
      html += '<br>';
      continue;
    }
    let text = escapeText(inline.text);
    const { marks } = inline;
    if (marks.code) text = `<code>${text}</code>`;
    if (marks.strike) text = `<s>${text}</s>`;
    if (marks.underline) text = `<u>${text}</u>`;
    if (marks.italic) text = `<em>${text}</em>`;
    if (marks.bold) text = `<strong>${text}</strong>`;
    if (marks.link !== null) text = `<a href="${escapeAttribute(marks.link)}">${text}</a>`;
    html += text;
  }
  return html;
}

function renderTable(out: string[], table: PublishedTable): void {
  const layout = tableLayout(table);
  out.push(`<table class="disclosure-table" id="table-${table.key}" border="1">`, '<colgroup>');
  for (const width of layout.widths) out.push(`<col style="width:${width / 10}%">`);
  out.push('</colgroup>');
  const head = layout.rows.slice(0, layout.headRowCount);
  const body = layout.rows.slice(layout.headRowCount);
  if (head.length > 0) renderRows(out, 'thead', head);
  renderRows(out, 'tbody', body);
  out.push('</table>');
}

function renderRows(out: string[], group: 'thead' | 'tbody', rows: TableLayout['rows']): void {
  out.push(`<${group}>`);
  for (const row of rows) out.push(`<tr>${row.map(renderCell).join('')}</tr>`);
  out.push(`</${group}>`);
}

function renderCell(cell: GridCell): string {
  const spans = `${cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : ''}${cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : ''}`;
  if (cell.kind === 'value') return `<td${spans}>${escapeText(cell.cell.text)}</td>`;
  if (cell.kind === 'head') {
    const scope = cell.colSpan > 1 ? 'colgroup' : 'col';
    return `<th scope="${scope}"${spans}>${escapeText(cell.text)}</th>`;
  }
  // A row label; merged down several rows it labels a group of rows, centred as printed.
  return cell.rowSpan > 1
    ? `<th scope="rowgroup"${spans}>${escapeText(cell.text)}</th>`
    : `<th scope="row" class="label"${spans}>${escapeText(cell.text)}</th>`;
}

export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : '&gt;'));
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
