/**
 * The update journal: an append-only file beside the database that makes an append durable with
 * one `write(2)` — what a process crash cannot undo, as in Redis's append-only file — where a
 * SQLite commit costs a dozen system calls and ~130 µs on the path every keystroke waits for.
 * The journaled updates reach the database shortly after, in one transaction for many
 * (`sqlite-write-behind.ts`); the journal is then emptied.
 *
 * A record is `[u32 body length][u32 CRC-32 of body][body]` (little-endian), the body being
 * (lib0 encoding) its sequence number, the report id and the updates. Reading stops at the first
 * record that is incomplete or fails its CRC: only a power loss leaves one (a write that
 * returned is whole in the page cache), and nothing after it was ever acknowledged either.
 */
import fs from 'node:fs';
import { crc32 } from 'node:zlib';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const journalFileName = 'nianbao.journal';

const headerBytes = 8;

/** One journaled append: the updates of one `appendUpdates` call. */
export interface JournalRecord {
  /** Increasing over the journal's life (not reset when it is emptied). */
  readonly seq: number;
  readonly reportId: string;
  readonly updates: readonly Uint8Array[];
}

export interface JournalContents {
  readonly records: JournalRecord[];
  /** Bytes after the last whole record (a record torn by a power loss), dropped. */
  readonly tornBytes: number;
}

/** The records in a journal file (none if it does not exist). */
export function readJournal(file: string): JournalContents {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], tornBytes: 0 };
    throw error;
  }
  const records: JournalRecord[] = [];
  let offset = 0;
  while (offset + headerBytes <= bytes.length) {
    const length = bytes.readUInt32LE(offset);
    const end = offset + headerBytes + length;
    if (end > bytes.length) break;
    const body = bytes.subarray(offset + headerBytes, end);
    if (crc32(body) !== bytes.readUInt32LE(offset + 4)) break;
    const record = decodeRecord(body);
    if (!record) break;
    records.push(record);
    offset = end;
  }
  return { records, tornBytes: bytes.length - offset };
}

export class UpdateJournal {
  private readonly fd: number;
  private bytes: number;
  private closed = false;

  /** Opens `file` for appending (creating it); `lastSeq` is the highest seq used so far. */
  constructor(
    readonly file: string,
    private lastSeq: number,
  ) {
    this.fd = fs.openSync(file, 'a');
    this.bytes = fs.fstatSync(this.fd).size;
  }

  /**
   * Appends one record; durable against a process crash when this returns. The record's updates
   * are views of the bytes written, which the journal does not touch again: the caller may keep
   * them instead of copying its own (which it may then reuse).
   */
  append(reportId: string, updates: readonly Uint8Array[]): JournalRecord {
    if (this.closed) throw new Error('the update journal is closed');
    const seq = this.lastSeq + 1;
    const encoder = encoding.createEncoder();
    // Room for the header, filled in once the body's length is known.
    encoding.writeUint32(encoder, 0);
    encoding.writeUint32(encoder, 0);
    encoding.writeVarUint(encoder, seq);
    encoding.writeVarString(encoder, reportId);
    encoding.writeVarUint(encoder, updates.length);
    const ends: number[] = [];
    for (const update of updates) {
      encoding.writeVarUint8Array(encoder, update);
      ends.push(encoding.length(encoder));
    }
    const bytes = encoding.toUint8Array(encoder);
    const record = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const body = record.subarray(headerBytes);
    record.writeUInt32LE(body.length, 0);
    record.writeUInt32LE(crc32(body), 4);
    let written = 0;
    // A regular file takes the whole buffer in one write; the loop only guards the contract.
    while (written < record.length) written += fs.writeSync(this.fd, record, written);
    this.lastSeq = seq;
    this.bytes += record.length;
    const views = updates.map((update, i) => bytes.subarray(ends[i]! - update.length, ends[i]));
    return { seq, reportId, updates: views };
  }

  /** The file's size: what emptying it would free. */
  get size(): number {
    return this.bytes;
  }

  /** Empties the file: every record in it is in the database. */
  clear(): void {
    fs.ftruncateSync(this.fd, 0);
    this.bytes = 0;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

/** The record, or undefined if the body does not decode to exactly one (a damaged file). */
function decodeRecord(body: Uint8Array): JournalRecord | undefined {
  try {
    const decoder = decoding.createDecoder(body);
    const seq = decoding.readVarUint(decoder);
    const reportId = decoding.readVarString(decoder);
    const count = decoding.readVarUint(decoder);
    const updates: Uint8Array[] = [];
    // Copies: the caller keeps them past the file buffer's life.
    for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder).slice());
    return decoding.hasContent(decoder) ? undefined : { seq, reportId, updates };
  } catch {
    return undefined;
  }
}
