/**
 * Which root types of the report's Y.Doc a transaction changed, from what Yjs records for its
 * observers (`transaction.changed`): no update is decoded. Stores that recompute something per
 * root (threads, sign-off states) skip the transactions that cannot concern them.
 */
import * as Y from 'yjs';

/** The names of the root types `transaction` changed something in. */
export function changedRootNames(doc: Y.Doc, transaction: Y.Transaction): Set<string> {
  const names = new Set<string>();
  if (transaction.changed.size === 0) return names;
  const byType = rootsByType(doc);
  for (const changed of transaction.changed.keys()) {
    let type: Y.AbstractType<any> = changed;
    while (type._item !== null) type = type._item.parent as Y.AbstractType<any>;
    const name = byType.get(type);
    if (name !== undefined) names.add(name);
  }
  return names;
}

const rootNamesOf = new WeakMap<Y.Doc, Map<Y.AbstractType<any>, string>>();

/** The names of `doc`'s root types by type; `doc.share` only grows, so a cache of its size is current. */
function rootsByType(doc: Y.Doc): Map<Y.AbstractType<any>, string> {
  let byType = rootNamesOf.get(doc);
  if (byType === undefined || byType.size !== doc.share.size) {
    byType = new Map();
    for (const [name, type] of doc.share) byType.set(type, name);
    rootNamesOf.set(doc, byType);
  }
  return byType;
}
