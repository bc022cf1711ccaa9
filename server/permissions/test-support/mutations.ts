/**
 * Mutated Yjs updates for fuzzing the update checks: real updates (a member's edits of every
 * part of the seed report, as a browser makes them) changed the ways an attacker would change
 * them. Byte-level mutations (flips, cuts, splices) exercise the decoder; struct-level ones
 * re-encode real structs with their references, parents, keys, clocks or delete sets pointed
 * elsewhere: at items of other parts, at clocks nobody has written, at the sender's own future.
 */
import fc from 'fast-check';
import * as Y from 'yjs';
import { partKeys } from '../../../schema/format.ts';
import { cellsMap, metaMap, narrativeFragment, rootNames } from '../../../schema/ydoc.ts';
import { captureUpdate, craftUpdate, paragraph } from './report-peers.ts';

/** Real edits a member's browser makes, one per kind, on every part. */
const realEdits: readonly ((doc: Y.Doc) => void)[] = [
  ...(['overview', 'problems', 'other'] as const).flatMap((part) => [
    (doc: Y.Doc) => firstText(doc, part)?.insert(1, '改动'),
    (doc: Y.Doc) => firstText(doc, part)?.format(0, 4, { bold: {} }),
    (doc: Y.Doc) => firstText(doc, part)?.delete(0, 3),
    (doc: Y.Doc) => narrativeFragment(doc, part).insert(0, [paragraph('新段落')]),
  ]),
  (doc) => cellsMap(doc, 'requests').set('received.natural', '12'),
  (doc) => cellsMap(doc, 'requests').delete('received.legal'),
  (doc) => cellsMap(doc, 'proactive').set('fees.amount', '0'),
  (doc) => cellsMap(doc, 'appeals').set('review.upheld', '2'),
  (doc) => metaMap(doc).set('agency', '某机关'),
];

function firstText(doc: Y.Doc, part: 'overview' | 'problems' | 'other'): Y.XmlText | undefined {
  const block = narrativeFragment(doc, part).get(0);
  const text = block instanceof Y.XmlElement ? block.get(0) : undefined;
  return text instanceof Y.XmlText ? text : undefined;
}

/** The updates of `realEdits` made by `clientID` on a copy of `doc`, each against `doc` as it is. */
export function realUpdates(doc: Y.Doc, clientID: number): Uint8Array[] {
  const state = Y.encodeStateAsUpdate(doc);
  const updates: Uint8Array[] = [];
  for (const edit of realEdits) {
    const copy = new Y.Doc();
    copy.clientID = clientID;
    Y.applyUpdate(copy, state);
    const update = captureUpdate(copy, () => edit(copy));
    if (update) updates.push(update);
  }
  return updates;
}

/** IDs of items in `doc`, from every root: what a reference can be pointed at. */
export function knownIds(doc: Y.Doc): Y.ID[] {
  const ids: Y.ID[] = [];
  for (const structs of doc.store.clients.values()) {
    for (const struct of structs) {
      ids.push(Y.createID(struct.id.client, struct.id.clock + Math.floor(struct.length / 2)));
      // The last clock too: 'rewind' finds each client's end among these.
      if (struct.length > 1) ids.push(Y.createID(struct.id.client, struct.id.clock + struct.length - 1));
    }
  }
  return ids;
}

export type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly value: number }
  | { readonly kind: 'cut'; readonly at: number }
  | { readonly kind: 'splice'; readonly other: number; readonly at: number }
  | { readonly kind: 'origin' | 'rightOrigin' | 'parentId'; readonly struct: number; readonly target: number }
  | { readonly kind: 'ownClock'; readonly struct: number; readonly ahead: number }
  | { readonly kind: 'parentRoot'; readonly struct: number; readonly root: string }
  | { readonly kind: 'parentSub'; readonly struct: number; readonly key: string }
  | { readonly kind: 'clock'; readonly delta: number }
  | { readonly kind: 'rewind'; readonly target: number; readonly back: number }
  | { readonly kind: 'client'; readonly client: number }
  | { readonly kind: 'delete'; readonly target: number; readonly len: number }
  | { readonly kind: 'gc'; readonly len: number };

const someKeys = ['received.natural', 'agency', 'year', 'fees.amount', 'review.upheld', 'nonsense', 'level', 'bold'];
const someRoots: string[] = [
  rootNames.meta,
  rootNames.comments,
  rootNames.signoffs,
  ...Object.values(rootNames.text),
  ...Object.values(rootNames.cells),
  ...partKeys.map((p) => `text.${p}`),
];

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), other: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constantFrom('origin' as const, 'rightOrigin' as const, 'parentId' as const), struct: fc.nat(), target: fc.nat() }),
  fc.record({ kind: fc.constant('ownClock' as const), struct: fc.nat(), ahead: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('parentRoot' as const), struct: fc.nat(), root: fc.constantFrom(...someRoots) }),
  fc.record({ kind: fc.constant('parentSub' as const), struct: fc.nat(), key: fc.constantFrom(...someKeys) }),
  fc.record({ kind: fc.constant('clock' as const), delta: fc.integer({ min: -2, max: 5 }) }),
  // Under a client the document knows, straddling its last clock: partly known, partly new.
  fc.record({ kind: fc.constant('rewind' as const), target: fc.nat(), back: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('client' as const), client: fc.constantFrom(1, 7007, 123456) }),
  fc.record({ kind: fc.constant('delete' as const), target: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('gc' as const), len: fc.integer({ min: 1, max: 10 }) }),
);

/** `base` changed by `mutations`, in order; `pool` gives other real updates and `ids` reference targets. */
export function mutate(base: Uint8Array, mutations: readonly Mutation[], pool: readonly Uint8Array[], ids: readonly Y.ID[]): Uint8Array {
  let update = base;
  for (const mutation of mutations) update = mutateOnce(update, mutation, pool, ids);
  return update;
}

function mutateOnce(update: Uint8Array, m: Mutation, pool: readonly Uint8Array[], ids: readonly Y.ID[]): Uint8Array {
  switch (m.kind) {
    case 'flip': {
      if (update.length === 0) return update;
      const copy = update.slice();
      copy[m.at % copy.length] = m.value;
      return copy;
    }
    case 'cut':
      return update.slice(0, m.at % (update.length + 1));
    case 'splice': {
      const other = pool[m.other % pool.length]!;
      const at = m.at % (update.length + 1);
      return new Uint8Array([...update.slice(0, at), ...other.slice(at % (other.length + 1))]);
    }
    default:
      return mutateStructs(update, m, ids);
  }
}

/** Struct-level mutations: decode, change, re-encode (an update that does not decode stays as it is). */
function mutateStructs(update: Uint8Array, m: Mutation, ids: readonly Y.ID[]): Uint8Array {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return update;
  }
  const structs = decoded.structs.filter((s): s is Y.Item | Y.GC => !(s instanceof Y.Skip));
  const deletes = [...decoded.ds.clients].flatMap(([client, ranges]) => ranges.map((r) => ({ client, clock: r.clock, len: r.len })));
  const items = structs.filter((s): s is Y.Item => s instanceof Y.Item);
  const item = items.length > 0 && 'struct' in m ? items[m.struct % items.length]! : undefined;
  const target = 'target' in m && ids.length > 0 ? ids[m.target % ids.length]! : undefined;
  const writable = item as unknown as { origin: Y.ID | null; rightOrigin: Y.ID | null; parent: unknown; parentSub: string | null } | undefined;
  switch (m.kind) {
    case 'origin':
      if (writable && target) writable.origin = target;
      break;
    case 'rightOrigin':
      if (writable && target) writable.rightOrigin = target;
      break;
    case 'parentId':
      if (writable && target) {
        writable.origin = null;
        writable.rightOrigin = null;
        writable.parent = target;
      }
      break;
    case 'ownClock':
      if (writable && item) writable.origin = Y.createID(item.id.client, item.id.clock + m.ahead);
      break;
    case 'parentRoot':
      if (writable) {
        writable.origin = null;
        writable.rightOrigin = null;
        writable.parent = m.root;
      }
      break;
    case 'parentSub':
      if (writable && writable.origin === null && writable.rightOrigin === null) writable.parentSub = m.key;
      break;
    case 'clock':
      for (const s of structs) s.id = Y.createID(s.id.client, Math.max(0, s.id.clock + m.delta));
      break;
    case 'client':
      for (const s of structs) s.id = Y.createID(m.client, s.id.clock);
      break;
    case 'rewind': {
      if (!target || structs.length === 0) break;
      const end = Math.max(...ids.filter((id) => id.client === target.client).map((id) => id.clock)) + 1;
      let clock = Math.max(0, end - m.back);
      for (const s of structs) {
        s.id = Y.createID(target.client, clock);
        clock += s.length;
      }
      break;
    }
    case 'delete':
      if (target) deletes.push({ client: target.client, clock: target.clock, len: m.len });
      break;
    case 'gc': {
      const first = structs[0];
      const client = first?.id.client ?? 4242;
      const clock = first ? structs.at(-1)!.id.clock + structs.at(-1)!.length : 0;
      structs.push(new Y.GC(Y.createID(client, clock), m.len));
      break;
    }
  }
  const groups = new Map<number, (Y.Item | Y.GC)[]>();
  for (const s of structs) groups.set(s.id.client, [...(groups.get(s.id.client) ?? []), s]);
  return craftUpdate(
    [...groups].map(([client, list]) => ({ client, clock: list[0]!.id.clock, structs: list })),
    deletes,
  );
}
