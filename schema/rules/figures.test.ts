import { describe, expect, it } from 'vitest';
import { seedReport } from '../test-support/seed-report.ts';
import { findings } from '../test-support/diagnostics.ts';
import { withCell, withPart } from '../test-support/generate.ts';

const seedWithOverview = (text: string) => withPart(seedReport(), 'overview', text);

describe('text.figures', () => {
  it('text.figures: the seed’s narrative agrees with its tables', () => {
    expect(findings(seedReport(), 'text.figures')).toEqual([]);
  });
  it('text.figures: the seed with 新收 changed in the table is a warning on the overview and the cells', () => {
    let data = withCell(seedReport(), 'requests.received.natural', '2');
    data = withCell(data, 'requests.received.total', '2');
    expect(findings(data, 'text.figures')).toEqual([
      {
        rule: 'text.figures',
        severity: 'warning',
        message: '一、总体情况：“受理依申请公开1件”与表格不符：第三部分“本年新收”总计为2件',
        cells: ['overview', 'requests.received.total', 'requests.carriedOver.total'],
      },
    ]);
  });
  it('text.figures: "收到…N件（含上年结转…）" is compared with received + carriedOver, without a false warning', () => {
    let data = withCell(withCell(seedReport(), 'requests.carriedOver.natural', '1'), 'requests.carriedOver.total', '1');
    data = withCell(withCell(data, 'requests.carriedForward.natural', '1'), 'requests.carriedForward.total', '1');
    expect(findings(withPart(data, 'overview', '共收到政府信息公开申请2件（含上年结转1件）。'), 'text.figures')).toEqual([]);
    expect(findings(withPart(data, 'overview', '共收到政府信息公开申请3件（含上年结转1件）。'), 'text.figures').map((d) => d.message)).toEqual([
      '一、总体情况：“收到政府信息公开申请3件”与表格不符：第三部分“本年新收”与“上年结转”总计之和为2件',
    ]);
  });
  it('text.figures: a plain "受理N件" passes if it equals received or received + carriedOver', () => {
    let data = withCell(withCell(seedReport(), 'requests.carriedOver.natural', '1'), 'requests.carriedOver.total', '1');
    data = withCell(withCell(data, 'requests.carriedForward.natural', '1'), 'requests.carriedForward.total', '1');
    expect(findings(withPart(data, 'overview', '共受理政府信息公开申请2件。'), 'text.figures')).toEqual([]);
    expect(findings(withPart(data, 'overview', '共受理政府信息公开申请1件。'), 'text.figures')).toEqual([]);
    expect(findings(withPart(data, 'overview', '共受理政府信息公开申请3件。'), 'text.figures')[0].message).toBe(
      '一、总体情况：“受理政府信息公开申请3件”与表格不符：第三部分“本年新收”总计为1件，加上年结转为2件',
    );
  });
  it('text.figures: result counts are compared with their rows (不予公开 with the sum of its eight rows)', () => {
    const data = seedWithOverview('办结1件，其中予以公开1件，不予公开1件。');
    expect(findings(data, 'text.figures').map((d) => [d.message, d.cells.length])).toEqual([
      ['一、总体情况：“不予公开1件”与表格不符：第三部分“（三）不予公开”各项总计之和为0件', 9],
    ]);
  });
  it('text.figures: "办结" and "结转" are compared with （七）总计 and 结转下年度', () => {
    const ds = findings(seedWithOverview('已办结2件，结转下年度办理1件。'), 'text.figures');
    expect(ds.map((d) => d.cells.slice(1))).toEqual([['requests.resultTotal.total'], ['requests.carriedForward.total']]);
  });
  it('text.figures: "未发生…行政复议或…行政诉讼" contradicts a table 四 with cases', () => {
    const data = withCell(withCell(seedReport(), 'appeals.suitDirect.pending', '1'), 'appeals.suitDirect.total', '1');
    expect(findings(data, 'text.figures')).toEqual([
      {
        rule: 'text.figures',
        severity: 'warning',
        message:
          '一、总体情况：“未发生因政府信息公开工作被申请行政复议或提起行政诉讼的情况”与表格不符：第四部分“行政诉讼”（未经复议直接起诉与复议后起诉）总计之和为1件',
        cells: ['overview', 'appeals.suitDirect.total', 'appeals.suitAfterReview.total'],
      },
    ]);
  });
  it('text.figures: table 二 claims in part 五 are checked against 现行有效件数 and 本年制发件数', () => {
    const data = withPart(seedReport(), 'problems', '本年度制发行政规范性文件2件，现行有效规范性文件共5件。');
    expect(findings(data, 'text.figures').map((d) => [d.cells[0], d.cells[1]])).toEqual([
      ['problems', 'proactive.normativeDocuments.issued'],
      ['problems', 'proactive.normativeDocuments.inForce'],
    ]);
  });
  it('text.figures: figures of other things (信息104条, 25万人次, dates, phone numbers) raise nothing', () => {
    expect(findings(seedWithOverview('发布信息104条，阅读量近25万人次，电话0571-89516255，自2024年1月1日起。'), 'text.figures')).toEqual([]);
  });
  it('text.figures: a claim about a derived blank total uses the computed value', () => {
    const data = withCell(seedReport(), 'requests.received.total', undefined);
    expect(findings(data, 'text.figures')).toEqual([]);
  });
});
