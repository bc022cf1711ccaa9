/**
 * The fast path of the update inspection, for the shape nearly every keystroke and cell edit
 * has: one new item, right after an item the document holds, no deletions. Such an item goes
 * where its left neighbour is (the encoding omits its parent), so one walk up from that
 * neighbour is its whole footprint. The general inspection (inspect.ts) builds per-update maps
 * and a resolution stack for what this skips; ~25 µs of a keystroke's cold path.
 *
 * Anything else — a GC neighbour, a reference the document lacks, an item that is not next in
 * its client's clock, a delete set — returns undefined and takes the general path, which gives
 * the same answer for this shape (the property test in authorize.property.test.ts checks both
 * against what Yjs does when it applies the update).
 */
import * as Y from 'yjs';
import { rootRole } from '../../schema/ydoc.ts';
import type { DecodedUpdate, UpdateFootprint } from './inspect.ts';
import { placeStored } from './placement.ts';

export function inspectKeystroke(store: Y.Doc['store'], { structs, ds }: DecodedUpdate): UpdateFootprint | undefined {
  if (structs.length !== 1 || ds.clients.size > 0) return undefined;
  const item = structs[0];
  // Decoded items with a neighbour carry no parent: it is copied from that neighbour.
  if (!(item instanceof Y.Item) || item.origin === null || item.parent !== null) return undefined;
  const { client, clock } = item.id;
  if (clock !== Y.getState(store, client)) return undefined;
  const left = storedItem(store, item, item.origin);
  if (left === undefined) return undefined;
  if (item.rightOrigin !== null && storedItem(store, item, item.rightOrigin) === undefined) return undefined;
  return footprintBeside(left, client);
}

/**
 * The footprint of one new item by `client` that goes where `left`, an item the document holds,
 * is (its parent, hence its root and cell key); undefined if `left`'s place is unknown.
 */
export function footprintBeside(left: Y.Item, client: number): UpdateFootprint | undefined {
  const placement = placeStored(left);
  if (typeof placement === 'string') return undefined;
  const cellKeys = new Map<string, Set<string | null>>();
  if (rootRole(placement.root)?.kind === 'cells') cellKeys.set(placement.root, new Set([placement.key]));
  return { roots: new Set([placement.root]), cellKeys, clients: new Set([client]), unresolved: false, malformed: false };
}

/** The stored Item `id` names, if the store holds one there and `item` may refer to it. */
function storedItem(store: Y.Doc['store'], item: Y.Item, id: Y.ID): Y.Item | undefined {
  if (id.client === item.id.client && id.clock >= item.id.clock) return undefined;
  if (id.clock >= Y.getState(store, id.client)) return undefined;
  const found = Y.getItem(store, id);
  return found instanceof Y.Item ? found : undefined;
}
