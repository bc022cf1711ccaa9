import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seedReport } from '../test-support/seed-report.ts';
import { findings } from '../test-support/diagnostics.ts';
import { ReportValidator } from '../validator.ts';
import { cellsMap, createReportDoc, createTableElement, narrativeFragment, partFragment } from '../ydoc.ts';
import { byMessage, docLayoutDiagnostics, layoutDiagnostic } from './layout.ts';

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
  it('layout.parts: a table part without its table node, with two, or a table node in another part is an error saying which', () => {
    const doc = createReportDoc(seedReport());
    const validator = new ReportValidator(doc, { stage: 'draft' });
    const layoutFindings = () => validator.diagnostics().filter((d) => d.rule === 'layout.parts').sort(byMessage);
    expect(layoutFindings()).toEqual([]);
    doc.transact(() => {
      partFragment(doc, 'requests').delete(0, 1);
      partFragment(doc, 'appeals').insert(2, [createTableElement('appeals')]);
      narrativeFragment(doc, 'problems').insert(0, [createTableElement('proactive')]);
    });
    const expected = [
      layoutDiagnostic('三、收到和处理政府信息公开申请情况缺少统计表（文档结构已损坏），请联系管理员恢复', ['requests']),
      layoutDiagnostic('四、政府信息公开行政复议、行政诉讼情况中有2张统计表，应只有一张', ['appeals']),
      layoutDiagnostic('五、存在的主要问题及改进情况中有“二、主动公开政府信息情况”的统计表，不应在此', ['problems']),
    ].sort(byMessage);
    expect(docLayoutDiagnostics(doc).get('tableNodes')).toEqual(expected);
    // The validator follows the same edits incrementally, and their undoing.
    expect(layoutFindings()).toEqual(expected);
    doc.transact(() => {
      partFragment(doc, 'requests').insert(0, [createTableElement('requests')]);
      partFragment(doc, 'appeals').delete(2, 1);
      narrativeFragment(doc, 'problems').delete(0, 1);
    });
    expect(layoutFindings()).toEqual([]);
    validator.destroy();
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
