/**
 * A part's sign-off state as a pure function of its records and its content: the chain, its
 * lapse by any later edit (also one made concurrently with a sign-off), signing again, and the
 * report's status.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { partKeys } from '../format.ts';
import { seedReport } from '../test-support/seed-report.ts';
import { cellsMap, createReportDoc, narrativeFragment } from '../ydoc.ts';
import { parseSignoffRecord, signoffsMap } from './records.ts';
import { partSignoff, reportStatus, signStep, withdrawSignoff } from './state.ts';
import { signoffSteps } from './steps.ts';

function typeInto(doc: Y.Doc, text: string): void {
  const block = narrativeFragment(doc, 'problems').get(0) as Y.XmlElement;
  (block.get(0) as Y.XmlText).insert(0, text);
}

const summary = (doc: Y.Doc, part: (typeof partKeys)[number]) => {
  const { state, next, steps } = partSignoff(doc, part);
  return { state, next, steps: steps.map(({ step, record, counts, lapsed }) => `${step}:${record ? record.by : '-'}${counts ? '+' : ''}${lapsed ? '!' : ''}`) };
};

describe('the sign-off chain of a part', () => {
  it('goes 起草中 → 撰稿人已确认 → 科室负责人已审核 → 分管领导已审定, recording who, when and what', () => {
    const doc = createReportDoc(seedReport());
    expect(summary(doc, 'problems')).toEqual({ state: 'drafting', next: 'drafter', steps: ['drafter:-', 'head:-', 'leader:-'] });
    const record = signStep(doc, 'problems', 'drafter', '3', 1000);
    expect(record).toEqual({ by: '3', at: 1000, digest: partSignoff(doc, 'problems').digest });
    expect(parseSignoffRecord(signoffsMap(doc).get('problems/drafter'))).toEqual(record);
    expect(summary(doc, 'problems')).toEqual({ state: 'confirmed', next: 'head', steps: ['drafter:3+', 'head:-', 'leader:-'] });
    signStep(doc, 'problems', 'head', '4');
    signStep(doc, 'problems', 'leader', '5');
    expect(summary(doc, 'problems')).toEqual({ state: 'approved', next: null, steps: ['drafter:3+', 'head:4+', 'leader:5+'] });
    expect(summary(doc, 'other').state).toBe('drafting');
  });

  it('lapses by itself at any later edit of the part, and not at an edit elsewhere; signing again counts', () => {
    const doc = createReportDoc(seedReport());
    for (const step of signoffSteps) signStep(doc, 'requests', step, '3');
    cellsMap(doc, 'appeals').set('review.upheld', '1');
    expect(summary(doc, 'requests').state).toBe('approved');
    cellsMap(doc, 'requests').set('received.natural', '12');
    expect(summary(doc, 'requests')).toEqual({ state: 'drafting', next: 'drafter', steps: ['drafter:3!', 'head:3!', 'leader:3!'] });
    signStep(doc, 'requests', 'drafter', '3');
    expect(summary(doc, 'requests')).toEqual({ state: 'confirmed', next: 'head', steps: ['drafter:3+', 'head:3!', 'leader:3!'] });
  });

  it('counts a step only after every earlier one', () => {
    const doc = createReportDoc(seedReport());
    signStep(doc, 'other', 'leader', '5');
    expect(summary(doc, 'other')).toEqual({ state: 'drafting', next: 'drafter', steps: ['drafter:-', 'head:-', 'leader:5'] });
    signStep(doc, 'other', 'drafter', '3');
    expect(summary(doc, 'other')).toEqual({ state: 'confirmed', next: 'head', steps: ['drafter:3+', 'head:-', 'leader:5'] });
    withdrawSignoff(doc, 'other', 'drafter');
    expect(summary(doc, 'other').state).toBe('drafting');
  });

  it('has no race with an edit made at the same time as a sign-off: the merged part has lapsed', () => {
    const signer = createReportDoc(seedReport());
    const writer = new Y.Doc();
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(signer));
    signStep(signer, 'problems', 'drafter', '3');
    typeInto(writer, '补充：');
    Y.applyUpdate(signer, Y.encodeStateAsUpdate(writer));
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(signer));
    for (const doc of [signer, writer]) expect(summary(doc, 'problems')).toEqual({ state: 'drafting', next: 'drafter', steps: ['drafter:3!', 'head:-', 'leader:-'] });
  });
});

describe('the report status', () => {
  it('is 草稿 until a step counts, 审核中 then, 已审定 once every part is approved', () => {
    const doc = createReportDoc(seedReport());
    expect(reportStatus(doc)).toBe('draft');
    signStep(doc, 'overview', 'leader', '5');
    expect(reportStatus(doc)).toBe('draft');
    signStep(doc, 'overview', 'drafter', '3');
    expect(reportStatus(doc)).toBe('review');
    for (const part of partKeys) for (const step of signoffSteps) signStep(doc, part, step, '3');
    expect(reportStatus(doc)).toBe('approved');
    typeInto(doc, '又');
    expect(reportStatus(doc)).toBe('review');
    for (const step of signoffSteps) signStep(doc, 'problems', step, '3');
    expect(reportStatus(doc)).toBe('approved');
  });
});
