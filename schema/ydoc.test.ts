import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { tablePartKeys } from './format.ts';
import { seedReport } from './test-support/seed-report.ts';
import { createReportDoc, partFragment, readReportData, readTableNotes, tableNodeName } from './ydoc.ts';

const notes = {
  proactive: { before: '', after: '' },
  requests: { before: '本年度申请情况如下表。', after: '注：本表“自然人”含委托代理人。\n说明：数据截至年底。' },
  appeals: { before: '', after: '注：本年度无行政诉讼。' },
};

describe('layout 2: a table part is one fragment holding its table node and its notes', () => {
  it('the template of a table part is [notes before…, its table node, notes after… (an empty paragraph at least)]', () => {
    const doc = createReportDoc({ ...seedReport(), notes });
    const shape = (table: (typeof tablePartKeys)[number]) =>
      partFragment(doc, table)
        .toArray()
        .map((child) => (child instanceof Y.XmlElement ? (child.nodeName === tableNodeName ? `table:${child.getAttribute('table')}` : child.toString()) : '?'));
    expect(shape('proactive')).toEqual(['table:proactive', '<paragraph></paragraph>']);
    expect(shape('requests')).toEqual([
      '<paragraph>本年度申请情况如下表。</paragraph>',
      'table:requests',
      '<paragraph>注：本表“自然人”含委托代理人。</paragraph>',
      '<paragraph>说明：数据截至年底。</paragraph>',
    ]);
    expect(shape('appeals')).toEqual(['table:appeals', '<paragraph>注：本年度无行政诉讼。</paragraph>']);
  });

  it('reads back the notes and every line and cell it was written with', () => {
    const data = { ...seedReport(), notes };
    expect(readReportData(createReportDoc(data))).toEqual(data);
    expect(readReportData(createReportDoc(seedReport()))).toEqual(seedReport());
  });

  it('reads a fragment without a table node (layout 1) as notes after the table', () => {
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('孤立的说明')]);
    partFragment(doc, 'requests').insert(0, [paragraph]);
    expect(readTableNotes(partFragment(doc, 'requests'))).toEqual({ before: '', after: '孤立的说明' });
    expect(readTableNotes(partFragment(doc, 'appeals'))).toEqual({ before: '', after: '' });
  });
});
