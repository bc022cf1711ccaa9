/**
 * Validation timings (run: `npx tsx bench/validate.ts`; prints numbers, not a test).
 *
 * - full check (`checkReport`) of the seed report, and of a complete large report: every cell
 *   non-zero and ~10 pages of narrative (with figures the rules read);
 * - incremental update of a ReportValidator after one cell edit and after one keystroke in a
 *   narrative part of the large report: the whole `doc.transact` with the validator attached,
 *   the same without it (Yjs alone), and the difference (the validator's share).
 * Targets: full check < 0.5 ms, incremental < 50 µs median. Timings on a shared machine vary.
 */
import * as Y from 'yjs';
import { checkReport } from '../schema/check.ts';
import { applicantDetailColumns, appealDetailColumns, appealGroups, table2Cells, table3ResultRowKeys } from '../schema/format.ts';
import { type ReportData, type TableCells, formatVersion, noNotes } from '../schema/report.ts';
import { seedReport } from '../schema/test-support/seed-report.ts';
import { ReportValidator } from '../schema/validator.ts';
import { cellsMap, createReportDoc, narrativeFragment, readReportData } from '../schema/ydoc.ts';

/** A consistent report with every cell non-zero and ~10 pages (≈10 000 characters) of narrative. */
function largeReport(): ReportData {
  const requests: TableCells = {};
  const rowValues = (r: number): number[] => applicantDetailColumns.map((_, c) => ((r * 7 + c * 3) % 9) + 1);
  const resultTotals = applicantDetailColumns.map(() => 0);
  table3ResultRowKeys.forEach((row, r) => {
    const values = rowValues(r);
    values.forEach((v, c) => {
      requests[`${row}.${applicantDetailColumns[c]}`] = String(v);
      resultTotals[c] += v;
    });
    requests[`${row}.total`] = String(values.reduce((a, b) => a + b, 0));
  });
  const put = (row: string, values: number[]): void => {
    values.forEach((v, c) => (requests[`${row}.${applicantDetailColumns[c]}`] = String(v)));
    requests[`${row}.total`] = String(values.reduce((a, b) => a + b, 0));
  };
  const carriedOver = applicantDetailColumns.map((_, c) => c + 1);
  const carriedForward = applicantDetailColumns.map((_, c) => c + 2);
  put('carriedOver', carriedOver);
  put('carriedForward', carriedForward);
  put('resultTotal', resultTotals);
  put('received', resultTotals.map((t, c) => t + carriedForward[c] - carriedOver[c]));
  const appeals: TableCells = {};
  appealGroups.forEach((g, gi) => {
    appealDetailColumns.forEach((c, ci) => (appeals[`${g.key}.${c}`] = String(gi + ci + 1)));
    appeals[`${g.key}.total`] = String(appealDetailColumns.reduce((s, _, ci) => s + gi + ci + 1, 0));
  });
  const proactive: TableCells = Object.fromEntries(table2Cells.map((def, i) => [def.key, def.valueKind === 'amount' ? '96171.6' : String(i + 3)]));
  const seed = seedReport();
  const received = Number(requests['received.total']);
  // Prose of the seed without its figures (those would contradict this report's tables).
  const prose = seed.parts.overview.split('\n').filter((line) => !line.includes('件') && line.length > 30);
  const paragraphs = (n: number, topic: string): string =>
    Array.from({ length: n }, (_, i) =>
      `（${i + 1}）${topic}：${prose[i % prose.length]}本年度第${i + 1}项工作累计发布信息${100 + i}条，阅读量近${i + 2}万人次。`,
    ).join('\n');
  const overview =
    `2024年，共收到政府信息公开申请${received}件，其中予以公开${requests['disclosed.total']}件，部分公开${requests['partlyDisclosed.total']}件，办结${requests['resultTotal.total']}件，结转下年度继续办理${requests['carriedForward.total']}件。` +
    `全年发生政府信息公开行政复议${appeals['review.total']}件。本年度制发行政规范性文件${proactive['normativeDocuments.issued']}件。\n` +
    paragraphs(40, '主动公开');
  return {
    formatVersion,
    agency: '测试市人民政府',
    kind: 'government',
    year: 2024,
    preamble: '根据《中华人民共和国政府信息公开条例》第五十条，编制本报告。',
    parts: {
      overview,
      problems: paragraphs(15, '存在问题'),
      other: `本年度未收取信息处理费。\n${paragraphs(10, '其他事项')}`,
    },
    tables: { proactive, requests, appeals },
    notes: noNotes(),
  };
}

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)] };
}

function time(fn: () => void, runs: number, warmup = Math.min(200, runs)): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push((performance.now() - t) * 1000);
  }
  return samples;
}

const fmt = (us: number): string => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);
function report(label: string, samples: number[]): { median: number; p95: number } {
  const s = stats(samples);
  console.log(`${label.padEnd(58)} median ${fmt(s.median).padStart(9)}   p95 ${fmt(s.p95).padStart(9)}`);
  return s;
}

const seed = seedReport();
const large = largeReport();
const narrativeChars = [large.preamble, ...Object.values(large.parts)].join('').length;
if (checkReport(large).some((d) => d.severity !== 'info')) {
  throw new Error(`bench: the large report should check clean: ${JSON.stringify(checkReport(large), null, 1)}`);
}
console.log(`large report: every cell non-zero, ${narrativeChars} narrative characters`);

report('full check, seed report', time(() => checkReport(seed), 3000));
report('full check, large report', time(() => checkReport(large), 2000));
report('full check, large report, with previous year (overlap)', time(() => checkReport(large, { previous: seed }), 1000));

/** Times `edit` on a doc with and without a validator attached. */
function incremental(label: string, edit: (doc: Y.Doc, i: number) => void, options = {}): void {
  const plain = createReportDoc(large);
  const withValidator = createReportDoc(large);
  const validator = new ReportValidator(withValidator, options);
  const base = report(`${label}: Yjs alone`, time(() => edit(plain, 0), 3000).map((x) => x));
  let i = 0;
  const total = report(`${label}: with validator`, time(() => edit(withValidator, i++), 3000));
  console.log(`${`${label}: validator's share`.padEnd(58)} median ${fmt(total.median - base.median).padStart(9)}`);
  const expected = checkReport(readReportData(withValidator), options);
  if (JSON.stringify(validator.diagnostics()) !== JSON.stringify(expected)) throw new Error(`bench: ${label}: validator diverged`);
}

incremental('cell edit', (doc, i) => cellsMap(doc, 'requests').set('disclosed.natural', i % 2 === 0 ? '9' : '4'));
const keystroke = (doc: Y.Doc, i: number): void => {
  const paragraph = narrativeFragment(doc, 'overview').get(5) as Y.XmlElement;
  const text = paragraph.get(0) as Y.XmlText;
  if (i % 2 === 0) text.insert(10, '政');
  else text.delete(10, 1);
};
incremental('keystroke in 一、总体情况', keystroke);
incremental('keystroke, with previous year (overlap)', keystroke, { previous: seed });
