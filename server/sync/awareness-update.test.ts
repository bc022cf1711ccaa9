import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { AwarenessUpdateReader, encodeAwarenessEntries, MalformedAwarenessUpdate, maxAwarenessStateBytes } from './awareness-update.ts';

/** An awareness update with the given entries, the state written as the raw JSON text given. */
function rawUpdate(entries: readonly [client: number, clock: number, json: string][], extra: number[] = []): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [client, clock, json] of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  for (const byte of extra) encoding.writeUint8(encoder, byte);
  return encoding.toUint8Array(encoder);
}

function readAll(update: Uint8Array): { client: number; clock: number; removal: boolean; json: string }[] {
  const reader = new AwarenessUpdateReader(update);
  const entries = [];
  while (reader.next()) entries.push({ client: reader.client, clock: reader.clock, removal: reader.removal, json: new TextDecoder().decode(reader.json()) });
  return entries;
}

describe('AwarenessUpdateReader', () => {
  it('reads what y-protocols writes, a removal included', () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: '甲', color: '#aa3300' }, place: 'overview' });
    const state = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    expect(readAll(state)).toEqual([{ client: doc.clientID, clock: 1, removal: false, json: JSON.stringify(awareness.getLocalState()) }]);
    awareness.setLocalState(null);
    expect(readAll(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]))).toEqual([{ client: doc.clientID, clock: 2, removal: true, json: 'null' }]);
    awareness.destroy();
  });

  it('takes only the text `null` as a removal', () => {
    expect(readAll(rawUpdate([[1, 1, ' null'], [2, 1, '"null"'], [3, 1, 'nul']])).map((e) => e.removal)).toEqual([false, false, false]);
  });

  it('takes a state of exactly the limit and refuses one byte more from its length, before its bytes', () => {
    const pad = (bytes: number) => `{"p":"${'x'.repeat(bytes - 8)}"}`;
    expect(readAll(rawUpdate([[1, 1, pad(maxAwarenessStateBytes)]]))[0]!.json).toHaveLength(maxAwarenessStateBytes);
    expect(() => readAll(rawUpdate([[1, 1, pad(maxAwarenessStateBytes + 1)]]))).toThrow(/4097 bytes/);
    // A 9 MiB length with no state behind it: refused as too large, not as truncated.
    const header = encoding.createEncoder();
    for (const n of [1, 1, 1, 9 * 1024 * 1024]) encoding.writeVarUint(header, n);
    expect(() => readAll(encoding.toUint8Array(header))).toThrow(/9437184 bytes/);
  });

  it.each([
    ['an empty update', new Uint8Array([])],
    ['an unterminated count', new Uint8Array([0x80])],
    ['fewer entries than counted', rawUpdate([[1, 1, '{}']]).map((b, i) => (i === 0 ? 2 : b))],
    ['a state cut off', rawUpdate([[1, 1, '{"a":1}']]).subarray(0, 6)],
    ['trailing bytes', rawUpdate([[1, 1, '{}']], [0])],
  ])('refuses %s', (_what, update) => {
    expect(() => readAll(update)).toThrow(MalformedAwarenessUpdate);
  });
});

describe('encodeAwarenessEntries', () => {
  it('writes what y-protocols applies', () => {
    const target = new awarenessProtocol.Awareness(new Y.Doc());
    const json = new TextEncoder().encode(JSON.stringify({ user: { name: '乙' } }));
    awarenessProtocol.applyAwarenessUpdate(target, encodeAwarenessEntries([{ client: 7, clock: 3, json }, { client: 8, clock: 1, json: null }]), 'test');
    expect(target.getStates().get(7)).toEqual({ user: { name: '乙' } });
    expect(target.meta.get(7)?.clock).toBe(3);
    expect(target.getStates().has(8)).toBe(false);
    target.destroy();
  });
});
