import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { narrativeFragment } from '../../schema/ydoc.ts';
import { captureUpdate, craftUpdate, paragraph, seedPeers, stringItem } from '../permissions/test-support/report-peers.ts';
import { awaitedClocks, HeldUpdates, maxHeldBytes, maxHeldUpdates } from './held-updates.ts';

const message = (bytes = 10) => ({ update: new Uint8Array(bytes) });
const decodedOf = (update: Uint8Array) => Y.decodeUpdate(update);

describe('awaitedClocks', () => {
  it('awaits the gap before a struct, a reference past its client, and a deletion past it; the lowest per client', () => {
    const { server } = seedPeers();
    const update = craftUpdate(
      [{ client: 5005, clock: 4, structs: [stringItem(Y.createID(5005, 4), '悬', { origin: Y.createID(7007, 9), rightOrigin: Y.createID(7007, 2) })] }],
      [{ client: 8008, clock: 0, len: 3 }],
    );
    expect(awaitedClocks(decodedOf(update), server.store)).toEqual(new Map([[5005, 4], [7007, 3], [8008, 3]]));
  });

  it('awaits nothing the document has', () => {
    const { server, client } = seedPeers();
    const typing = captureUpdate(client, () => narrativeFragment(client, 'other').insert(0, [paragraph('有')]))!;
    expect(awaitedClocks(decodedOf(typing), server.store)).toEqual(new Map());
  });
});

describe('HeldUpdates', () => {
  it('makes an update ready only once an accepted update reaches a clock it awaits', () => {
    const held = new HeldUpdates<string, { update: Uint8Array }>();
    const waiting = message();
    expect(held.hold('mallory', waiting, new Map([[7007, 5]]))).toBe(true);
    // Someone else's typing, and the awaited client's clocks short of 5: not ready.
    expect(held.accepted(decodedOf(craftUpdate([{ client: 1234, clock: 0, structs: [new Y.GC(Y.createID(1234, 0), 9)] }])))).toBe(false);
    expect(held.accepted(decodedOf(craftUpdate([{ client: 7007, clock: 0, structs: [new Y.GC(Y.createID(7007, 0), 4)] }])))).toBe(false);
    expect(held.takeReady()).toEqual([]);
    expect(held.size).toBe(1);
    expect(held.accepted(decodedOf(craftUpdate([{ client: 7007, clock: 4, structs: [new Y.GC(Y.createID(7007, 4), 1)] }])))).toBe(true);
    expect(held.takeReady().map((h) => h.message)).toEqual([waiting]);
    expect(held.size).toBe(0);
  });

  it('returns the ready ones in the order held and keeps the others', () => {
    const held = new HeldUpdates<string, { update: Uint8Array }>();
    const [first, other, second] = [message(), message(), message()];
    held.hold('a', first, new Map([[1, 1]]));
    held.hold('b', other, new Map([[2, 1]]));
    held.hold('a', second, new Map([[1, 1]]));
    held.accepted(decodedOf(craftUpdate([{ client: 1, clock: 0, structs: [new Y.GC(Y.createID(1, 0), 1)] }])));
    expect(held.takeReady().map((h) => h.message)).toEqual([first, second]);
    expect(held.size).toBe(1);
  });

  it(`holds at most ${maxHeldUpdates} updates and ${maxHeldBytes} bytes per connection; a connection that leaves takes its own`, () => {
    const held = new HeldUpdates<string, { update: Uint8Array }>();
    for (let i = 0; i < maxHeldUpdates; i++) expect(held.hold('a', message(), new Map())).toBe(true);
    expect(held.hold('a', message(), new Map())).toBe(false);
    expect(held.hold('b', message(maxHeldBytes), new Map())).toBe(true);
    expect(held.hold('b', message(1), new Map())).toBe(false);
    held.forget('a');
    expect(held.size).toBe(1);
  });
});
