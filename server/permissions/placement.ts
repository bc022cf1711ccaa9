/**
 * Where an item the server's document holds sits in the report: the root type it is under, and
 * the key of its ancestor-or-self directly under that root (a cell key, in a `cells.*` map).
 * Shared by the general inspection (inspect.ts) and its keystroke fast path.
 */
import * as Y from 'yjs';

export interface Placement {
  readonly root: string;
  readonly key: string | null;
}
/** The item will be integrated as a GC struct (its neighbour or parent is gone): no change. */
export const collected = 'collected';
/** Nothing to say where the item goes (its references are missing or malformed). */
export const unknown = 'unknown';
export type Resolution = Placement | typeof collected | typeof unknown;

/**
 * Root types' names, kept across updates: a root type keeps its name for its document's life
 * (`Y.findRootTypeKey` searches the document's roots each time), and goes with it.
 */
const rootKeys = new WeakMap<Y.AbstractType<unknown>, string>();

/** Placement of an item the store holds: walk up the parent types to the root. */
export function placeStored(item: Y.Item): Resolution {
  let top = item;
  for (;;) {
    const parent = top.parent;
    if (!(parent instanceof Y.AbstractType)) return unknown;
    if (parent._item === null) {
      const root = rootKeyOf(parent);
      return root === undefined ? unknown : { root, key: top.parentSub };
    }
    top = parent._item;
  }
}

function rootKeyOf(type: Y.AbstractType<unknown>): string | undefined {
  let key = rootKeys.get(type);
  if (key === undefined) {
    try {
      key = Y.findRootTypeKey(type);
    } catch {
      return undefined;
    }
    rootKeys.set(type, key);
  }
  return key;
}
