/**
 * Upgrading a report stored in an older layout (`meta.layoutVersion`) to the current one, on the
 * server, in one transaction whose update is the same bytes on every server.
 *
 * Why the same bytes: two servers (or two loads of one server) can open the same stored layout-1
 * report at once, and each upgrades it. Yjs identifies content by (client, clock): written under
 * one fixed client id, from the same stored state, both upgrades create items with the same ids,
 * the same neighbours and the same content, so the second changes nothing wherever it is applied
 * (a document holding both holds one table per part, not two). A client never upgrades: a
 * document a client upgraded would be upgraded again, differently, by the next one.
 *
 * Layout 1 → 2: each table part's fragment gets its table node and one empty paragraph under it;
 * `meta.layoutVersion` becomes 2. Nothing else changes: every narrative line and every cell stays
 * where it was (the cells are in `cells.*` in both layouts).
 */
import * as Y from 'yjs';
import { tablePartKeys } from './format.ts';
import { layoutVersion, metaMap, partFragment, writeTablePart } from './ydoc.ts';

/**
 * The client id of the layout-2 upgrade's items. Never a browser's in practice (a collision needs
 * one of 2^32 random ids) and never reused for another write: it only ever has clocks 0… of this
 * one upgrade, which is how a document already upgraded is recognised even if `layoutVersion` were
 * ever set back.
 */
export const layout2UpgradeClient = 0x4e42_0002;

/** The layout a document says it has (1 for a document that predates the key: none exist). */
export function storedLayoutVersion(doc: Y.Doc): number {
  const version = metaMap(doc).get('layoutVersion');
  return typeof version === 'number' ? version : 1;
}

/** Whether `doc` is a stored report (it has `meta`) in a layout older than the current one. */
export function needsLayoutUpgrade(doc: Y.Doc): boolean {
  return metaMap(doc).size > 0 && storedLayoutVersion(doc) < layoutVersion && Y.getState(doc.store, layout2UpgradeClient) === 0;
}

/**
 * Upgrades `doc` in place in one transaction (with `origin`) if it needs it; returns whether it
 * did. The transaction is written under `layout2UpgradeClient`; the document's own client id is
 * restored afterwards (Yjs itself reassigns `clientID` when it meets a conflicting one).
 */
export function upgradeLayout(doc: Y.Doc, origin: unknown = null): boolean {
  if (!needsLayoutUpgrade(doc)) return false;
  const own = doc.clientID;
  doc.clientID = layout2UpgradeClient;
  try {
    doc.transact(() => {
      // Table parts' fragments are empty in layout 1 (the server refused any other root's content).
      for (const table of tablePartKeys) writeTablePart(partFragment(doc, table), table);
      metaMap(doc).set('layoutVersion', layoutVersion);
    }, origin);
  } finally {
    doc.clientID = own;
  }
  return true;
}
