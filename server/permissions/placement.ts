/**
 * Where an item sits in the report: the root type it is under, the key of its ancestor-or-self
 * directly under that root (a cell key, in a `cells.*` map), and what the content check needs —
 * the type the item is directly in, its own key there, and the type holding that one.
 * Shared by the general inspection (inspect.ts) and its keystroke fast path.
 */
import * as Y from 'yjs';

/** A type an item is in; null stands for the root type itself. */
export type ParentType = Y.AbstractType<unknown> | null;

export interface Placement {
  readonly root: string;
  /** The key of the item's ancestor-or-self directly under the root. */
  readonly key: string | null;
  /** The type the item is directly in (for a new item of an update: possibly one the update creates). */
  readonly parent: ParentType;
  /** The item's own key in `parent`: an attribute name, a map key; null in a list. */
  readonly sub: string | null;
  /** The type holding `parent` (null when `parent` is the root or directly under it). */
  readonly outer: ParentType;
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
  const parent = item.parent;
  if (!(parent instanceof Y.AbstractType)) return unknown;
  if (parent._item === null) {
    const root = rootKeyOf(parent);
    return root === undefined ? unknown : { root, key: item.parentSub, parent: null, sub: item.parentSub, outer: null };
  }
  const holder = parent._item.parent;
  const outer = holder instanceof Y.AbstractType && holder._item !== null ? holder : null;
  let top = parent._item;
  for (;;) {
    const above = top.parent;
    if (!(above instanceof Y.AbstractType)) return unknown;
    if (above._item === null) {
      const root = rootKeyOf(above);
      return root === undefined ? unknown : { root, key: top.parentSub, parent, sub: item.parentSub, outer };
    }
    top = above._item;
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
