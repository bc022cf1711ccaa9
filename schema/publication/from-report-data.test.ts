/**
 * A report file (ReportData) prints exactly as the same report written into a Y.Doc by the
 * server's template and read back, notes around the tables included: the CLI's exports and the
 * server's cannot differ.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consistentReport } from '../test-support/generate.ts';
import { seedReport } from '../test-support/seed-report.ts';
import { propertyTest } from '../test-support/seeded-runs.ts';
import { createReportDoc } from '../ydoc.ts';
import { publicationOfReportData } from './from-report-data.ts';
import { readPublication } from './from-ydoc.ts';

/** Narrative text as people paste it: sub-heads, paragraphs, blank and indented lines. */
const line = fc.oneof(
  fc.constantFrom('（一）主动公开', '（十二）其他', '（二）依申请公开，共1件', '', '   ', '2024年，共受理1件。'),
  fc.string({ unit: fc.constantFrom('年', '报', '（', '）', '一', ' ', '，', '1', 'a'), maxLength: 12 }),
);
const narrative = fc.array(line, { maxLength: 8 }).map((lines) => lines.join('\n'));
const notes = fc.record({ before: narrative, after: fc.oneof(narrative, fc.constant('注：本表数据截至2024年12月31日。')) });

describe('publicationOfReportData', () => {
  it('prints the seed, with notes around a table, as its Y.Doc prints', () => {
    const data = {
      ...seedReport(),
      publishedOn: '2025-01-20',
      notes: { ...seedReport().notes, requests: { before: '本年度申请情况如下表。', after: '注：表中数据均为件数。' } },
    };
    expect(publicationOfReportData(data)).toEqual(readPublication(createReportDoc(data)));
  });

  propertyTest(
    'prints any report, totals printed or left blank, as its Y.Doc prints',
    fc.property(
      fc.boolean().chain((derivedBlank) => consistentReport({ derivedBlank })),
      fc.record({ preamble: narrative, overview: narrative, problems: narrative, other: narrative }),
      fc.record({ proactive: notes, requests: notes, appeals: notes }),
      (data, texts, tableNotes) => {
        const parts = { overview: texts.overview, problems: texts.problems, other: texts.other };
        const report = { ...data, preamble: texts.preamble, parts, notes: tableNotes };
        expect(publicationOfReportData(report)).toEqual(readPublication(createReportDoc(report)));
      },
    ),
    { numRuns: 60, regressions: [] },
  );
});
