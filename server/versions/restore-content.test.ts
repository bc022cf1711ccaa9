/**
 * `restoreContent` on documents as the server holds them: after any edits, restoring gives
 * exactly the version's content (the same canonical content, marks and attributes included),
 * keeps each table part's one table node — the same item, so no client sees it deleted — and
 * leaves what already equals the version untouched.
 */
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type TableKey, tablePartKeys } from '../../schema/format.ts';
import { applyDocEdit, randomDocEdit } from '../../schema/test-support/edits.ts';
import { freshSeeds } from '../../schema/test-support/seeded-runs.ts';
import { seedReport } from '../../schema/test-support/seed-report.ts';
import { cellsMap, createReportDoc, isTableElement, metaMap, narrativeFragment, partFragment, readReportData } from '../../schema/ydoc.ts';
import { canonicalContent, contentHash } from './content-hash.ts';
import { restoreContent } from './restore-content.ts';

/** A replica of `state`: what the room's document is, loaded from storage. */
function replica(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

function tableNodes(doc: Y.Doc, table: TableKey): Y.XmlElement[] {
  return partFragment(doc, table).toArray().filter(isTableElement);
}

function paragraph(text: string): Y.XmlElement {
  const el = new Y.XmlElement('paragraph');
  el.insert(0, [new Y.XmlText(text)]);
  return el;
}

/** Edits around a table node: notes added, formatted, removed (never the node itself). */
function editNotes(doc: Y.Doc, gen: prng.PRNG): void {
  const table = prng.oneOf(gen, [...tablePartKeys]);
  const fragment = partFragment(doc, table);
  const at = fragment.toArray().findIndex(isTableElement);
  switch (prng.uint32(gen, 0, 3)) {
    case 0:
      fragment.insert(0, [paragraph(`表前说明${prng.uint32(gen, 0, 99)}。`)]);
      return;
    case 1:
      fragment.insert(at + 1, [paragraph(`注：第${prng.uint32(gen, 0, 99)}条说明。`)]);
      return;
    case 2: {
      const notes = fragment.toArray().filter((b, i) => i !== at && b instanceof Y.XmlElement) as Y.XmlElement[];
      const text = notes[0]?.get(0);
      if (text instanceof Y.XmlText && text.length > 0) text.format(0, 1, { bold: {} });
      return;
    }
    default: {
      const last = fragment.length - 1;
      if (last !== at && last > 0) fragment.delete(last, 1);
    }
  }
}

describe('restoring content into a live document', () => {
  it("gives the version's markup back, bold and headings included, keeping each table node", () => {
    const versionDoc = createReportDoc(seedReport());
    const bold = narrativeFragment(versionDoc, 'other').get(0) as Y.XmlElement;
    (bold.get(0) as Y.XmlText).format(0, 4, { bold: {} });
    partFragment(versionDoc, 'requests').insert(2, [paragraph('注：本年度申请均已办结。')]);
    const version = Y.encodeStateAsUpdate(versionDoc);

    const live = replica(version);
    live.transact(() => {
      ((narrativeFragment(live, 'other').get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 4, { bold: null });
      narrativeFragment(live, 'overview').delete(0, 2);
      partFragment(live, 'requests').delete(2, 1);
      partFragment(live, 'requests').insert(0, [paragraph('表前新增的说明。')]);
      cellsMap(live, 'requests').set('received.natural', '8');
      cellsMap(live, 'appeals').delete('review.upheld');
      metaMap(live).set('publishedOn', '2025-01-20');
    });
    expect(canonicalContent(live)).not.toBe(canonicalContent(versionDoc));
    const nodes = tablePartKeys.map((table) => tableNodes(live, table)[0]);

    restoreContent(live, replica(version), 'restore');
    expect(canonicalContent(live)).toBe(canonicalContent(versionDoc));
    expect(contentHash(live)).toBe(contentHash(versionDoc));
    expect(readReportData(live)).toEqual(readReportData(versionDoc));
    expect(narrativeFragment(live, 'other').toString()).toContain('<bold>');
    for (const [i, table] of tablePartKeys.entries()) expect(tableNodes(live, table)).toEqual([nodes[i]]);
  });

  it('leaves fragments and runs of blocks that already equal the version alone', () => {
    const version = Y.encodeStateAsUpdate(createReportDoc(seedReport()));
    const live = replica(version);
    const preambleBlock = narrativeFragment(live, 'preamble').get(0);
    const afterRequests = partFragment(live, 'requests').get(1);
    partFragment(live, 'requests').insert(0, [paragraph('表前新增的说明。')]);
    const changed: string[] = [];
    live.on('afterTransaction', (tx: Y.Transaction) => {
      for (const type of tx.changed.keys()) changed.push(type._item === null ? Y.findRootTypeKey(type) : 'nested');
    });
    restoreContent(live, replica(version), 'restore');
    expect(changed).toEqual(['text.requests']);
    expect(narrativeFragment(live, 'preamble').get(0)).toBe(preambleBlock);
    // The notes after the table were the version's already: the same items, not copies.
    expect(partFragment(live, 'requests').get(1)).toBe(afterRequests);
  });

  for (const seed of freshSeeds('restoreContent after random edits', 5)) {
    it(`after random edits on either side, restoring gives the version exactly (seed ${seed})`, () => {
      const gen = prng.create(seed);
      const base = Y.encodeStateAsUpdate(createReportDoc(seedReport()));
      const versionDoc = replica(base);
      const live = replica(base);
      for (let i = 0; i < 60; i++) {
        const doc = prng.bool(gen) ? versionDoc : live;
        doc.transact(() => (prng.uint32(gen, 0, 3) === 0 ? editNotes(doc, gen) : applyDocEdit(doc, randomDocEdit(gen))));
      }
      const nodes = tablePartKeys.map((table) => tableNodes(live, table)[0]);
      // A peer holding the live document as it was: it receives the restore as one update.
      const peer = replica(Y.encodeStateAsUpdate(live));
      const sent: Uint8Array[] = [];
      live.on('update', (update: Uint8Array) => sent.push(update));
      restoreContent(live, replica(Y.encodeStateAsUpdate(versionDoc)), 'restore');
      expect(canonicalContent(live)).toBe(canonicalContent(versionDoc));
      for (const [i, table] of tablePartKeys.entries()) expect(tableNodes(live, table)).toEqual([nodes[i]]);
      expect(sent.length).toBeLessThanOrEqual(1);
      for (const update of sent) Y.applyUpdate(peer, update);
      expect(canonicalContent(peer)).toBe(canonicalContent(versionDoc));
    });
  }
});
