/**
 * Fixtures for the permission tests: the seed report (余杭区商务局2024年…年度报告) as the server's
 * Y.Doc, clients synced from it, and the update each client edit produces — the bytes a browser
 * sends. Edits use the Yjs calls y-prosemirror makes for the same ProseMirror steps (typing:
 * XmlText.insert; a mark: XmlText.format; a new paragraph: an XmlElement holding an XmlText,
 * created in one transaction).
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { ReportData } from '../../../schema/report.ts';
import { createReportDoc } from '../../../schema/ydoc.ts';
import { seedReport } from '../../../schema/test-support/seed-report.ts';

/** The seed's ReportData, read through the plain-text importer (never typed in by hand). */
export const seedReportData = seedReport;

/** A client whose doc starts as a copy of `server`, with a fixed client ID (tests read IDs). */
export function syncedClient(server: Y.Doc, clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  return doc;
}

/** The server's doc for the seed report, and a client synced from it. */
export function seedPeers(data: ReportData = seedReportData()): { server: Y.Doc; client: Y.Doc } {
  const server = createReportDoc(data);
  return { server, client: syncedClient(server, 1001) };
}

/** The one update `edit` produces on `doc` (run as one transaction), or null if it changed nothing. */
export function captureUpdate(doc: Y.Doc, edit: () => void): Uint8Array | null {
  const updates: Uint8Array[] = [];
  const listener = (update: Uint8Array) => updates.push(update);
  doc.on('update', listener);
  try {
    doc.transact(edit);
  } finally {
    doc.off('update', listener);
  }
  if (updates.length > 1) throw new Error(`captureUpdate: ${updates.length} updates from one transaction`);
  return updates[0] ?? null;
}

/** Like captureUpdate, for edits that must change something. */
export function updateOf(doc: Y.Doc, edit: () => void): Uint8Array {
  const update = captureUpdate(doc, edit);
  if (update === null) throw new Error('updateOf: the edit changed nothing');
  return update;
}

/** The XmlText of block `index` of a fragment (y-prosemirror keeps a block's text in one XmlText). */
export function blockText(fragment: Y.XmlFragment, index: number): Y.XmlText {
  const block = fragment.get(index);
  if (!(block instanceof Y.XmlElement)) throw new Error(`block ${index} is not an element`);
  const text = block.get(0);
  if (!(text instanceof Y.XmlText)) throw new Error(`block ${index} holds no text`);
  return text;
}

/** A paragraph holding `text`, as y-prosemirror creates one for a new ProseMirror node. */
export function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

/**
 * The roots and cell keys an update changes, as Yjs itself reports them when it applies the
 * update to a copy of `doc`: the oracle for the inspector.
 */
export function appliedFootprint(doc: Y.Doc, update: Uint8Array): { roots: Set<string>; cellKeys: Map<string, Set<string | null>> } {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const roots = new Set<string>();
  const cellKeys = new Map<string, Set<string | null>>();
  copy.on('afterTransaction', (transaction: Y.Transaction) => {
    for (const [type, subs] of transaction.changed) {
      let top = type as Y.AbstractType<unknown>;
      let topSubs = subs;
      while (top._item !== null) {
        topSubs = new Set([top._item.parentSub]);
        top = top._item.parent as Y.AbstractType<unknown>;
      }
      const root = Y.findRootTypeKey(top);
      roots.add(root);
      if (root.startsWith('cells.')) {
        const keys = cellKeys.get(root) ?? new Set<string | null>();
        for (const sub of topSubs) keys.add(sub);
        cellKeys.set(root, keys);
      }
    }
  });
  Y.applyUpdate(copy, update);
  return { roots, cellKeys };
}

/**
 * A raw V1 update from hand-made structs of one client (for references no client API can
 * produce: a GC neighbour, a parent without a type, a cycle, a gap) and an optional delete set.
 */
export function craftUpdate(
  groups: readonly { client: number; clock: number; structs: readonly (Y.Item | Y.GC)[] }[],
  deletes: readonly { client: number; clock: number; len: number }[] = [],
): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, groups.length);
  for (const group of groups) {
    encoding.writeVarUint(encoder.restEncoder, group.structs.length);
    encoder.writeClient(group.client);
    encoding.writeVarUint(encoder.restEncoder, group.clock);
    for (const struct of group.structs) struct.write(encoder, 0);
  }
  const byClient = new Map<number, { clock: number; len: number }[]>();
  for (const d of deletes) byClient.set(d.client, [...(byClient.get(d.client) ?? []), d]);
  encoding.writeVarUint(encoder.restEncoder, byClient.size);
  for (const [client, ranges] of byClient) {
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const range of ranges) {
      encoding.writeVarUint(encoder.restEncoder, range.clock);
      encoding.writeVarUint(encoder.restEncoder, range.len);
    }
  }
  return encoder.toUint8Array();
}

/** A hand-made string item: `parent` is a root name or the ID of the item holding the parent type. */
export function stringItem(
  id: Y.ID,
  text: string,
  at: { origin?: Y.ID; rightOrigin?: Y.ID; parent?: string | Y.ID; parentSub?: string },
): Y.Item {
  return new Y.Item(
    id,
    null,
    at.origin ?? null,
    null,
    at.rightOrigin ?? null,
    (at.parent ?? null) as unknown as Y.ID,
    at.parentSub ?? null,
    new Y.ContentString(text),
  );
}
