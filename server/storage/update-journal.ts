/**
 * The update journal: a file beside the database that makes an append durable against a process
 * crash as soon as its record is in the page cache, as in Redis's append-only file, where a
 * SQLite commit costs a dozen system calls and ~130 µs on the path every keystroke waits for.
 * The journaled updates reach the database shortly after, in one transaction for many
 * (`sqlite-write-behind.ts`); the journal is then emptied.
 *
 * The file is mapped into memory (shared, as Aeron and Chronicle Queue keep their logs): a
 * record is copied into the page cache with no system call. A write(2) cost ~45 µs after an idle
 * moment, the copy ~4. A `kill -9` cannot undo it — the pages belong to the file, not to the
 * process — and, like a write(2) without fsync, a power loss can.
 *
 * A record is `[u32 body length][u32 CRC-32 of body][body]` (little-endian), the body being
 * (lib0 encoding) its sequence number, the report id and the updates. The file is longer than its
 * records, zeros after them; reading stops at a zero length, at a record that is incomplete or
 * fails its CRC (a power loss), and at a seq out of order. Emptying zeroes the records from the
 * start, so a crash while emptying leaves nothing older to read.
 */
import fs from 'node:fs';
import { crc32 } from 'node:zlib';
import mmap from '@riaskov/mmap-io';
import * as decoding from 'lib0/decoding';
import { varUintLength, writeVarUint } from '../varuint.ts';

export const journalFileName = 'nianbao.journal';

const headerBytes = 8;

/** The mapped file's least length; it doubles when a record would not fit (the database lagging). */
export const initialJournalBytes = 1 << 20;

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
    // A body is never empty (it holds at least a seq): a zero length is the unwritten rest.
    if (length === 0) break;
    const end = offset + headerBytes + length;
    if (end > bytes.length) break;
    const body = bytes.subarray(offset + headerBytes, end);
    if (crc32(body) !== bytes.readUInt32LE(offset + 4)) break;
    const record = decodeRecord(body);
    if (!record || (records.length > 0 && record.seq !== records.at(-1)!.seq + 1)) break;
    records.push(record);
    offset = end;
  }
  return { records, tornBytes: countNonZero(bytes, offset) };
}

/** Bytes from `offset` on up to the last non-zero one: what a torn record left. */
function countNonZero(bytes: Buffer, offset: number): number {
  for (let i = bytes.length - 1; i >= offset; i--) if (bytes[i] !== 0) return i + 1 - offset;
  return 0;
}

export class UpdateJournal {
  private readonly fd: number;
  /** The file, mapped: records are copied in here. Replaced (never unmapped by hand) to grow. */
  private mapped: Buffer;
  /** Bytes of records from the start of the file. */
  private used = 0;
  private closed = false;
  private readonly ids = new Map<string, Uint8Array>();

  /**
   * Starts an empty journal at `file`, creating it: whatever it held must have been replayed.
   * `lastSeq` is the highest seq used so far.
   */
  constructor(
    readonly file: string,
    private lastSeq: number,
    capacity = initialJournalBytes,
  ) {
    this.fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT);
    try {
      fs.ftruncateSync(this.fd, 0);
      this.mapped = this.mapFile(capacity);
    } catch (error) {
      fs.closeSync(this.fd);
      throw error;
    }
  }

  /**
   * Appends one record; durable against a process crash when this returns. The record's updates
   * are views of the journal file, valid until `clear` or `close` (the write-behind calls them
   * only once they are in the database): compact copies, not views of a socket's read buffer.
   */
  append(reportId: string, updates: readonly Uint8Array[]): JournalRecord {
    if (this.closed) throw new Error('the update journal is closed');
    const seq = this.lastSeq + 1;
    const id = this.encodedId(reportId);
    let bodyLength = varUintLength(seq) + varUintLength(id.length) + id.length + varUintLength(updates.length);
    for (const update of updates) bodyLength += varUintLength(update.length) + update.length;
    const start = this.used;
    const end = start + headerBytes + bodyLength;
    // The zero length after the last record ends a read: keep one header's worth of zeros.
    if (end + headerBytes > this.mapped.length) this.grow(end + headerBytes);
    // Written straight into the mapping (lib0's encoder, a copy and a Buffer cost ~40 µs cold
    // on the path every keystroke waits on); the bytes are lib0's encoding all the same.
    const file = this.mapped;
    let at = writeVarUint(file, start + headerBytes, seq);
    at = writeVarUint(file, at, id.length);
    file.set(id, at);
    at = writeVarUint(file, at + id.length, updates.length);
    const views: Uint8Array[] = [];
    for (const update of updates) {
      at = writeVarUint(file, at, update.length);
      file.set(update, at);
      views.push(new Uint8Array(file.buffer, file.byteOffset + at, update.length));
      at += update.length;
    }
    file.writeUInt32LE(checksum(file, start + headerBytes, end), start + 4);
    // The length last: a record a crash interrupts reads as the end of the journal.
    file.writeUInt32LE(bodyLength, start);
    this.lastSeq = seq;
    this.used = end;
    return { seq, reportId, updates: views };
  }

  /** The report id's UTF-8 bytes, kept for the next record (a server writes for few reports). */
  private encodedId(reportId: string): Uint8Array {
    let id = this.ids.get(reportId);
    if (!id) {
      if (this.ids.size >= 1_000) this.ids.clear();
      this.ids.set(reportId, (id = Buffer.from(reportId, 'utf8')));
    }
    return id;
  }

  /** Bytes of records held: what emptying the journal would free. */
  get size(): number {
    return this.used;
  }

  /** Empties the journal: every record in it is in the database. */
  clear(): void {
    if (this.closed) throw new Error('the update journal is closed');
    // From the start: a crash half-way leaves a zero length first, an empty journal.
    this.mapped.fill(0, 0, this.used);
    this.used = 0;
  }

  /** Closes the file; an empty journal leaves an empty file, one with records keeps them. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    // The mapping is not touched again, so shortening the file under it is safe; the
    // collector unmaps it.
    if (this.used === 0) fs.ftruncateSync(this.fd, 0);
    fs.closeSync(this.fd);
  }

  /**
   * Extends the file with zeros written (not a sparse hole: the first copy into each page would
   * allocate its disk block on the path an update waits on) and maps it from the start.
   */
  private mapFile(capacity: number): Buffer {
    const from = fs.fstatSync(this.fd).size;
    const zeros = Buffer.alloc(Math.min(capacity - from, 1 << 20));
    for (let at = from; at < capacity; at += zeros.length) fs.writeSync(this.fd, zeros, 0, Math.min(zeros.length, capacity - at), at);
    return mmap.map(capacity, (mmap.PROT_READ | mmap.PROT_WRITE) as 3, mmap.MAP_SHARED, this.fd, 0);
  }

  /** Maps a longer file (twice as long, or enough for `needed`); the records stay where they are. */
  private grow(needed: number): void {
    let capacity = this.mapped.length * 2;
    while (capacity < needed) capacity *= 2;
    this.mapped = this.mapFile(capacity);
  }
}

/**
 * CRC-32 (IEEE, zlib's) of `bytes[from, to)`. A keystroke's record by table in JS: zlib's
 * binding cost ~19 µs cold per record, the table ~9; past a few KiB (a sync step 2 after offline
 * work) zlib's is many times faster.
 */
function checksum(bytes: Uint8Array, from: number, to: number): number {
  return to - from > 4096 ? crc32(bytes.subarray(from, to)) : crc32Of(bytes, from, to);
}

/** CRC-32 by a 256-entry table. */
const crcTable = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32Of(bytes: Uint8Array, from: number, to: number): number {
  let crc = -1;
  for (let i = from; i < to; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
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
