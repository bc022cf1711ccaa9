/**
 * The digest of a part changes with anything a reader of that part sees, and with nothing else;
 * and it is the same in the browser (lib0's SHA-256 in JavaScript) as in Node.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
// The implementation browsers load (Node resolves `lib0/hash/sha256` to node:crypto).
import { digest as browserSha256 } from '../../node_modules/lib0/hash/sha256.js';
import { partKeys } from '../format.ts';
import { seedReport } from '../test-support/seed-report.ts';
import { cellsMap, createReportDoc, narrativeFragment, partFragment } from '../ydoc.ts';
import { partContent, partDigest } from './digest.ts';

function seedDoc(): Y.Doc {
  return createReportDoc(seedReport());
}

function firstText(doc: Y.Doc, key: 'overview' | 'problems' | 'other' | 'preamble'): Y.XmlText {
  const fragment = narrativeFragment(doc, key);
  if (fragment.length === 0 || (fragment.get(0) as Y.XmlElement).length === 0) {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('')]);
    fragment.insert(0, [p]);
  }
  return (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

const digests = (doc: Y.Doc) => Object.fromEntries(partKeys.map((part) => [part, partDigest(doc, part)]));

describe('partDigest', () => {
  it('is 64 hex digits, the same from the JavaScript SHA-256 browsers run as from Node\'s', () => {
    const doc = seedDoc();
    for (const part of partKeys) {
      const bytes = new TextEncoder().encode(partContent(doc, part));
      const hex = Buffer.from(browserSha256(bytes)).toString('hex');
      expect(hex).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(partDigest(doc, part)).toBe(hex);
    }
  });

  it('is the same on a replica, and for the same content written another way', () => {
    const doc = seedDoc();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(digests(replica)).toEqual(digests(doc));

    const before = digests(doc);
    // A paragraph split and joined again, as y-prosemirror writes them: new items, same content.
    const fragment = narrativeFragment(doc, 'problems');
    const text = firstText(doc, 'problems');
    const tail = text.toString().slice(3);
    doc.transact(() => {
      text.delete(3, tail.length);
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(tail)]);
      fragment.insert(1, [p]);
    });
    expect(partDigest(doc, 'problems')).not.toBe(before.problems);
    doc.transact(() => {
      text.insert(3, tail);
      fragment.delete(1, 1);
    });
    // Cells written in another order, a blank cell set to "" and cleared again.
    const cells = cellsMap(doc, 'requests');
    const values = Object.fromEntries(cells.entries());
    doc.transact(() => {
      for (const key of Object.keys(values).reverse()) {
        cells.delete(key);
        cells.set(key, values[key] as string);
      }
      cells.set('received.other', '');
    });
    expect(digests(doc)).toEqual(before);
  });

  it('changes with a character, a mark, a block\'s kind, a note or a cell of the part, and with nothing outside it', () => {
    const doc = seedDoc();
    let previous = digests(doc);
    const changes: [string, () => void, string[]][] = [
      ['a character of 五', () => firstText(doc, 'problems').insert(0, '一'), ['problems']],
      ['bold in 六', () => firstText(doc, 'other').format(0, 2, { bold: {} }), ['other']],
      ['the preamble, which is 一\'s', () => firstText(doc, 'preamble').insert(0, '根据'), ['overview']],
      ['a heading level in 一', () => {
        const heading = narrativeFragment(doc, 'overview').toArray().find((b) => b instanceof Y.XmlElement && b.nodeName === 'heading') as Y.XmlElement;
        heading.setAttribute('level', 4 as unknown as string);
      }, ['overview']],
      ['a cell of 三', () => cellsMap(doc, 'requests').set('received.natural', '99'), ['requests']],
      ['a note after table 二', () => {
        const note = new Y.XmlElement('paragraph');
        note.insert(0, [new Y.XmlText('注：本表不含依申请公开的信息。')]);
        partFragment(doc, 'proactive').push([note]);
      }, ['proactive']],
      ['a cell of 四', () => cellsMap(doc, 'appeals').set('review.upheld', '7'), ['appeals']],
      ['a comment', () => doc.getMap('comments').set('x', 'y'), []],
    ];
    for (const [what, change, changed] of changes) {
      change();
      const now = digests(doc);
      expect(partKeys.filter((p) => now[p] !== previous[p]), what).toEqual(changed);
      previous = now;
    }
  });
});
