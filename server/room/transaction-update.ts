/**
 * A transaction on a server document as the update a client would have sent: what a room stores
 * and relays for changes made on the server itself.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Whether a transaction added structs or deleted anything (when Yjs would emit `update`). */
export function changesDocument(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true;
  return false;
}

/**
 * What a transaction added, as an update: the structs after its `beforeState` and the
 * document's delete set (a superset of the transaction's own deletions; applying the rest again
 * changes nothing).
 */
export function encodeTransactionUpdate(transaction: Y.Transaction): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, transaction.beforeState.size);
  for (const [client, clock] of transaction.beforeState) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return Y.encodeStateAsUpdate(transaction.doc, encoding.toUint8Array(encoder));
}
