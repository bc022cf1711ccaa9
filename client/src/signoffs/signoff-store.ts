/**
 * The sign-off state of every part on an open report page (schema/signoffs/state.ts), and the
 * report's status. A part's state needs the digest of its content, so it is not read per
 * keystroke: a transaction marks the parts whose content or records it changed, and those are
 * read again once, `stateDelayMs` after the first such change (a part typed in without pause is
 * read every `stateDelayMs`). A sign-off made on this page is read at once (`refreshNow`).
 */
import type * as Y from 'yjs';
import { type PartKey, partKeys } from '../../../schema/format.ts';
import { parseSignoffKey, signoffsMap } from '../../../schema/signoffs/records.ts';
import { type PartSignoff, partSignoff, statusOf } from '../../../schema/signoffs/state.ts';
import type { ReportStatus } from '../../../schema/signoffs/steps.ts';
import { partOfRoot, rootNames } from '../../../schema/ydoc.ts';
import { changedRootNames } from '../collab/changed-roots.ts';
import { KeyedStore } from '../collab/keyed-store.ts';

/** How long after a change the changed parts' states are read. */
export const stateDelayMs = 400;

export class SignoffStore {
  /** Each part's sign-off, by part key. */
  readonly byPart = new KeyedStore<PartSignoff>(sameSignoff);
  private statusNow: ReportStatus = 'draft';
  private readonly dirty = new Set<PartKey>(partKeys);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly doc: Y.Doc) {
    doc.on('afterTransaction', this.onTransaction);
    this.refreshNow();
  }

  get status(): ReportStatus {
    return this.statusNow;
  }

  /** For the report's status. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Reads the changed parts now. */
  refreshNow(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const part of this.dirty) this.byPart.set(part, partSignoff(this.doc, part));
    this.dirty.clear();
    const status = statusOf(partKeys.map((part) => this.byPart.get(part)!));
    if (status !== this.statusNow) {
      this.statusNow = status;
      this.listeners.forEach((l) => l());
    }
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
    if (this.timer !== null) clearTimeout(this.timer);
    this.listeners.clear();
  }

  private onTransaction = (transaction: Y.Transaction): void => {
    const before = this.dirty.size;
    for (const name of changedRootNames(this.doc, transaction)) {
      if (name === rootNames.signoffs) {
        for (const key of transaction.changed.get(signoffsMap(this.doc) as unknown as Y.AbstractType<Y.YEvent<any>>) ?? []) {
          const parsed = key === null ? undefined : parseSignoffKey(key);
          if (parsed) this.dirty.add(parsed.part);
        }
        continue;
      }
      const part = partOfRoot(name);
      if (part !== undefined && (partKeys as readonly string[]).includes(part)) this.dirty.add(part as PartKey);
    }
    if (this.dirty.size > before && this.timer === null) this.timer = setTimeout(() => this.refreshNow(), stateDelayMs);
  };
}

/** Equal for the page: the same state, next step and records (the digest itself is not shown). */
function sameSignoff(a: PartSignoff, b: PartSignoff): boolean {
  return (
    a.state === b.state &&
    a.next === b.next &&
    a.steps.every((s, i) => {
      const t = b.steps[i];
      return s.counts === t.counts && s.lapsed === t.lapsed && s.record?.by === t.record?.by && s.record?.at === t.record?.at;
    })
  );
}
