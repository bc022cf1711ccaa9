/**
 * Who is in the report and where: the awareness state each client publishes.
 *
 * Fields: `user` ({name, color}, also read by CollaborationCaret), `place` (the part, or the
 * preamble, the person is working in) and `cell` (the table cell they are editing, or null).
 * TipTap's caret plugin publishes `cursor` alongside; each editor only draws the carets whose
 * position lies in its own fragment.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { CellId } from '../../../schema/format.ts';
import type { FragmentKey } from '../../../schema/ydoc.ts';
import type { Person } from '../identity.ts';
import { KeyedStore } from './keyed-store.ts';

/** A place in the report someone can be: a part (its notes or its table) or the preamble. */
export type PlaceKey = FragmentKey;

export interface Peer extends Person {
  readonly clientId: number;
  readonly place: PlaceKey | null;
  readonly cell: CellId | null;
  readonly isSelf: boolean;
}

interface AwarenessFields {
  user?: Partial<Person>;
  place?: PlaceKey | null;
  cell?: CellId | null;
}

export class PresenceStore {
  private peers: readonly Peer[] = [];
  private readonly listeners = new Set<() => void>();
  /** The person (other than us) editing each cell. */
  readonly cellEditors = new KeyedStore<Peer>((a, b) => a.clientId === b.clientId && a.color === b.color && a.name === b.name);

  constructor(
    private readonly awareness: Awareness,
    self: Person,
  ) {
    awareness.setLocalState({ user: { name: self.name, color: self.color }, place: null, cell: null });
    awareness.on('change', this.onChange);
    this.onChange();
  }

  get all(): readonly Peer[] {
    return this.peers;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Publishes where this user is; `cell` implies its table as place. */
  setPlace(place: PlaceKey | null, cell: CellId | null = null): void {
    const local = this.awareness.getLocalState() as AwarenessFields | null;
    if (local?.place === place && local?.cell === cell) return;
    this.awareness.setLocalStateField('place', place);
    this.awareness.setLocalStateField('cell', cell);
  }

  destroy(): void {
    this.awareness.off('change', this.onChange);
    this.listeners.clear();
  }

  private onChange = (): void => {
    const peers: Peer[] = [];
    const editors = new Map<string, Peer>();
    this.awareness.getStates().forEach((raw, clientId) => {
      const state = raw as AwarenessFields;
      if (!state?.user?.name) return;
      const peer: Peer = {
        clientId,
        name: state.user.name,
        color: typeof state.user.color === 'string' ? state.user.color : '#888888',
        place: state.place ?? null,
        cell: state.cell ?? null,
        isSelf: clientId === this.awareness.clientID,
      };
      peers.push(peer);
      if (peer.cell && !peer.isSelf) editors.set(peer.cell, peer);
    });
    peers.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name, 'zh-CN') || a.clientId - b.clientId);
    if (!samePeers(peers, this.peers)) {
      this.peers = peers;
      this.listeners.forEach((l) => l());
    }
    this.cellEditors.replaceAll(editors);
  };
}

function samePeers(a: readonly Peer[], b: readonly Peer[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.clientId === b[i].clientId && p.name === b[i].name && p.color === b[i].color && p.place === b[i].place && p.cell === b[i].cell)
  );
}
