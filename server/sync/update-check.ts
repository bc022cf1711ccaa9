/**
 * A Yjs update is checked before it touches a room's document, because `Y.applyUpdate` is not
 * atomic: it reads all structs, integrates them, and only then reads and applies the delete
 * set, so a truncated delete set throws half-way with the structs already in the document.
 *
 * `Y.decodeUpdate` reads the same encoding through to its end with the same content readers
 * (string, JSON, any, type refs, formats) and no document: whatever would make the real apply
 * fail while reading fails here first, for a few microseconds per keystroke update. Copying the
 * document and applying there would cost a full encode per message.
 *
 * Beyond reading, the update must have the shape every Yjs encoder writes, because Yjs trusts
 * that shape when it integrates and the permission inspection reads the structs as listed:
 * - one block per client, its structs at consecutive clocks, none of them empty, nor any deleted
 *   range (Yjs integrates an empty item; an empty range makes its encoder throw). Yjs keeps only the LAST block of a
 *   client listed twice (`readClientsStructRefs` overwrites it), so an inspection of every
 *   listed struct would judge structs Yjs never integrates, and miss that the kept block waits
 *   for a gap (pending);
 * - no item referring to its own client's present or future (origin, right origin, parent):
 *   Yjs throws half-way through integrating one, after the structs before it went in;
 * - bounded: at most `maxClientsPerUpdate` clients (each new one is bound to its writer and
 *   lives in the state vector forever: a frame of 200 000 GC-only clients cost every later
 *   joiner megabytes), clocks below 2^31 (2 billion operations per browser session), GC and
 *   Skip ranges of bounded total length.
 * An update may not create a root the report layout does not know, nor embed a sub-document:
 * neither is ever written by a nianbao client, and both would persist.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { rootRole } from '../../schema/ydoc.ts';

export class UpdateRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateRejected';
  }
}

/** What a well-formed update holds; the structs are kept for checks that need them (issue 5). */
export interface DecodedUpdate {
  readonly structs: ReturnType<typeof Y.decodeUpdate>['structs'];
  readonly ds: ReturnType<typeof Y.decodeUpdate>['ds'];
}

/**
 * Distinct Yjs clients one update may carry structs of. A browser writes under one id per page
 * load; an offline week of reloads sent in one sync step 2 carries a few dozen.
 */
export const maxClientsPerUpdate = 64;
/** Clocks (and clock + length) stay below this: lib0 reads them as safe integers, Yjs adds to them. */
export const maxClock = 2 ** 31;
/**
 * Total length of the GC and of the Skip structs in one update. A GC is content typed and deleted
 * before it was sent (an offline session's), a Skip a gap in a merged update: 16 million
 * characters of either is far past any report.
 */
export const maxCollectedLength = 2 ** 24;

/** Throws `UpdateRejected` if `update` is not a complete, well-formed Yjs V1 update for a report. */
export function checkUpdateWellFormed(update: Uint8Array): DecodedUpdate {
  // A V1 update starts with its number of client blocks: too many is refused before decoding
  // (a 10 MiB frame of GC-only clients takes a second to decode).
  const blocks = readBlockCount(update);
  if (blocks > maxClientsPerUpdate) throw new UpdateRejected(`update carries structs of more than ${maxClientsPerUpdate} clients`);
  let decoded: DecodedUpdate;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (err) {
    throw new UpdateRejected(`malformed Yjs update: ${err instanceof Error ? err.message : String(err)}`);
  }
  checkStructs(decoded.structs);
  checkDeleteSet(decoded.ds);
  return decoded;
}

/** The leading varuint of a V1 update (0 if it does not read: decoding then says why). */
function readBlockCount(update: Uint8Array): number {
  try {
    return decoding.readVarUint(decoding.createDecoder(update));
  } catch {
    return 0;
  }
}

function checkStructs(structs: DecodedUpdate['structs']): void {
  // A keystroke has one struct: no set of clients to build.
  let clients: Set<number> | undefined;
  let client = -1;
  let next = 0;
  let collectedLength = 0;
  let skippedLength = 0;
  for (const struct of structs) {
    const { id, length } = struct;
    // No encoder writes an empty struct; Yjs integrates one where the inspection sees nothing new.
    if (length === 0) throw new UpdateRejected(`empty struct at ${id.client}:${id.clock}`);
    if (id.client !== client) {
      if (client !== -1) {
        clients ??= new Set([client]);
        if (clients.has(id.client)) throw new UpdateRejected(`client ${id.client} is listed twice in one update`);
        clients.add(id.client);
        if (clients.size > maxClientsPerUpdate) throw new UpdateRejected(`update carries structs of more than ${maxClientsPerUpdate} clients`);
      }
      client = id.client;
    } else if (id.clock !== next) {
      throw new UpdateRejected(`structs of client ${client} are not at consecutive clocks`);
    }
    next = id.clock + length;
    if (next > maxClock) throw new UpdateRejected(`clock ${next} of client ${client} is past ${maxClock}`);
    if (struct instanceof Y.Item) checkItem(struct);
    else if (struct instanceof Y.GC) collectedLength += length;
    else skippedLength += length;
  }
  if (collectedLength > maxCollectedLength) throw new UpdateRejected(`update collects ${collectedLength} clocks (at most ${maxCollectedLength})`);
  if (skippedLength > maxCollectedLength) throw new UpdateRejected(`update skips ${skippedLength} clocks (at most ${maxCollectedLength})`);
}

function checkItem(item: Y.Item): void {
  // Decoded (not integrated) items hold their root's name as a string in `parent`, or the ID of
  // the item holding their parent type.
  const parent: unknown = item.parent;
  if (typeof parent === 'string' && rootRole(parent) === undefined) {
    throw new UpdateRejected(`update creates unknown root type "${parent.slice(0, 40)}"`);
  }
  if (item.content instanceof Y.ContentDoc) throw new UpdateRejected('update embeds a sub-document');
  for (const ref of [item.origin, item.rightOrigin, parent]) {
    if (ref instanceof Y.ID && ref.client === item.id.client && ref.clock >= item.id.clock) {
      throw new UpdateRejected(`item ${item.id.client}:${item.id.clock} refers to its own client's clock ${ref.clock}`);
    }
  }
}

function checkDeleteSet(ds: DecodedUpdate['ds']): void {
  for (const [client, ranges] of ds.clients) {
    for (const { clock, len } of ranges) {
      if (len === 0) throw new UpdateRejected(`empty deletion range of client ${client}`);
      if (clock + len > maxClock) throw new UpdateRejected(`deletion of client ${client} reaches clock ${clock + len}, past ${maxClock}`);
    }
  }
}
