/**
 * The table cells of a report's Y.Doc, by cell id (`requests.received.natural`), with per-cell
 * subscriptions. Values are the strings people typed; a blank cell is an absent key.
 */
import * as Y from 'yjs';
import { type CellId, type TableKey, cellDef, tablePartKeys } from '../../../schema/format.ts';
import { cellsMap } from '../../../schema/ydoc.ts';
import { KeyedStore } from './keyed-store.ts';

/** Origin of this user's cell writes, so that the undo of narrative editors never touches them. */
export const cellWriteOrigin = Symbol('nianbao:cell-write');

export class CellValues {
  readonly store = new KeyedStore<string>();
  private readonly maps: Record<TableKey, Y.Map<unknown>>;
  private readonly observers: Array<() => void> = [];
  /** Bumped whenever any cell changes; the derived totals read it. */
  private version = 0;
  private readonly versionListeners = new Set<() => void>();

  constructor(private readonly doc: Y.Doc) {
    this.maps = {} as Record<TableKey, Y.Map<unknown>>;
    for (const table of tablePartKeys) {
      const map = cellsMap(doc, table);
      this.maps[table] = map;
      map.forEach((value, key) => this.store.set(`${table}.${key}`, asCellText(value)));
      const observer = (event: Y.YMapEvent<unknown>) => {
        event.keysChanged.forEach((key) => this.store.set(`${table}.${key}`, asCellText(map.get(key))));
        this.version++;
        this.versionListeners.forEach((l) => l());
      };
      map.observe(observer);
      this.observers.push(() => map.unobserve(observer));
    }
  }

  get(id: CellId): string {
    return this.store.get(id) ?? '';
  }

  /** Writes what the user typed; an empty string blanks the cell (removes the key). */
  set(id: CellId, value: string): void {
    const def = cellDef(id);
    if (!def) throw new Error(`CellValues.set: unknown cell ${id}`);
    const map = this.maps[def.table];
    const current = map.get(def.key);
    if (value === '' ? current === undefined : current === value) return;
    this.doc.transact(() => {
      if (value === '') map.delete(def.key);
      else map.set(def.key, value);
    }, cellWriteOrigin);
  }

  get changeVersion(): number {
    return this.version;
  }

  subscribeAny = (listener: () => void): (() => void) => {
    this.versionListeners.add(listener);
    return () => this.versionListeners.delete(listener);
  };

  destroy(): void {
    this.observers.forEach((off) => off());
    this.versionListeners.clear();
  }
}

/** Our clients write strings; anything else (a crafted or imported update) is shown as text. */
function asCellText(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
