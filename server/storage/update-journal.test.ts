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
    journal.close();
    for (const cut of [whole + 3, whole + 9, fs.statSync(file).size - 1]) {
      fs.truncateSync(file, cut);
      const read = readJournal(file);
      expect(read.records.map((r) => r.seq)).toEqual([1]);
      expect(read.tornBytes).toBe(cut - whole);
    }
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

  it('clearing empties the file; appends then start at its beginning and seqs go on', () => {
    const journal = new UpdateJournal(file, 0);
    journal.append('a', keystrokes('一'));
    journal.clear();
    expect(fs.statSync(file).size).toBe(0);
    journal.append('a', keystrokes('二'));
    journal.close();
    expect(readJournal(file).records.map((r) => r.seq)).toEqual([2]);
    expect(() => journal.append('a', keystrokes('三'))).toThrow(/closed/);
  });
});
