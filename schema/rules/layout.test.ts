import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seedReport } from '../test-support/seed-report.ts';
import { findings } from '../test-support/diagnostics.ts';
import { cellsMap, createReportDoc } from '../ydoc.ts';
import { docLayoutDiagnostics, layoutDiagnostic } from './layout.ts';

describe('layout.parts', () => {
  it('layout.parts: the seed has the format’s cells and nothing else', () => {
    expect(findings(seedReport(), 'layout.parts')).toEqual([]);
    expect([...docLayoutDiagnostics(createReportDoc(seedReport())).values()].flat()).toEqual([]);
  });
  it('layout.parts: a table cell the format does not have is an error on its part', () => {
    const data = seedReport();
    const extra = { ...data, tables: { ...data.tables, requests: { ...data.tables.requests, 'received.subtotal': '1' } } };
    expect(findings(extra, 'layout.parts')).toEqual([
      {
        rule: 'layout.parts',
        severity: 'error',
        message: '三、收到和处理政府信息公开申请情况的表格中有格式没有的单元格“received.subtotal”',
        cells: ['requests'],
      },
    ]);
  });
  it('layout.parts: in a Y.Doc, unknown cell keys, non-string values and unknown root types are errors', () => {
    const doc = createReportDoc(seedReport());
    cellsMap(doc, 'appeals').set('review.sum', '0');
    cellsMap(doc, 'appeals').set('review.upheld', 3 as unknown as string);
    doc.getText('evil');
    const found = docLayoutDiagnostics(doc);
    expect(found.get('appeals')!.map((d) => d.cells)).toEqual([['appeals'], ['appeals.review.upheld']]);
    expect(found.get('appeals')![1].message).toBe('第四部分“行政复议”的“结果维持”保存的不是文字（number），请重新填写');
    expect(found.get('roots')).toEqual([layoutDiagnostic('文档中有报告格式以外的内容“evil”', ['evil'])]);
  });
  it('layout.parts: importers build their findings with layoutDiagnostic, which refuses to point nowhere', () => {
    expect(layoutDiagnostic('缺少“六、其他需要报告的事项”', ['other'])).toEqual({
      rule: 'layout.parts',
      severity: 'error',
      message: '缺少“六、其他需要报告的事项”',
      cells: ['other'],
    });
    expect(() => layoutDiagnostic('x', [])).toThrow(/must point/);
    expect(new Y.Doc().share.size).toBe(0);
  });
});
