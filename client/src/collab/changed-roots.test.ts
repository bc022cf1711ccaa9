/** The roots a transaction changed, from Yjs's record of it: nested changes count for their root. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { partAnchor } from '../../../schema/comments/anchor.ts';
import { createThread, replyToThread } from '../../../schema/comments/threads.ts';
import { seedReport } from '../../../schema/test-support/seed-report.ts';
import { signStep } from '../../../schema/signoffs/state.ts';
import { cellsMap, createReportDoc, partFragment, rootNames } from '../../../schema/ydoc.ts';
import { changedRootNames } from './changed-roots.ts';

describe('changed roots', () => {
  it('names the root of every change in a transaction, local or received', () => {
    const doc = createReportDoc(seedReport());
    const seen: Set<string>[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => seen.push(changedRootNames(doc, tr)));
    const text = (partFragment(doc, 'problems').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, '甲');
    doc.transact(() => {
      cellsMap(doc, 'requests').set('received.natural', '3');
      signStep(doc, 'overview', 'drafter', '7');
    });
    const thread = createThread(doc, partAnchor('other'), { author: '7', text: '一' });
    replyToThread(doc, thread, { author: '7', text: '二' });
    doc.transact(() => {});
    const other = new Y.Doc();
    other.on('afterTransaction', (tr: Y.Transaction) => seen.push(changedRootNames(other, tr)));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(seen.slice(0, 5)).toEqual([
      new Set([rootNames.text.problems]),
      new Set([rootNames.cells.requests, rootNames.signoffs]),
      new Set([rootNames.comments]),
      new Set([rootNames.comments]),
      new Set(),
    ]);
    // A document that never asked for a root by name still knows it once the update made it.
    expect(seen[5]).toContain(rootNames.comments);
  });
});
