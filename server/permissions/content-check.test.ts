/**
 * The update inspection refuses content the report's schema does not have, for everyone: the
 * crafted updates of issue 13 (an `img` in 一, a `table` in 五, unknown marks and attributes, a
 * bad heading level, a Y.Map or a number as a cell value, a comment that is no thread) and their relatives, on the
 * general path and on the keystroke fast path alike; while everything y-prosemirror writes for
 * the editor's real schema, and the seed and sample reports, pass.
 */
import { readFile } from 'node:fs/promises';
import { getSchema } from '@tiptap/core';
import { Node } from '@tiptap/pm/model';
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { narrativeSchemaExtensions } from '../../client/src/editor/narrative-extensions.ts';
import { importReportText } from '../../schema/import/text.ts';
import { tablePartKeys } from '../../schema/format.ts';
import { cellsMap, createReportDoc, createTableElement, metaMap, narrativeFragment, partFragment, rootNames } from '../../schema/ydoc.ts';
import { sampleReportFile } from '../reports.ts';
import { authorizeUpdate } from './authorize.ts';
import { inspectKeystroke } from './inspect-keystroke.ts';
import { inspectInGeneral, inspectRoomUpdate, inspectUpdate } from './inspect.ts';
import { blockText, craftUpdate, seedPeers, seedReportData, updateOf } from './test-support/report-peers.ts';

const owner = { role: 'owner', parts: 'all' } as const;
const editorSchema = getSchema(narrativeSchemaExtensions());

/** The last item of a block's text: what a keystroke at the end of the block is typed after. */
function lastItemOf(text: Y.XmlText): Y.Item {
  let item = text._start!;
  while (item.right !== null) item = item.right;
  return item;
}

/** A hand-made item of client 9001 typed right after `left` (a keystroke's shape). */
function itemAfter(left: Y.Item, content: Y.Item['content']): Uint8Array {
  const origin = Y.createID(left.id.client, left.id.clock + left.length - 1);
  const item = new Y.Item(Y.createID(9001, 0), null, origin, null, null, null, null, content);
  return craftUpdate([{ client: 9001, clock: 0, structs: [item] }]);
}

function element(name: string, attrs: Record<string, unknown> = {}, children: (Y.XmlElement | Y.XmlText)[] = []): Y.XmlElement {
  const el = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value as string);
  el.insert(0, children);
  return el;
}

const linkAttrs = { target: '_blank', rel: 'noopener noreferrer nofollow', class: null, title: null };

type Attack = {
  name: string;
  update: (server: Y.Doc, client: Y.Doc) => Uint8Array;
  /** What one of its violations says. */
  says: RegExp;
  /** The keystroke fast path answers for it (one item after a stored one, no deletions). */
  keystroke?: boolean;
};

const attacks: Attack[] = [
  {
    name: 'an img element between two paragraphs of 一',
    update: (_s, c) => updateOf(c, () => narrativeFragment(c, 'overview').insert(1, [new Y.XmlElement('img')])),
    says: /text\.overview: a "img" element, which the narrative schema does not have/,
    keystroke: true,
  },
  {
    name: 'an img element with a src in 一',
    update: (_s, c) => updateOf(c, () => narrativeFragment(c, 'overview').insert(0, [element('img', { src: 'https://evil.example/x.png' })])),
    says: /"img" element/,
  },
  {
    name: 'a table in 五',
    update: (_s, c) =>
      updateOf(c, () =>
        narrativeFragment(c, 'problems').insert(0, [element('table', {}, [element('tableRow', {}, [element('tableCell', {}, [element('paragraph', {}, [new Y.XmlText('1')])])])])]),
      ),
    says: /text\.problems: a "table" element, which the narrative schema does not have/,
  },
  {
    name: 'an unknown mark over text of 一',
    update: (_s, c) => updateOf(c, () => blockText(narrativeFragment(c, 'overview'), 0).format(0, 6, { color: { color: 'red' } })),
    says: /mark "color", which the narrative schema does not have/,
  },
  {
    name: 'an unknown mark typed after the last character of a paragraph',
    update: (s) => itemAfter(lastItemOf(blockText(narrativeFragment(s, 'overview'), 0)), new Y.ContentFormat('highlight', {})),
    says: /mark "highlight"/,
    keystroke: true,
  },
  {
    name: 'bold written as true rather than its attrs object',
    update: (_s, c) => updateOf(c, () => blockText(narrativeFragment(c, 'overview'), 0).format(0, 6, { bold: true })),
    says: /an invalid bold mark/,
  },
  {
    name: 'a javascript: link',
    update: (_s, c) => updateOf(c, () => blockText(narrativeFragment(c, 'overview'), 0).format(0, 6, { link: { href: 'javascript:alert(1)', ...linkAttrs } })),
    says: /an invalid link mark/,
  },
  {
    name: 'a link with a class',
    update: (_s, c) => updateOf(c, () => blockText(narrativeFragment(c, 'overview'), 0).format(0, 6, { link: { href: 'https://www.gov.cn', ...linkAttrs, class: 'toolbar' } })),
    says: /an invalid link mark/,
  },
  {
    name: 'an embed in the text of 一',
    update: (s) => itemAfter(lastItemOf(blockText(narrativeFragment(s, 'overview'), 0)), new Y.ContentEmbed({ image: 'x' })),
    says: /an embed inside text/,
    keystroke: true,
  },
  {
    name: 'an unknown attribute on a paragraph',
    update: (_s, c) => updateOf(c, () => (narrativeFragment(c, 'overview').get(0) as Y.XmlElement).setAttribute('onclick', 'alert(1)')),
    says: /attribute "onclick" on a "paragraph" element, which it does not have/,
  },
  {
    name: 'a heading level of 7',
    update: (_s, c) => updateOf(c, () => (narrativeFragment(c, 'overview').get(1) as Y.XmlElement).setAttribute('level', 7 as unknown as string)),
    says: /an invalid level on a "heading" element/,
  },
  {
    name: 'a heading level as a string',
    update: (_s, c) => updateOf(c, () => (narrativeFragment(c, 'overview').get(1) as Y.XmlElement).setAttribute('level', '3 onerror=x')),
    says: /an invalid level/,
  },
  {
    name: 'a paragraph inside a paragraph',
    update: (_s, c) => updateOf(c, () => (narrativeFragment(c, 'overview').get(0) as Y.XmlElement).insert(0, [element('paragraph')])),
    says: /a "paragraph" element inside a "paragraph" element/,
  },
  {
    name: 'text directly in the fragment',
    update: (_s, c) => updateOf(c, () => narrativeFragment(c, 'other').insert(0, [new Y.XmlText('游离文字')])),
    says: /text directly inside the part/,
  },
  {
    name: 'a Y.Array inside a paragraph',
    update: (_s, c) => updateOf(c, () => (narrativeFragment(c, 'overview').get(0) as Y.XmlElement).insert(0, [new Y.Array() as unknown as Y.XmlText])),
    says: /a Y\.Array inside a "paragraph" element/,
  },
  {
    name: 'an XmlHook in 六',
    update: (_s, c) => updateOf(c, () => narrativeFragment(c, 'other').insert(0, [new Y.XmlHook('widget') as unknown as Y.XmlElement])),
    says: /text\.other: a Y\.XmlHook inside the part/,
  },
  {
    name: 'bytes as a cell value',
    update: (_s, c) => updateOf(c, () => cellsMap(c, 'requests').set('received.natural', new Uint8Array([1, 2]))),
    says: /binary content is not a cell value/,
  },
  {
    name: 'a Y.Map as a cell value',
    update: (_s, c) => updateOf(c, () => cellsMap(c, 'requests').set('received.natural', new Y.Map())),
    says: /cells\.requests\["received\.natural"\]: a Y\.Map is not a cell value/,
  },
  {
    name: 'a Y.Text as a cell value',
    update: (_s, c) => updateOf(c, () => cellsMap(c, 'proactive').set('licensing.decisions', new Y.Text('12'))),
    says: /a Y\.Text is not a cell value/,
  },
  {
    name: 'a number as a cell value',
    update: (_s, c) => updateOf(c, () => cellsMap(c, 'requests').set('received.natural', 5)),
    says: /a number is not a cell value/,
  },
  {
    name: 'a cell value of 201 characters',
    update: (_s, c) => updateOf(c, () => cellsMap(c, 'appeals').set('review.upheld', '1'.repeat(201))),
    says: /a string is not a cell value \(a string of at most 200 characters\)/,
  },
  {
    name: 'list text typed after a stored cell value',
    update: (s) => itemAfter(cellsMap(s, 'requests')._map.get('received.natural')!, new Y.ContentString('9')),
    says: /cells\.requests\["received\.natural"\]: text is not a cell value/,
    keystroke: true,
  },
  {
    name: 'a comment that is a bare string',
    update: (_s, c) => updateOf(c, () => c.getMap('comments').set('c1', '请核对数字')),
    says: /comments\[c1\]: a string is not a thread/,
  },
  {
    name: 'a sign-off under a key that names no step',
    update: (_s, c) => updateOf(c, () => c.getMap('signoffs').set('requests', '张三')),
    says: /signoffs: a key "requests"/,
  },
  {
    name: 'the year as a string',
    update: (_s, c) => updateOf(c, () => metaMap(c).set('year', '2025')),
    says: /meta\.year: a string of the wrong kind/,
  },
  {
    name: 'a meta key the layout does not have',
    update: (_s, c) => updateOf(c, () => metaMap(c).set('theme', 'dark')),
    says: /meta: key "theme", which it does not have/,
  },
  {
    name: 'a second table node in 三, under its notes',
    update: (_s, c) => updateOf(c, () => partFragment(c, 'requests').insert(2, [createTableElement('requests')])),
    says: /text\.requests: a "disclosureTable" element, which the narrative schema does not have/,
  },
  {
    name: 'table 三\'s node put into 五',
    update: (_s, c) => updateOf(c, () => narrativeFragment(c, 'problems').insert(0, [createTableElement('requests')])),
    says: /text\.problems: a "disclosureTable" element/,
  },
  {
    name: 'the table node of 四 deleted',
    update: (_s, c) => updateOf(c, () => partFragment(c, 'appeals').delete(0, 1)),
    says: /text\.appeals: deletes the table node, which only the server writes/,
  },
  {
    name: 'the table node of 二 moved below its note (deleted and inserted again)',
    update: (_s, c) =>
      updateOf(c, () => {
        partFragment(c, 'proactive').delete(0, 1);
        partFragment(c, 'proactive').insert(1, [createTableElement('proactive')]);
      }),
    says: /text\.proactive: deletes the table node/,
  },
  {
    name: 'the table node of 三 renamed to table 四',
    update: (_s, c) => updateOf(c, () => (partFragment(c, 'requests').get(0) as Y.XmlElement).setAttribute('table', 'appeals')),
    says: /text\.requests: writes inside the table node, which only the server writes/,
  },
  {
    name: 'the layout version set back to 1',
    update: (_s, c) => updateOf(c, () => metaMap(c).set('layoutVersion', 1)),
    says: /meta\.layoutVersion: written by the server only/,
  },
  {
    name: 'an img element whose left neighbour the server does not have',
    update: () => {
      const item = new Y.Item(Y.createID(9002, 0), null, Y.createID(5555, 3), null, null, null, null, new Y.ContentType(new Y.XmlElement('img')));
      return craftUpdate([{ client: 9002, clock: 0, structs: [item] }]);
    },
    says: /a "img" element, which no client writes/,
  },
];

describe('content outside the report\'s schema', () => {
  it.each(attacks)('$name: a violation, refused even to the owner', ({ update: makeUpdate, says, keystroke }) => {
    const { server, client } = seedPeers();
    const update = makeUpdate(server, client);
    const footprint = inspectUpdate(server, update);
    expect(footprint.violations).toContainEqual(expect.stringMatching(says));
    const verdict = authorizeUpdate(server, update, owner);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toMatch(/^holds content the report's schema does not allow: /);
    // The keystroke fast path answers for exactly the keystroke-shaped ones, as the general path does.
    const decoded = Y.decodeUpdate(update);
    const fast = inspectKeystroke(server.store, decoded);
    expect(fast !== undefined).toBe(keystroke === true);
    if (fast) expect(fast).toEqual(inspectInGeneral(server, decoded));
  });

  it('is checked on the room\'s typing-run path too: an embed continuing a run of typing', () => {
    const { server, client } = seedPeers();
    const text = () => blockText(narrativeFragment(client, 'overview'), 0);
    const anchor = lastItemOf(blockText(narrativeFragment(server, 'overview'), 0));
    const first = updateOf(client, () => text().insert(text().length, '。'));
    expect(inspectUpdate(server, first).violations).toEqual([]);
    // The room has queued the first keystroke, not applied it; the second goes where the run's anchor is.
    const second = updateOf(client, () => text().insertEmbed(text().length, { image: 'https://evil.example/x.png' }));
    const footprint = inspectRoomUpdate({ doc: server, typingAnchor: () => anchor }, Y.decodeUpdate(second));
    expect(footprint.violations).toEqual(['text.overview: an embed inside text']);
  });

  it('keeps the first few reasons of an update full of them', () => {
    const { server, client } = seedPeers();
    const update = updateOf(client, () => {
      const fragment = narrativeFragment(client, 'other');
      for (let i = 0; i < 10; i++) fragment.insert(0, [new Y.XmlElement(`evil${i}`)]);
    });
    expect(inspectUpdate(server, update).violations).toHaveLength(3);
  });
});

describe('content the editor writes', () => {
  /** Every node, attribute and mark of the narrative schema, as ProseMirror JSON. */
  const everything = {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: '（一）主动公开' }] },
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: '加粗', marks: [{ type: 'bold' }] },
          { type: 'text', text: '倾斜', marks: [{ type: 'italic' }, { type: 'underline' }] },
          { type: 'text', text: '删除', marks: [{ type: 'strike' }] },
          { type: 'hardBreak' },
          { type: 'text', text: 'code', marks: [{ type: 'code' }] },
          { type: 'text', text: 'www.gov.cn', marks: [{ type: 'link', attrs: { href: 'http://www.gov.cn' } }] },
          { type: 'text', text: 'ban@yuhang.gov.cn', marks: [{ type: 'link', attrs: { href: 'mailto:ban@yuhang.gov.cn' } }] },
        ],
      },
      { type: 'horizontalRule' },
      { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: '引文' }] }] },
      { type: 'codeBlock', attrs: { language: 'js' }, content: [{ type: 'text', text: 'let a = 1;' }] },
      {
        type: 'orderedList',
        attrs: { start: 3 },
        content: [
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '第三项' }] }] },
          {
            type: 'listItem',
            content: [
              { type: 'paragraph' },
              { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '子项' }] }] }] },
            ],
          },
        ],
      },
      ...[1, 2, 4, 5, 6].map((level) => ({ type: 'heading', attrs: { level }, content: [{ type: 'text', text: `标题${level}` }] })),
    ],
  };

  it('passes when y-prosemirror writes every node, attribute and mark of the editor\'s schema, and then changes them', () => {
    const { server, client } = seedPeers();
    const fragment = narrativeFragment(client, 'other');
    const written = updateOf(client, () => prosemirrorToYXmlFragment(Node.fromJSON(editorSchema, everything), fragment));
    expect(inspectUpdate(server, written).violations).toEqual([]);
    expect(authorizeUpdate(server, written, { role: 'editor', parts: ['other'] }).ok).toBe(true);
    Y.applyUpdate(server, written);

    // Edits as the sync plugin makes them: the changed document diffed into the fragment.
    const before = yXmlFragmentToProseMirrorRootNode(fragment, editorSchema);
    const after = before.type.create(null, [
      editorSchema.nodes.heading.create({ level: 2 }, editorSchema.text('（一）主动公开')),
      before.child(1).type.create(null, [editorSchema.text('加粗'), editorSchema.text('倾斜', [editorSchema.marks.italic.create()])]),
      ...Array.from({ length: before.childCount - 2 }, (_, i) => before.child(i + 2)),
      editorSchema.nodes.orderedList.create({ start: 1 }, before.child(5).content),
    ]);
    const changed = updateOf(client, () => prosemirrorToYXmlFragment(after, fragment));
    expect(inspectUpdate(server, changed).violations).toEqual([]);
    Y.applyUpdate(server, changed);
    expect(yXmlFragmentToProseMirrorRootNode(narrativeFragment(server, 'other'), editorSchema).toJSON()).toEqual(after.toJSON());
  });

  it('passes for the seed report and the server\'s sample, sent whole to an empty document, but for what only the server writes', async () => {
    const sample = importReportText(await readFile(sampleReportFile, 'utf8')).data;
    for (const data of [seedReportData(), sample]) {
      const doc = createReportDoc(data);
      expect(inspectUpdate(new Y.Doc(), Y.encodeStateAsUpdate(doc)).violations).toEqual([
        'meta.layoutVersion: written by the server only',
        'text.proactive: a "disclosureTable" element, which the narrative schema does not have',
        'text.proactive: writes inside the table node, which only the server writes',
      ]);
      // Without the table nodes (deleted: sent as deleted content), what remains passes but the
      // layout version: deleted content at a server-only key would delete the server's value.
      doc.transact(() => {
        for (const table of tablePartKeys) partFragment(doc, table).delete(0, 1);
        metaMap(doc).delete('layoutVersion');
      });
      const state = Y.encodeStateAsUpdate(doc);
      const footprint = inspectUpdate(new Y.Doc(), state);
      expect([...footprint.roots].sort()).toEqual(['cells.appeals', 'cells.proactive', 'cells.requests', 'meta', ...Object.values(rootNames.text)].sort());
      expect(footprint.violations).toEqual(['meta.layoutVersion: written by the server only']);
      expect(authorizeUpdate(new Y.Doc(), state, owner).ok).toBe(false);
    }
  });

  it('passes an owner\'s valid meta values, and deletions of text, blocks and cells', () => {
    const { server, client } = seedPeers();
    const update = updateOf(client, () => {
      metaMap(client).set('agency', '临平区民政局');
      metaMap(client).set('year', 2025);
      metaMap(client).set('publishedOn', '2025-01-20');
      blockText(narrativeFragment(client, 'problems'), 0).delete(0, 10);
      narrativeFragment(client, 'overview').delete(0, 2);
      cellsMap(client, 'requests').delete('received.natural');
    });
    expect(inspectUpdate(server, update).violations).toEqual([]);
    expect(authorizeUpdate(server, update, owner).ok).toBe(true);
  });
});
