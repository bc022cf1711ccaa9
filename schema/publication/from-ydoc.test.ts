/**
 * The publishable document read from a Y.Doc: what the editor wrote (built here with the editor's
 * own StarterKit schema and written by y-prosemirror, as a browser writes it) comes back as
 * blocks with their marks, list numbering and line breaks; empty paragraphs print nothing; cells
 * print as the editor shows them, derived totals computed.
 */
import { getSchema } from '@tiptap/core';
import { Node } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';
import { prosemirrorToYXmlFragment } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { partKeys, partTitles } from '../format.ts';
import { seedReport } from '../test-support/seed-report.ts';
import { cellsMap, createReportDoc, createTableElement, metaMap, narrativeFragment, partFragment, writeNarrative } from '../ydoc.ts';
import { readBlocks, readPublication, readTablePartNotes } from './from-ydoc.ts';
import { type Block, type Marks, noMarks } from './model.ts';

const editorSchema = getSchema([StarterKit.configure({ undoRedo: false })]);

/** Writes a ProseMirror document (JSON) into `fragment` as the editor's y-prosemirror binding does. */
function writeAsEditor(fragment: Y.XmlFragment, content: unknown[]): void {
  prosemirrorToYXmlFragment(Node.fromJSON(editorSchema, { type: 'doc', content }), fragment);
}

const text = (value: string, marks: { type: string; attrs?: Record<string, unknown> }[] = []) => ({ type: 'text', text: value, marks });
const paragraph = (...content: unknown[]) => ({ type: 'paragraph', content });
const run = (value: string, marks: Partial<Marks> = {}) => ({ kind: 'text', text: value, marks: { ...noMarks, ...marks } }) as const;

describe('readBlocks', () => {
  it('reads what the editor writes: headings, marks, breaks, numbered and nested lists, quotes, code, rules', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('text.overview');
    writeAsEditor(fragment, [
      { type: 'heading', attrs: { level: 3 }, content: [text('（一）主动公开')] },
      paragraph(
        text('共受理'),
        text('1', [{ type: 'bold' }]),
        text('件，'),
        text('斜体', [{ type: 'italic' }]),
        text('下划线', [{ type: 'underline' }]),
        text('删除', [{ type: 'strike' }]),
        text('代码', [{ type: 'code' }]),
        { type: 'hardBreak' },
        text('门户网站', [{ type: 'link', attrs: { href: 'https://www.yuhang.gov.cn/' } }, { type: 'bold' }]),
      ),
      paragraph(),
      {
        type: 'orderedList',
        attrs: { start: 3 },
        content: [
          { type: 'listItem', content: [paragraph(text('第三项'))] },
          {
            type: 'listItem',
            content: [
              paragraph(text('第四项')),
              { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('要点'))] }] },
            ],
          },
          { type: 'listItem', content: [paragraph()] },
        ],
      },
      { type: 'blockquote', content: [paragraph(text('引文'))] },
      { type: 'codeBlock', content: [text('a\nb')] },
      { type: 'horizontalRule' },
    ]);

    const expected: Block[] = [
      { kind: 'heading', level: 3, inlines: [run('（一）主动公开')] },
      {
        kind: 'paragraph',
        inlines: [
          run('共受理'),
          run('1', { bold: true }),
          run('件，'),
          run('斜体', { italic: true }),
          run('下划线', { underline: true }),
          run('删除', { strike: true }),
          run('代码', { code: true }),
          { kind: 'break' },
          run('门户网站', { bold: true, link: 'https://www.yuhang.gov.cn/' }),
        ],
      },
      {
        kind: 'orderedList',
        start: 3,
        numbering: '1',
        items: [
          { blocks: [{ kind: 'paragraph', inlines: [run('第三项')] }] },
          {
            blocks: [
              { kind: 'paragraph', inlines: [run('第四项')] },
              { kind: 'bulletList', items: [{ blocks: [{ kind: 'paragraph', inlines: [run('要点')] }] }] },
            ],
          },
          { blocks: [] },
        ],
      },
      { kind: 'blockquote', blocks: [{ kind: 'paragraph', inlines: [run('引文')] }] },
      { kind: 'codeBlock', text: 'a\nb' },
      { kind: 'rule' },
    ];
    expect(readBlocks(fragment)).toEqual(expected);
  });

  it('prints a link to an address a browser would run as plain text', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('text.other');
    const paragraphEl = new Y.XmlElement('paragraph');
    const textEl = new Y.XmlText();
    paragraphEl.insert(0, [textEl]);
    fragment.insert(0, [paragraphEl]);
    textEl.insert(0, '点这里', { link: { href: 'javascript:alert(1)' } });
    expect(readBlocks(fragment)).toEqual([{ kind: 'paragraph', inlines: [run('点这里')] }]);
  });
});

describe('readTablePartNotes', () => {
  it('reads the blocks before the table node as notes before, those after it as notes after', () => {
    const doc = new Y.Doc();
    const fragment = partFragment(doc, 'requests');
    writeAsEditor(fragment, [paragraph(text('本年度申请情况如下：')), paragraph(text('注：')), paragraph(text('单位为件', [{ type: 'bold' }]))]);
    fragment.insert(1, [createTableElement('requests')]);
    expect(readTablePartNotes(fragment)).toEqual({
      before: [{ kind: 'paragraph', inlines: [run('本年度申请情况如下：')] }],
      after: [
        { kind: 'paragraph', inlines: [run('注：')] },
        { kind: 'paragraph', inlines: [run('单位为件', { bold: true })] },
      ],
    });
  });

  it('prints what a fragment without a table node holds after the table, as readTableNotes reads it', () => {
    const doc = new Y.Doc();
    const fragment = partFragment(doc, 'appeals');
    writeAsEditor(fragment, [paragraph(text('注：无'))]);
    expect(readTablePartNotes(fragment)).toEqual({ before: [], after: [{ kind: 'paragraph', inlines: [run('注：无')] }] });
    expect(readTablePartNotes(undefined)).toEqual({ before: [], after: [] });
  });
});

describe('readPublication', () => {
  it('gives the title, the date as printed and the six parts under their fixed titles', () => {
    const doc = createReportDoc({ ...seedReport(), publishedOn: '2025-01-20' });
    const publication = readPublication(doc);
    expect(publication.title).toBe('余杭区商务局2024年政府信息公开工作年度报告');
    expect(publication.agency).toBe('余杭区商务局');
    expect(publication.year).toBe(2024);
    expect(publication.publishedOn).toBe('2025-01-20');
    expect(publication.dateText).toBe('2025年1月20日');
    expect(publication.sections.map((s) => [s.part, s.title])).toEqual(partKeys.map((key) => [key, partTitles[key]]));
    const overview = publication.sections[0]!;
    expect(overview.kind === 'narrative' && overview.blocks.filter((b) => b.kind === 'heading').length).toBe(5);
  });

  it('has no date without a publication date, whatever the clock says', () => {
    expect(readPublication(createReportDoc(seedReport())).dateText).toBeNull();
  });

  it('prints blank derived cells computed and typed cells as typed (trimmed)', () => {
    const doc = createReportDoc(seedReport());
    cellsMap(doc, 'requests').set('received.natural', ' 7 ');
    cellsMap(doc, 'requests').delete('received.total');
    cellsMap(doc, 'appeals').set('review.upheld', '1件');
    cellsMap(doc, 'appeals').delete('review.total');
    const sections = readPublication(doc).sections;
    const requests = sections.find((s) => s.part === 'requests')!;
    const appeals = sections.find((s) => s.part === 'appeals')!;
    if (requests.kind !== 'table' || appeals.kind !== 'table') throw new Error('table parts');
    expect(requests.table.cells['received.natural']).toEqual({ id: 'requests.received.natural', text: '7', computed: false });
    // The seed's 新收 row: 自然人 7 now, the rest 0: the blank 总计 is their sum.
    expect(requests.table.cells['received.total']).toEqual({ id: 'requests.received.total', text: '7', computed: true });
    expect(appeals.table.cells['review.upheld']!.text).toBe('1件');
    // A blank total over an unreadable cell is unknown: printed blank, as the editor shows it.
    expect(appeals.table.cells['review.total']).toEqual({ id: 'appeals.review.total', text: '', computed: false });
  });

  it('reads a layout-1 state (no table part fragments) as its tables alone, without adding those fragments', () => {
    const doc = new Y.Doc();
    metaMap(doc).set('agency', '余杭区商务局');
    metaMap(doc).set('year', 2024);
    writeNarrative(narrativeFragment(doc, 'overview'), '2024年，共受理1件。');
    cellsMap(doc, 'requests').set('received.natural', '1');
    const sections = readPublication(doc).sections;
    for (const part of ['proactive', 'requests', 'appeals']) expect(doc.share.has(`text.${part}`), part).toBe(false);
    const requests = sections.find((s) => s.part === 'requests')!;
    expect(requests.kind === 'table' && [requests.before, requests.after, requests.table.cells['received.total']!.text]).toEqual([[], [], '']);
  });

  it('reads the same from the same state, in another document', () => {
    const doc = createReportDoc(seedReport());
    writeAsEditor(narrativeFragment(doc, 'problems'), [paragraph(text('加粗', [{ type: 'bold' }]))]);
    metaMap(doc).set('publishedOn', '2025-01-20');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(readPublication(copy)).toEqual(readPublication(doc));
  });
});
