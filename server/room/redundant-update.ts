/**
 * Whether an update would change nothing in a document. Yjs reports such an update by emitting
 * no `update` event, but only once it has applied it; a room that stores and relays what it
 * receives before applying it asks here instead, so that a reconnecting client's sync step 2
 * (which always carries its whole delete set) is neither logged nor sent to everyone again.
 */
import * as Y from 'yjs';
import type { DecodedUpdate } from '../sync/update-check.ts';

/** Every struct of `decoded` is held by `doc` already, and every range it deletes is deleted. */
export function isRedundantUpdate(doc: Y.Doc, decoded: DecodedUpdate): boolean {
  const store = doc.store;
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(store, struct.id.client)) return false;
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const structs = store.clients.get(client);
    for (const { clock, len } of ranges) {
      // Deleting what the document does not hold yet: Yjs keeps that deletion pending.
      if (structs === undefined || clock + len > Y.getState(store, client)) return false;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + len; i++) {
        const struct = structs[i]!;
        if (struct instanceof Y.Item && !struct.deleted) return false;
      }
    }
  }
  return true;
}
