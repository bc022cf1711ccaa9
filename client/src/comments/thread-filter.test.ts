/** Which threads each filter shows, where each card goes, and the outline's open counts. */
import { describe, expect, it } from 'vitest';
import { cellAnchor, partAnchor } from '../../../schema/comments/anchor.ts';
import { textAnchorFromEditor } from '../../../schema/comments/text-anchor.ts';
import { createThread, readThreads, replyToThread, setThreadResolved } from '../../../schema/comments/threads.ts';
import { seedReport } from '../../../schema/test-support/seed-report.ts';
import { createReportDoc, textFragment, writeNarrative } from '../../../schema/ydoc.ts';
import { cellOf, filterCounts, openCountsByPart, sectionOf, threadMatches } from './thread-filter.ts';

describe('thread filters', () => {
  it('show open, resolved, and mine (written by me or mentioning me), and count open threads per part', () => {
    const doc = createReportDoc(seedReport());
    writeNarrative(textFragment(doc, 'preamble'), '本报告依据《中华人民共和国政府信息公开条例》编制。');
    const preamble = textAnchorFromEditor(doc, 'preamble', 1, 5);
    if (!preamble.ok) throw new Error(preamble.message);
    const onPreamble = createThread(doc, preamble.anchor, { author: '7', text: '前言', at: 1 });
    const onCell = createThread(doc, cellAnchor('requests', 'received.natural'), { author: '7', text: '@李娜', mentions: ['9'], at: 2 });
    const onPart = createThread(doc, partAnchor('overview'), { author: '8', text: '整体', at: 3 });
    replyToThread(doc, onPart, { author: '9', text: '好的', at: 4 });
    setThreadResolved(doc, onPart, true);
    const threads = readThreads(doc);
    const ids = (filter: 'open' | 'resolved' | 'mine', user: string | null) => threads.filter((t) => threadMatches(t, filter, user)).map((t) => t.id);

    expect(ids('open', '9')).toEqual([onPreamble, onCell]);
    expect(ids('resolved', '9')).toEqual([onPart]);
    expect(ids('mine', '9')).toEqual([onCell, onPart]);
    expect(ids('mine', null)).toEqual([]);
    expect(filterCounts(threads, '7')).toEqual({ open: 2, resolved: 1, mine: 2 });
    expect(openCountsByPart(threads)).toEqual({ overview: 1, proactive: 0, requests: 1, appeals: 0, problems: 0, other: 0 });
    expect(threads.map(sectionOf)).toEqual(['preamble', 'requests', 'overview']);
    expect(threads.map(cellOf)).toEqual([null, 'requests.received.natural', null]);
  });
});
