/**
 * The awareness update of y-protocols on the wire, read and written without y-protocols' Awareness
 * in between: `varUint count`, then per entry `varUint clientId`, `varUint clock` and the state
 * as a `varString` of JSON (`null`: the client left).
 *
 * The reader hands out each entry's JSON as bytes and parses nothing: most entries a server
 * receives change nothing (y-websocket sends every awareness change it applies back to the
 * server, each with the clock it already has), and only the entries that change something need
 * their JSON (room/awareness.ts). A state over `maxAwarenessStateBytes` is refused from its
 * length, before its bytes are read.
 */
import * as encoding from 'lib0/encoding';

/**
 * The largest awareness state (its JSON, UTF-8) the server takes or sends. A browser's state is
 * a name and colour, a place, a table cell and a caret (two relative positions): under 600
 * bytes with a 100-character name. 4 KiB leaves room for that several times over and keeps a
 * full round of 100 renewals under half a megabyte.
 */
export const maxAwarenessStateBytes = 4096;

/** An awareness update that cannot be read: truncated, trailing bytes, or a state over the limit. */
export class MalformedAwarenessUpdate extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedAwarenessUpdate';
  }
}

/** The JSON text `null`, as y-protocols writes a removed state (`JSON.stringify(null)`). */
const nullJson = new Uint8Array([0x6e, 0x75, 0x6c, 0x6c]);

/**
 * Reads entries in order: `next()` moves to the next one and says whether there was one (after
 * the last, it checks that nothing trails). Allocates nothing but `json()`'s view when asked.
 */
export class AwarenessUpdateReader {
  readonly count: number;
  /** The current entry's client id and clock. */
  client = 0;
  clock = 0;
  private pos = 0;
  private read = 0;
  private stateStart = 0;
  private stateEnd = 0;

  constructor(private readonly update: Uint8Array) {
    this.count = this.readUint('entry count');
  }

  next(): boolean {
    if (this.read === this.count) {
      if (this.pos !== this.update.length) throw new MalformedAwarenessUpdate(`trailing bytes after ${this.count} awareness entries`);
      return false;
    }
    this.read++;
    this.client = this.readUint('client id');
    this.clock = this.readUint('clock');
    const length = this.readUint('state length');
    if (length > maxAwarenessStateBytes) throw new MalformedAwarenessUpdate(`an awareness state of ${length} bytes (at most ${maxAwarenessStateBytes})`);
    if (length > this.update.length - this.pos) throw new MalformedAwarenessUpdate('truncated awareness state');
    this.stateStart = this.pos;
    this.stateEnd = this.pos += length;
    return true;
  }

  /** Whether the current entry's state is `null` (written as y-protocols writes it). */
  get removal(): boolean {
    if (this.stateEnd - this.stateStart !== nullJson.length) return false;
    for (let i = 0; i < nullJson.length; i++) if (this.update[this.stateStart + i] !== nullJson[i]) return false;
    return true;
  }

  /** The current entry's state, JSON as UTF-8 bytes (a view into the update). */
  json(): Uint8Array {
    return this.update.subarray(this.stateStart, this.stateEnd);
  }

  private readUint(what: string): number {
    let value = 0;
    let scale = 1;
    while (this.pos < this.update.length) {
      const byte = this.update[this.pos++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
      if (value > Number.MAX_SAFE_INTEGER) break;
    }
    throw new MalformedAwarenessUpdate(`malformed awareness ${what}`);
  }
}

/** One entry to send: `json` is the state's JSON as UTF-8 bytes, or null for a removed state. */
export interface AwarenessEntryOut {
  readonly client: number;
  readonly clock: number;
  readonly json: Uint8Array | null;
}

/** An awareness update, as y-protocols' `applyAwarenessUpdate` reads it. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntryOut[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { client, clock, json } of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarUint8Array(encoder, json ?? nullJson);
  }
  return encoding.toUint8Array(encoder);
}
