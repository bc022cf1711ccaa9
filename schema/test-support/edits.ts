/**
 * Random edits of a report Y.Doc, for the validator's equivalence tests and the convergence
 * test. An edit is plain data (printable in an operation log) and names positions relative to
 * whatever the doc holds when it is applied, so one edit applies to any replica.
 */
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { type TableKey, allCells, tablePartKeys } from '../format.ts';
import { type NarrativeKey, cellsMap, metaMap, narrativeFragment, narrativeKeys } from '../ydoc.ts';

export type DocEdit =
  | { readonly kind: 'setCell'; readonly table: TableKey; readonly key: string; readonly value: string }
  | { readonly kind: 'clearCell'; readonly table: TableKey; readonly key: string }
  | { readonly kind: 'insertText'; readonly part: NarrativeKey; readonly block: number; readonly at: number; readonly text: string }
  | { readonly kind: 'deleteText'; readonly part: NarrativeKey; readonly block: number; readonly at: number; readonly length: number }
  | { readonly kind: 'formatText'; readonly part: NarrativeKey; readonly block: number; readonly at: number; readonly length: number }
  | { readonly kind: 'insertBlock'; readonly part: NarrativeKey; readonly block: number; readonly text: string; readonly heading: boolean }
  | { readonly kind: 'deleteBlock'; readonly part: NarrativeKey; readonly block: number }
  | { readonly kind: 'setMeta'; readonly key: 'publishedOn' | 'kind'; readonly value: string };

/** Edits that only a crafted update would make: the layout rule must catch them. */
export type LayoutEdit =
  | { readonly kind: 'setForeignCell'; readonly table: TableKey; readonly key: string; readonly value: unknown }
  | { readonly kind: 'createForeignRoot'; readonly name: string };

const cellValues = ['0', '1', '2', '3', '7', '12', '—', '/', '1件', '１', ' 4 ', '-1', '0.5', '5.25'];
const snippets = [
  '共受理政府信息公开申请2件。',
  '共收到政府信息公开申请3件（含上年结转1件）',
  '予以公开1件，',
  '办结2件。',
  '结转下年度办理1件',
  '本年度未收取信息处理费。',
  '收取信息处理费20元',
  '未发生行政复议或行政诉讼的情况。',
  '行政复议1件',
  '现行有效规范性文件3件',
  '发布信息104条',
  '十二件',
  '政府信息公开工作',
  '2024年',
  '，',
  '。',
  '申',
  '请',
  '件',
  '1',
  '\n',
];

export function randomDocEdit(gen: prng.PRNG): DocEdit {
  const part = prng.oneOf(gen, [...narrativeKeys]);
  const block = prng.uint32(gen, 0, 1000);
  const at = prng.uint32(gen, 0, 1000);
  switch (prng.uint32(gen, 0, 9)) {
    case 0:
    case 1:
    case 2: {
      const def = prng.oneOf(gen, [...allCells]);
      return { kind: 'setCell', table: def.table, key: def.key, value: prng.oneOf(gen, cellValues) };
    }
    case 3: {
      const def = prng.oneOf(gen, [...allCells]);
      return { kind: 'clearCell', table: def.table, key: def.key };
    }
    case 4:
    case 5:
      return { kind: 'insertText', part, block, at, text: prng.oneOf(gen, snippets) };
    case 6:
      return { kind: 'deleteText', part, block, at, length: prng.uint32(gen, 1, 12) };
    case 7:
      return prng.bool(gen)
        ? { kind: 'insertBlock', part, block, text: prng.oneOf(gen, snippets), heading: prng.uint32(gen, 0, 4) === 0 }
        : { kind: 'formatText', part, block, at, length: prng.uint32(gen, 1, 6) };
    case 8:
      return { kind: 'deleteBlock', part, block };
    default:
      return prng.bool(gen)
        ? { kind: 'setMeta', key: 'publishedOn', value: prng.oneOf(gen, ['2025-01-20', '2025-02-10', '2025-04-01']) }
        : { kind: 'setMeta', key: 'kind', value: prng.oneOf(gen, ['department', 'government']) };
  }
}

export function randomLayoutEdit(gen: prng.PRNG): LayoutEdit {
  const table = prng.oneOf(gen, [...tablePartKeys]);
  switch (prng.uint32(gen, 0, 2)) {
    case 0:
      return { kind: 'setForeignCell', table, key: prng.oneOf(gen, ['received.subtotal', 'foo', 'review.sum']), value: '1' };
    case 1:
      return { kind: 'setForeignCell', table: 'requests', key: 'received.natural', value: prng.oneOf(gen, [3, null, { n: 1 }, '2']) };
    default:
      return { kind: 'createForeignRoot', name: prng.oneOf(gen, ['evil', 'cells.extra']) };
  }
}

function blockAt(doc: Y.Doc, part: NarrativeKey, block: number): Y.XmlElement | undefined {
  const blocks = narrativeFragment(doc, part).toArray().filter((b): b is Y.XmlElement => b instanceof Y.XmlElement);
  return blocks.length === 0 ? undefined : blocks[block % blocks.length];
}

function textOf(el: Y.XmlElement): Y.XmlText {
  const existing = el.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
  if (existing) return existing;
  const text = new Y.XmlText();
  el.insert(el.length, [text]);
  return text;
}

/** Applies an edit to `doc` (in the caller's transaction, if any). */
export function applyDocEdit(doc: Y.Doc, edit: DocEdit | LayoutEdit): void {
  switch (edit.kind) {
    case 'setCell':
      cellsMap(doc, edit.table).set(edit.key, edit.value);
      return;
    case 'clearCell':
      cellsMap(doc, edit.table).delete(edit.key);
      return;
    case 'setForeignCell':
      cellsMap(doc, edit.table).set(edit.key, edit.value);
      return;
    case 'createForeignRoot':
      doc.getMap(edit.name).set('x', 1);
      return;
    case 'setMeta':
      metaMap(doc).set(edit.key, edit.value);
      return;
    case 'insertBlock': {
      const fragment = narrativeFragment(doc, edit.part);
      const el = new Y.XmlElement(edit.heading ? 'heading' : 'paragraph');
      el.insert(0, [new Y.XmlText(edit.text)]);
      fragment.insert(edit.block % (fragment.length + 1), [el]);
      return;
    }
    case 'deleteBlock': {
      const fragment = narrativeFragment(doc, edit.part);
      if (fragment.length > 0) fragment.delete(edit.block % fragment.length, 1);
      return;
    }
    default: {
      const el = blockAt(doc, edit.part, edit.block);
      if (el === undefined) return;
      const text = textOf(el);
      const at = edit.at % (text.length + 1);
      if (edit.kind === 'insertText') text.insert(at, edit.text);
      else if (edit.kind === 'deleteText') text.delete(at, Math.min(edit.length, text.length - at));
      else text.format(at, Math.min(edit.length, text.length - at), { bold: true });
    }
  }
}
