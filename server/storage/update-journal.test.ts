import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EditingClient, seedNewReport } from './test-support/seed-report.ts';
import { readJournal, UpdateJournal } from './update-journal.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-journal-'));
  file = path.join(dir, 'nianbao.journal');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Keystroke updates of the seed report, as an editor sends them. */
function keystrokes(text: string): Uint8Array[] {
  return new EditingClient(seedNewReport('r').initialState).typeInOverview(text);
}

describe('the update journal', () => {
  it('reads back every record, in order, byte for byte, with its seq', () => {
    const journal = new UpdateJournal(file, 41);
    const first = keystrokes('年报');
    const second = keystrokes('公开');
    expect(journal.append('a', first)).toEqual({ seq: 42, reportId: 'a', updates: first });
    expect(journal.append('b', second).seq).toBe(43);
    journal.close();
    expect(readJournal(file)).toEqual({
      records: [
        { seq: 42, reportId: 'a', updates: first },
        { seq: 43, reportId: 'b', updates: second },
      ],
      tornBytes: 0,
    });
  });

  it('large seqs, long updates and non-ASCII ids (multi-byte varints) read back exactly', () => {
    const big = 2 ** 40;
    const journal = new UpdateJournal(file, big);
    const long = new Uint8Array(70_000).map((_, i) => i & 0xff);
    const record = journal.append('年报-甲', [long, Uint8Array.of(1), new Uint8Array(0)]);
    journal.close();
    expect(record.seq).toBe(big + 1);
    expect(readJournal(file)).toEqual({ records: [{ seq: big + 1, reportId: '年报-甲', updates: [long, Uint8Array.of(1), new Uint8Array(0)] }], tornBytes: 0 });
  });

  it('a missing file reads as empty', () => {
    expect(readJournal(path.join(dir, 'none'))).toEqual({ records: [], tornBytes: 0 });
  });

  it('stops at a record torn by a power loss, keeping every whole record before it', () => {
    const journal = new UpdateJournal(file, 0);
    journal.append('a', keystrokes('一'));
    const whole = journal.size;
    journal.append('a', keystrokes('二三'));
    const end = journal.size;
    journal.close();
    const intact = fs.readFileSync(file);
    // A power loss keeps the first bytes of the last record's pages and loses the rest: zeros
    // (the mapped file) or a shorter file (a journal written before it was mapped).
    for (const cut of [whole + 3, whole + 9, Math.floor((whole + end) / 2)]) {
      const zeroed = Buffer.from(intact);
      zeroed.fill(0, cut, end);
      for (const torn of [zeroed, intact.subarray(0, cut)]) {
        fs.writeFileSync(file, torn);
        const read = readJournal(file);
        expect(read.records.map((r) => r.seq)).toEqual([1]);
        expect(read.tornBytes).toBeGreaterThan(0);
        expect(read.tornBytes).toBeLessThanOrEqual(cut - whole);
      }
    }
  });

  it('the zeros after the last record are not a torn record', () => {
    const journal = new UpdateJournal(file, 0);
    journal.append('a', keystrokes('一'));
    journal.close();
    expect(fs.statSync(file).size, 'the mapped length stays while records remain').toBeGreaterThan(journal.size);
    expect(readJournal(file)).toMatchObject({ records: [{ seq: 1 }], tornBytes: 0 });
  });

  it('stops at a record whose seq does not follow (left from an older use of the file)', () => {
    const older = new UpdateJournal(file, 6);
    older.append('a', keystrokes('旧'));
    const stale = fs.readFileSync(file).subarray(0, older.size);
    older.close();
    const journal = new UpdateJournal(file, 0);
    journal.append('a', keystrokes('新'));
    const fresh = fs.readFileSync(file).subarray(0, journal.size);
    journal.close();
    fs.writeFileSync(file, Buffer.concat([fresh, stale]));
    expect(readJournal(file).records.map((r) => r.seq)).toEqual([1]);
  });

  it('grows past its mapped length when records do not fit, keeping every record', () => {
    const journal = new UpdateJournal(file, 0, 4096);
    const appended = Array.from({ length: 40 }, (_, i) => journal.append('a', [new Uint8Array(500).fill(i + 1)]).updates);
    expect(fs.statSync(file).size).toBeGreaterThanOrEqual(journal.size);
    journal.close();
    expect(readJournal(file).records.map((r) => r.updates)).toEqual(appended);
  });

  it('stops at a record whose bytes changed (its CRC fails)', () => {
    const journal = new UpdateJournal(file, 0);
    journal.append('a', keystrokes('一'));
    const whole = journal.size;
    journal.append('a', keystrokes('二'));
    journal.close();
    const bytes = fs.readFileSync(file);
    bytes[whole + 12] ^= 0xff;
    fs.writeFileSync(file, bytes);
    expect(readJournal(file).records.map((r) => r.seq)).toEqual([1]);
  });

  it('clearing empties the journal; appends then start at its beginning, seqs go on; closing empty leaves an empty file', () => {
    const journal = new UpdateJournal(file, 0);
    journal.append('a', keystrokes('一二三四五六七八九十'));
    journal.clear();
    expect(journal.size).toBe(0);
    expect(readJournal(file)).toEqual({ records: [], tornBytes: 0 });
    journal.append('a', keystrokes('二'));
    expect(readJournal(file).records.map((r) => r.seq)).toEqual([2]);
    journal.clear();
    journal.close();
    expect(fs.statSync(file).size).toBe(0);
    expect(() => journal.append('a', keystrokes('三'))).toThrow(/closed/);
  });

  it('a record is readable by another reader of the file as soon as append returns (no write call to wait for)', () => {
    const journal = new UpdateJournal(file, 0);
    const updates = keystrokes('即时');
    journal.append('r', updates);
    expect(readJournal(file).records).toEqual([{ seq: 1, reportId: 'r', updates }]);
    journal.close();
  });
});
