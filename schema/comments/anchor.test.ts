/**
 * `parseAnchor` takes exactly the anchors the browser makes (a part, a cell, a text range) and
 * nothing else a crafted update could put in a thread: the server refuses a thread whose anchor
 * does not parse.
 */
import { toBase64 } from 'lib0/buffer';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createReportDoc } from '../ydoc.ts';
import { seedReport } from '../test-support/seed-report.ts';
import { cellAnchor, encodeCharacterPosition, maxQuoteLength, parseAnchor, partAnchor } from './anchor.ts';
import { textAnchorFromEditor } from './text-anchor.ts';

const position = encodeCharacterPosition(Y.createID(1001, 42), 0);
const text = { part: 'overview', fragment: 'preamble', start: position, end: encodeCharacterPosition(Y.createID(1001, 45), -1), quote: '依据' };

describe('parseAnchor', () => {
  it('takes the anchors the browser makes', () => {
    const doc = createReportDoc(seedReport());
    const made = textAnchorFromEditor(doc, 'overview', 1, 6);
    if (!made.ok) throw new Error(made.message);
    for (const anchor of [partAnchor('appeals'), cellAnchor('requests', 'received.natural'), made.anchor, text]) {
      expect(parseAnchor(JSON.parse(JSON.stringify(anchor)))).toEqual(anchor);
    }
  });

  it.each([
    ['an unknown part', { part: 'summary' }],
    ['a cell of a narrative part', { part: 'overview', cell: 'received.natural' }],
    ['a cell its table does not have', { part: 'requests', cell: 'review.upheld' }],
    ['a key too many', { part: 'overview', note: 'x' }],
    ['a fragment of another part', { ...text, part: 'problems' }],
    ['a fragment the layout does not have', { ...text, fragment: 'summary' }],
    ['an empty quote', { ...text, quote: '' }],
    ['a quote too long', { ...text, quote: '字'.repeat(maxQuoteLength + 1) }],
    ['a position at the end of a type', { ...text, start: toBase64(Y.encodeRelativePosition(new Y.RelativePosition(null, 'text.preamble', null, 0))) }],
    ['a position with bytes after it', { ...text, start: toBase64(new Uint8Array([...Y.encodeRelativePosition(new Y.RelativePosition(null, null, Y.createID(1, 2), 0)), 7])) }],
    ['a position that is not base64', { ...text, end: '!!!!' }],
    ['a position that is a number', { ...text, end: 12 }],
    ['an array', [{ part: 'overview' }]],
    ['a string', 'overview'],
    ['null', null],
  ])('refuses %s', (_what, value) => {
    expect(parseAnchor(value)).toBeUndefined();
  });

  it('refuses an object whose prototype a decoder set from a "__proto__" key', () => {
    const crafted = JSON.parse('{"part":"overview"}') as object;
    Object.setPrototypeOf(crafted, { polluted: true });
    expect(parseAnchor(crafted)).toBeUndefined();
  });
});
