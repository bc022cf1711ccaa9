import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WriteBehind } from './sqlite-write-behind.ts';
import { readJournal, UpdateJournal, type JournalRecord } from './update-journal.ts';

let dir: string;
let journal: UpdateJournal;
beforeEach(() => {
  vi.useFakeTimers();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-write-behind-'));
  journal = new UpdateJournal(path.join(dir, 'nianbao.journal'), 0);
});
afterEach(() => {
  vi.useRealTimers();
  journal.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A database stand-in that refuses writes while `full` is set, as a full disk would. */
function database() {
  const written: JournalRecord[] = [];
  const db = {
    full: false,
    written,
    write: (records: readonly JournalRecord[]) => {
      if (db.full) throw new Error('database or disk is full');
      written.push(...records);
    },
  };
  return db;
}

const update = (byte: number) => Uint8Array.of(byte, byte);

describe('write-behind', () => {
  it('writes what was journaled within the delay in one call', async () => {
    const db = database();
    const writeBehind = new WriteBehind(journal, db.write, { delayMs: 250, clearAboveBytes: 1 << 20 });
    writeBehind.append('a', [update(1)]);
    writeBehind.append('b', [update(2), update(3)]);
    expect(db.written).toEqual([]);
    await vi.advanceTimersByTimeAsync(250);
    expect(db.written.map((r) => [r.seq, r.reportId, r.updates])).toEqual([
      [1, 'a', [update(1)]],
      [2, 'b', [update(2), update(3)]],
    ]);
  });

  it('a database that refuses keeps everything in the journal and is tried again until it takes it', async () => {
    const db = database();
    const writeBehind = new WriteBehind(journal, db.write, { delayMs: 250, clearAboveBytes: 0 });
    db.full = true;
    writeBehind.append('a', [update(1)]);
    await vi.advanceTimersByTimeAsync(250);
    expect(db.written).toEqual([]);
    expect(readJournal(journal.file).records.map((r) => r.seq), 'nothing dropped from the journal').toEqual([1]);
    // A read that needs the log sees the failure; the write is still tried again.
    expect(() => writeBehind.flush()).toThrow(/disk is full/);
    db.full = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(db.written.map((r) => r.seq)).toEqual([1]);
    writeBehind.append('a', [update(2)]);
    await vi.advanceTimersByTimeAsync(250);
    expect(db.written.map((r) => r.seq)).toEqual([1, 2]);
    expect(journal.size, 'emptied once all is written').toBe(0);
  });

  it('closing writes what is pending and empties the journal; a refused close leaves the journal for the next start', async () => {
    const db = database();
    const writeBehind = new WriteBehind(journal, db.write, { delayMs: 250, clearAboveBytes: 1 << 20 });
    writeBehind.append('a', [update(1)]);
    db.full = true;
    expect(() => writeBehind.close()).toThrow(/disk is full/);
    expect(readJournal(journal.file).records.map((r) => r.seq)).toEqual([1]);
    // Nothing is tried after closing (the database is closed too).
    db.full = false;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(db.written).toEqual([]);
  });
});
