/**
 * Test-only: a report's Y.Doc with rich text written as the browser's editor writes it (its own
 * schema, through y-prosemirror): bold and other marks, a heading, a numbered list starting at 3
 * with a nested bullet list, a quote, a link, notes around table 三 with a bold note.
 */
import { getSchema } from '@tiptap/core';
import { Node } from '@tiptap/pm/model';
import { prosemirrorToYXmlFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { narrativeSchemaExtensions } from '../../../client/src/editor/narrative-extensions.ts';
import type { ReportData } from '../../../schema/report.ts';
import { createReportDoc, createTableElement, narrativeFragment, partFragment } from '../../../schema/ydoc.ts';
import { exportedSeed } from './reports.ts';

const editorSchema = getSchema(narrativeSchemaExtensions());

/** Replaces what `fragment` holds with a ProseMirror document (JSON), as the editor would. */
export function writeAsEditor(fragment: Y.XmlFragment, content: unknown[]): void {
  fragment.delete(0, fragment.length);
  prosemirrorToYXmlFragment(Node.fromJSON(editorSchema, { type: 'doc', content }), fragment);
}

type Mark = { type: string; attrs?: Record<string, unknown> };
export const text = (value: string, ...marks: Mark[]) => ({ type: 'text', text: value, marks });
export const paragraph = (...content: unknown[]) => ({ type: 'paragraph', content });
const item = (...content: unknown[]) => ({ type: 'listItem', content });

/** The rich part 五 the export tests look for. */
export const richProblems = [
  { type: 'heading', attrs: { level: 3 }, content: [text('（一）存在的主要问题')] },
  paragraph(text('一是'), text('业务联动', { type: 'bold' }), text('还需提升；'), text('详见', { type: 'italic' }), text('门户网站', { type: 'link', attrs: { href: 'https://www.yuhang.gov.cn/' } })),
  {
    type: 'orderedList',
    attrs: { start: 3 },
    content: [
      item(paragraph(text('完善制度'))),
      item(paragraph(text('加强培训')), { type: 'bulletList', content: [item(paragraph(text('业务培训')))] }),
    ],
  },
  { type: 'blockquote', content: [paragraph(text('公开为常态、不公开为例外'))] },
];

/** The seed (or `data`) with rich part 五 and notes around table 三 as the editor writes them. */
export function richReportDoc(data: ReportData = exportedSeed()): Y.Doc {
  const doc = createReportDoc(data);
  writeAsEditor(narrativeFragment(doc, 'problems'), richProblems);
  const requests = partFragment(doc, 'requests');
  writeAsEditor(requests, [paragraph(text('本年度申请情况如下：')), paragraph(text('注：', { type: 'bold' }), text('单位为件。'))]);
  requests.insert(1, [createTableElement('requests')]);
  return doc;
}
