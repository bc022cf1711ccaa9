/**
 * The fast path of the update inspection, for the shape nearly every keystroke and cell edit
 * has: one new item, right after an item the document holds, no deletions. Such an item goes
 * where its left neighbour is (the encoding omits its parent), so one walk up from that
 * neighbour is its whole footprint, and its content is checked against that place as the
 * general path checks it (an `img` element right after a stored paragraph has this shape too).
 * The general inspection (inspect.ts) builds per-update maps and a resolution stack for what
 * this skips; ~25 µs of a keystroke's cold path.
 *
 * Anything else — a GC neighbour, a reference the document lacks, an item that is not next in
 * its client's clock, a delete set — returns undefined and takes the general path, which gives
 * the same answer for this shape (the property test in authorize.property.test.ts checks both
 * against what Yjs does when it applies the update).
 */
import * as Y from 'yjs';
import { type RootRole, rootRole } from '../../schema/ydoc.ts';
import { noViolations, placedContentViolation } from './content-check.ts';
import type { DecodedUpdate, UpdateFootprint } from './inspect.ts';
import { type Placement, placeStored } from './placement.ts';

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
  return keystrokeFootprint(left, item);
}

/**
 * The footprint of `keystroke`, one new item that goes where `left`, an item the document
 * holds, is (its parent, hence its root and cell key), with its content checked there;
 * undefined if `left`'s place is unknown.
 */
export function keystrokeFootprint(left: Y.Item, keystroke: Y.Item): UpdateFootprint | undefined {
  const place = placeBeside(left, keystroke.id.client);
  // Comments and sign-offs are judged as structures, by the general inspection.
  if (place === undefined || place.structured) return undefined;
  const violation = placedContentViolation(keystroke.content, place.placement, place.role);
  return {
    roots: place.roots,
    cellKeys: place.cellKeys,
    clients: place.clients,
    unresolved: false,
    malformed: false,
    violations: violation === undefined ? noViolations : [violation],
  };
}

/** Where items beside `left` land, and the footprint parts all of one client's share. */
interface PlaceBeside {
  readonly placement: Placement;
  readonly role: RootRole | undefined;
  /** In `comments` or `signoffs`. */
  readonly structured: boolean;
  readonly client: number;
  readonly roots: ReadonlySet<string>;
  readonly cellKeys: ReadonlyMap<string, ReadonlySet<string | null>>;
  readonly clients: ReadonlySet<number>;
}

/**
 * Per stored item, the place of the last keystroke typed beside it. Items never change parent,
 * so the place holds for the item's life; a typing run's keystrokes all go beside its anchor
 * (room/typing-runs.ts), so one walk and one set of footprint parts serve the whole run.
 */
const placesBeside = new WeakMap<Y.Item, PlaceBeside>();

function placeBeside(left: Y.Item, client: number): PlaceBeside | undefined {
  const cached = placesBeside.get(left);
  if (cached !== undefined && cached.client === client) return cached;
  const placement = placeStored(left);
  if (typeof placement === 'string') return undefined;
  const role = rootRole(placement.root);
  const structured = role?.kind === 'comments' || role?.kind === 'signoffs';
  const place = { placement, role, structured, client, roots: new Set([placement.root]), cellKeys: cellKeysOf(placement, role), clients: new Set([client]) };
  placesBeside.set(left, place);
  return place;
}

/**
 * Where one new item by `client` beside `left` lands, as roots, cell keys and client: the
 * placement part of `keystrokeFootprint`, which the typing-runs property test compares with
 * what Yjs does (server/room/typing-runs.test.ts).
 */
export function footprintBeside(left: Y.Item, client: number): Pick<UpdateFootprint, 'roots' | 'cellKeys' | 'clients'> | undefined {
  const placement = placeStored(left);
  if (typeof placement === 'string') return undefined;
  return { roots: new Set([placement.root]), cellKeys: cellKeysOf(placement, rootRole(placement.root)), clients: new Set([client]) };
}

function cellKeysOf(placement: Placement, role: RootRole | undefined): Map<string, Set<string | null>> {
  const cellKeys = new Map<string, Set<string | null>>();
  if (role?.kind === 'cells') cellKeys.set(placement.root, new Set([placement.key]));
  return cellKeys;
}

/** The stored Item `id` names, if the store holds one there and `item` may refer to it. */
function storedItem(store: Y.Doc['store'], item: Y.Item, id: Y.ID): Y.Item | undefined {
  if (id.client === item.id.client && id.clock >= item.id.clock) return undefined;
  if (id.clock >= Y.getState(store, id.client)) return undefined;
  const found = Y.getItem(store, id);
  return found instanceof Y.Item ? found : undefined;
}
