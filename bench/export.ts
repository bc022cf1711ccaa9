/**
 * Export timings (run: `npx tsx bench/export.ts`; prints numbers, not a test).
 *
 * Per format, the whole export of one state as the REST API does it: the Y.Doc read into the
 * publishable document and the ReportData (`exportSourceOfDoc`), then rendered — for the seed
 * report and for a 50-page report (long narrative parts with sub-heads, bold runs and a long
 * numbered list, every cell filled, notes around the tables). The PDF reuses one Chromium, as the
 * server does (its launch, paid once, is printed apart). Targets: HTML and JSON < 20 ms, CSV
 * alike, DOCX < 300 ms, PDF < 3 s. Timings on a shared machine vary.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { allCells } from '../schema/format.ts';
import type { ReportData, TableCells } from '../schema/report.ts';
import { seedReport } from '../schema/test-support/seed-report.ts';
import { isDerivedCell } from '../schema/values.ts';
import { createReportDoc, narrativeFragment } from '../schema/ydoc.ts';
import { type ExportFormat, exportSourceOfDoc, renderExport } from '../server/export/export.ts';
import { PdfPrinter } from '../server/export/pdf.ts';

/** Characters of narrative on one page of an official document: 22 lines of 28. */
const charsPerPage = 22 * 28;

/** A report of about `pages` pages: the seed's prose repeated under sub-heads, every cell filled. */
function longReport(pages: number): ReportData {
  const seed = seedReport();
  const prose = [seed.preamble, ...Object.values(seed.parts)].join('\n').split('\n').filter((line) => line.length > 40);
  const part = (chars: number, topic: string): string => {
    const lines: string[] = [];
    let length = 0;
    for (let i = 0; length < chars; i++) {
      const line = i % 6 === 0 ? `（${'一二三四五六七八九十'[(i / 6) % 10]}）${topic}` : prose[i % prose.length]!;
      lines.push(line);
      length += line.length;
    }
    return lines.join('\n');
  };
  const total = pages * charsPerPage;
  const tables = { proactive: {}, requests: {}, appeals: {} } as Record<keyof ReportData['tables'], TableCells>;
  allCells.forEach((def, i) => {
    if (!isDerivedCell(def.id)) tables[def.table][def.key] = def.valueKind === 'amount' ? '96171.6' : String((i * 37) % 500);
  });
  const note = { before: '本表统计口径为本年度全部政府信息公开申请。', after: '注：表中数据单位为件。' };
  return {
    ...seed,
    publishedOn: '2025-01-20',
    preamble: part(charsPerPage, '说明'),
    parts: { overview: part(total * 0.6, '主动公开'), problems: part(total * 0.2, '存在问题'), other: part(total * 0.2 - charsPerPage, '其他事项') },
    tables,
    notes: { proactive: note, requests: note, appeals: note },
  };
}

/** The report's Y.Doc, with what the editor adds: bold runs and a long numbered list. */
function richDoc(data: ReportData): Y.Doc {
  const doc = createReportDoc(data);
  doc.transact(() => {
    for (const key of ['overview', 'problems', 'other'] as const) {
      const fragment = narrativeFragment(doc, key);
      for (let i = 1; i < fragment.length; i += 3) {
        const text = (fragment.get(i) as Y.XmlElement).get(0);
        if (text instanceof Y.XmlText) text.format(0, 6, { bold: {} });
      }
    }
    const list = new Y.XmlElement('orderedList');
    list.setAttribute('start', 1 as unknown as string);
    list.insert(
      0,
      Array.from({ length: 40 }, (_, i) => {
        const item = new Y.XmlElement('listItem');
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(`第${i + 1}项整改措施：加强信息发布审核，完善制度流程。`)]);
        item.insert(0, [paragraph]);
        return item;
      }),
    );
    narrativeFragment(doc, 'problems').insert(2, [list]);
  });
  return doc;
}

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]! };
}

async function time(fn: () => Promise<unknown>, runs: number, warmup: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples;
}

const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
const targets: Record<ExportFormat, number> = { html: 20, json: 20, csv: 20, docx: 300, pdf: 3000 };
const runs: Record<ExportFormat, [runs: number, warmup: number]> = { html: [200, 20], json: [200, 20], csv: [200, 20], docx: [30, 3], pdf: [10, 1] };

const printer = new PdfPrinter();
const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-export-'));
try {
  const launch = performance.now();
  await renderExport(exportSourceOfDoc(createReportDoc(seedReport())), 'pdf', { pdf: printer });
  console.log(`first PDF (Chromium launch included)                      ${fmt(performance.now() - launch)}`);

  const long = richDoc(longReport(50));
  const longPdf = await renderExport(exportSourceOfDoc(long), 'pdf', { pdf: printer });
  writeFileSync(join(dir, 'long.pdf'), longPdf.body);
  const pages = /Pages:\s+(\d+)/u.exec(execFileSync('pdfinfo', [join(dir, 'long.pdf')], { encoding: 'utf8' }))![1];
  console.log(`50-page report: ${pages} PDF pages, ${(longPdf.body.byteLength / 1024).toFixed(0)} KiB\n`);

  for (const [label, doc] of [['seed report', createReportDoc(seedReport())], ['50-page report', long]] as const) {
    const read = stats(await time(async () => exportSourceOfDoc(doc), 200, 20));
    console.log(`${label}: read the Y.Doc (part of every format below)     median ${fmt(read.median).padStart(9)}   p95 ${fmt(read.p95).padStart(9)}`);
    for (const format of ['html', 'json', 'csv', 'docx', 'pdf'] as const) {
      const [n, warmup] = runs[format];
      const s = stats(await time(() => renderExport(exportSourceOfDoc(doc), format, { pdf: printer }), n, warmup));
      const verdict = s.p95 < targets[format] ? 'ok' : 'OVER';
      console.log(`${`${label}: ${format}`.padEnd(56)} median ${fmt(s.median).padStart(9)}   p95 ${fmt(s.p95).padStart(9)}   target < ${fmt(targets[format])} ${verdict}`);
    }
    console.log('');
  }
} finally {
  await printer.close();
  rmSync(dir, { recursive: true, force: true });
}
