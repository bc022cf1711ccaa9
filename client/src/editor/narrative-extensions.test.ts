/**
 * The server's statement of the narrative schema (schema/narrative-schema.ts) is the editor's
 * real schema: built here in Node from the editor's own extension list, compared node by node,
 * attribute by attribute, mark by mark; the table node with the server's `serverWrittenNodes`.
 * A change to the editor's extensions fails this test until the server's copy follows.
 */
import { getSchema } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type { NodeType } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { tablePartKeys } from '../../../schema/format.ts';
import { isMarkValue, narrativeDoc, narrativeMarks, narrativeNodes, serverWrittenNodes, textNode } from '../../../schema/narrative-schema.ts';
import { rootNames, tableNodeName } from '../../../schema/ydoc.ts';
import { narrativeSchemaExtensions } from './narrative-extensions.ts';

/** The schema NarrativeEditor builds: its extension list, with the collaboration extensions it adds. */
function editorSchema() {
  const document = new Y.Doc();
  return getSchema([
    ...narrativeSchemaExtensions(),
    Collaboration.configure({ document, field: rootNames.text.overview }),
    CollaborationCaret.configure({ provider: { awareness: new Awareness(document) }, user: { name: '甲', color: '#123456' } }),
  ]);
}

/** Every node type a content expression admits, in any order. */
function admitted(type: NodeType): string[] {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const pending = [type.contentMatch];
  while (pending.length > 0) {
    const match = pending.pop()!;
    if (seen.has(match)) continue;
    seen.add(match);
    for (let i = 0; i < match.edgeCount; i++) {
      const edge = match.edge(i);
      names.add(edge.type.name);
      pending.push(edge.next);
    }
  }
  return [...names].sort();
}

const sorted = (values: Iterable<string>) => [...values].sort();

describe('the narrative schema the server enforces', () => {
  const schema = editorSchema();
  const allElementTypes = Object.values(schema.nodes).filter((type) => type !== schema.topNodeType && type.name !== textNode);
  /** The element types a client writes (the server-written table node is checked on its own). */
  const elementTypes = allElementTypes.filter((type) => !serverWrittenNodes.has(type.name));

  it('has the editor\'s node names, and the fragment holds what its doc node admits', () => {
    expect(schema.topNodeType.name).toBe('doc');
    expect(sorted(narrativeNodes.keys())).toEqual(sorted(elementTypes.map((type) => type.name)));
    expect(sorted(serverWrittenNodes.keys())).toEqual(sorted(allElementTypes.filter((type) => serverWrittenNodes.has(type.name)).map((type) => type.name)));
    expect(sorted([...narrativeDoc.content, ...serverWrittenNodes.keys()])).toEqual(admitted(schema.topNodeType));
  });

  it('has the server-written table node as the server states it: an atom with its attributes, at the top level only, never parsed from HTML', () => {
    expect([...serverWrittenNodes.keys()]).toEqual([tableNodeName]);
    for (const [name, node] of serverWrittenNodes) {
      const type = schema.nodes[name]!;
      expect(type.isAtom && type.isLeaf && type.isBlock, `${name} is a block atom`).toBe(true);
      expect(sorted(Object.keys(type.spec.attrs ?? {})), `${name} attributes`).toEqual(sorted(node.attrs.keys()));
      // Only the document admits it: no command can wrap it into a list or a quote.
      for (const other of allElementTypes) expect(admitted(other), `${other.name} content`).not.toContain(name);
      // A pasted or dropped report never turns into one.
      expect(type.spec.parseDOM ?? []).toEqual([]);
    }
    const check = serverWrittenNodes.get(tableNodeName)!.attrs.get('table')!;
    for (const table of tablePartKeys) expect(check(schema.nodes[tableNodeName]!.create({ table }).attrs.table)).toBe(true);
  });

  it('has each node\'s attributes, children and marks', () => {
    for (const type of elementTypes) {
      const node = narrativeNodes.get(type.name)!;
      expect(sorted(node.attrs.keys()), `${type.name} attributes`).toEqual(sorted(Object.keys(type.spec.attrs ?? {})));
      expect(sorted(node.content), `${type.name} content`).toEqual(admitted(type));
      const allowed = Object.values(schema.marks).filter((mark) => type.allowsMarkType(mark)).map((mark) => mark.name);
      expect(sorted(node.marks), `${type.name} marks`).toEqual(sorted(allowed));
    }
  });

  it('accepts the attribute defaults y-prosemirror writes (it sets every attribute that is not null)', () => {
    for (const type of elementTypes) {
      for (const [name, attr] of Object.entries(type.spec.attrs ?? {})) {
        const value: unknown = attr.default;
        if (value !== null) expect(narrativeNodes.get(type.name)!.attrs.get(name)!(value), `${type.name}.${name} = ${String(value)}`).toBe(true);
      }
    }
  });

  it('has the editor\'s marks and their attributes; each excludes itself, so y-prosemirror names it without a hash', () => {
    expect(sorted(narrativeMarks.keys())).toEqual(sorted(Object.keys(schema.marks)));
    for (const type of Object.values(schema.marks)) {
      expect(sorted(narrativeMarks.get(type.name)!.attrs.keys()), `${type.name} attributes`).toEqual(sorted(Object.keys(type.spec.attrs ?? {})));
      expect(type.excludes(type), `${type.name} excludes itself`).toBe(true);
    }
  });

  it('accepts each mark as y-prosemirror writes it: its attrs object, defaults filled in', () => {
    const link = schema.marks.link.create({ href: 'https://www.gov.cn/zhengce/' });
    expect(isMarkValue(narrativeMarks.get('link')!, link.attrs)).toBe(true);
    for (const type of Object.values(schema.marks).filter((mark) => mark.name !== 'link')) {
      expect(isMarkValue(narrativeMarks.get(type.name)!, type.create().attrs), type.name).toBe(true);
    }
    expect(isMarkValue(narrativeMarks.get('link')!, schema.marks.link.create({ href: 'javascript:alert(1)' }).attrs)).toBe(false);
  });
});
