/** The sign-off step the page offers: the part's next step, to a member designated for it. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createReportDoc, partFragment } from '../../../schema/ydoc.ts';
import { seedReport } from '../../../schema/test-support/seed-report.ts';
import { partSignoff, signStep } from '../../../schema/signoffs/state.ts';
import { offeredStep } from './offer.ts';

describe('offered step', () => {
  it('follows the chain, and offers the first step again once an edit lapsed it', () => {
    const doc = createReportDoc(seedReport());
    expect(offeredStep(partSignoff(doc, 'problems'), ['drafter', 'head'])).toBe('drafter');
    expect(offeredStep(partSignoff(doc, 'problems'), ['head', 'leader'])).toBeNull();
    signStep(doc, 'problems', 'drafter', '7');
    expect(offeredStep(partSignoff(doc, 'problems'), ['drafter', 'head'])).toBe('head');
    signStep(doc, 'problems', 'head', '8');
    signStep(doc, 'problems', 'leader', '9');
    expect(offeredStep(partSignoff(doc, 'problems'), ['drafter', 'head', 'leader'])).toBeNull();
    const paragraph = partFragment(doc, 'problems').get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert(0, '改');
    expect(offeredStep(partSignoff(doc, 'problems'), ['leader'])).toBeNull();
    expect(offeredStep(partSignoff(doc, 'problems'), ['drafter'])).toBe('drafter');
  });
});
