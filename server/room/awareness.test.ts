import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Identity } from '../hooks.ts';
import { RoomAwareness, type AwarenessController } from './awareness.ts';

const user = (userId: string, displayName: string): AwarenessController => ({ identity: { kind: 'user', userId, name: `u${userId}`, displayName } });
const anonymous = (): AwarenessController => ({ identity: { kind: 'anonymous' } as Identity });

/** An awareness update; a state given as a string is written as that JSON text. */
function update(...entries: [client: number, clock: number, state: unknown][]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [client, clock, state] of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, typeof state === 'string' ? state : JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

/** A room's awareness, with what it broadcasts applied to an observer's Awareness. */
function room() {
  const doc = new Y.Doc();
  const observer = new awarenessProtocol.Awareness(new Y.Doc());
  observer.setLocalState(null);
  const broadcasts: Uint8Array[] = [];
  let waiting: (() => void) | null = null;
  const awareness = new RoomAwareness(doc, (message) => {
    const decoder = decoding.createDecoder(message);
    expect(decoding.readVarUint(decoder)).toBe(1);
    const payload = decoding.readVarUint8Array(decoder);
    broadcasts.push(payload);
    awarenessProtocol.applyAwarenessUpdate(observer, payload, 'server');
    waiting?.();
  });
  cleanups.push(() => {
    awareness.destroy();
    observer.destroy();
    doc.destroy();
  });
  /** Resolves at the next broadcast. */
  const broadcast = () => new Promise<void>((resolve) => (waiting = resolve));
  return { awareness, observer, broadcasts, broadcast, serverId: doc.clientID };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const owner = user('1', '张主任');
const editor = user('2', '李编辑');
const present = { user: { name: '张主任', color: '#aa3300' }, place: 'overview' };

describe('RoomAwareness', () => {
  it("relays a connection's own state with the account's name, once per turn for all changes", async () => {
    const { awareness, observer, broadcasts, broadcast } = room();
    const next = broadcast();
    expect(awareness.apply(owner, update([100, 1, { ...present, user: { name: '管理员 admin (owner)', color: '#aa3300' } }]), false)).toBeNull();
    expect(awareness.apply(editor, update([200, 1, { user: { name: '李编辑' }, place: 'requests' }]), false)).toBeNull();
    expect(awareness.apply(owner, update([100, 2, present]), false)).toBeNull();
    await next;
    expect(broadcasts).toHaveLength(1);
    expect(observer.getStates().get(100)).toEqual(present);
    expect(observer.meta.get(100)?.clock).toBe(2);
    expect(observer.getStates().get(200)).toEqual({ user: { name: '李编辑' }, place: 'requests' });
  });

  it("skips unread what y-websocket echoes back (others' states, removals, the server's own), and refuses nothing for it", async () => {
    const { awareness, observer, broadcast, serverId } = room();
    let next = broadcast();
    awareness.apply(owner, update([100, 3, present]), false);
    awareness.announceMembersChanged();
    await next;
    const announcement = observer.getStates().get(serverId);
    // The echo as a browser sends it after a join: every state at the clock it was sent.
    const echo = update([100, 3, present], [serverId, observer.meta.get(serverId)!.clock, announcement], [100, 2, '{not even json']);
    expect(awareness.apply(editor, echo, false)).toBeNull();
    // A peer's 30 s timeout marks the owner gone at the clock it knows: the server knows better.
    expect(awareness.apply(editor, update([100, 3, null]), false)).toBeNull();
    next = broadcast();
    awareness.apply(editor, update([200, 1, { place: 'requests' }]), false);
    await next;
    expect(observer.getStates().get(100)).toEqual(present);
    expect(observer.getStates().get(200)).toEqual({ place: 'requests', user: { name: '李编辑' } });
  });

  it("refuses another account's connection setting or removing an owned id, and a claim on the server's id, changing nothing", async () => {
    const { awareness, observer, broadcasts, broadcast, serverId } = room();
    let next = broadcast();
    awareness.apply(owner, update([100, 1, present]), false);
    awareness.announceMembersChanged();
    await next;
    const spoof = { user: { name: '张主任' }, cursor: { anchor: 1 } };
    expect(awareness.apply(editor, update([200, 1, { place: 'requests' }], [100, 2, spoof]), false)).toMatchObject({ refusal: 'forbidden', detail: expect.stringContaining('100') });
    expect(awareness.apply(editor, update([100, 2, null]), false)).toMatchObject({ refusal: 'forbidden' });
    expect(awareness.apply(anonymous(), update([100, 9, spoof]), false)).toMatchObject({ refusal: 'forbidden' });
    expect(awareness.apply(editor, update([serverId, 99, { place: 'x' }]), false)).toMatchObject({ refusal: 'forbidden', detail: expect.stringContaining('server') });
    expect(awareness.apply(editor, update([serverId, 99, null]), false)).toMatchObject({ refusal: 'forbidden' });
    // Nothing of the refused messages: not even the editor's own entry in the first.
    next = broadcast();
    awareness.apply(owner, update([100, 2, { ...present, place: 'requests' }]), false);
    await next;
    expect(broadcasts).toHaveLength(2);
    expect(observer.getStates().get(100)).toEqual({ ...present, place: 'requests' });
    expect(observer.getStates().has(200)).toBe(false);
    expect(observer.getStates().get(serverId)).toMatchObject({ server: { membersChanged: expect.any(String) } });
  });

  it('lets a connection of the same account take an id over; the old connection leaving then removes nothing', async () => {
    const { awareness, observer, broadcast } = room();
    const reconnected = user('1', '张主任');
    let next = broadcast();
    awareness.apply(owner, update([100, 1, present]), false);
    await next;
    expect(awareness.apply(reconnected, update([100, 2, { ...present, place: 'proactive' }]), false)).toBeNull();
    awareness.forget(owner);
    next = broadcast();
    awareness.apply(editor, update([200, 1, { place: 'requests' }]), false);
    await next;
    expect(observer.getStates().get(100)).toEqual({ ...present, place: 'proactive' });
    // Ownership moves with each take-over: now the first connection's again, so the second
    // leaving removes nothing either, and the first leaving removes it.
    expect(awareness.apply(owner, update([100, 3, present]), false)).toBeNull();
    awareness.forget(reconnected);
    expect(awareness.apply(editor, update([100, 4, null]), false)).toMatchObject({ refusal: 'forbidden' });
    next = broadcast();
    awareness.forget(owner);
    await next;
    expect(observer.getStates().has(100)).toBe(false);
  });

  it('never lets one anonymous connection take over the id of another', () => {
    const { awareness } = room();
    const first = anonymous();
    expect(awareness.apply(first, update([100, 1, { user: { name: '甲' } }]), false)).toBeNull();
    expect(awareness.apply(anonymous(), update([100, 2, { user: { name: '甲' } }]), false)).toMatchObject({ refusal: 'forbidden' });
  });

  it("applies an owner's removal, as y-websocket sends it on leaving (the clock it has), and frees nothing else", async () => {
    const { awareness, observer, broadcast } = room();
    let next = broadcast();
    awareness.apply(owner, update([100, 5, present]), false);
    awareness.apply(editor, update([200, 1, { place: 'requests' }]), false);
    await next;
    next = broadcast();
    expect(awareness.apply(owner, update([100, 5, null]), false)).toBeNull();
    await next;
    expect(observer.getStates().has(100)).toBe(false);
    expect(observer.getStates().has(200)).toBe(true);
    // Still the owner's while connected: another account cannot claim it now.
    expect(awareness.apply(editor, update([100, 6, present]), false)).toMatchObject({ refusal: 'forbidden' });
  });

  it('refuses a connection claiming a second id, and more entries than the room has ids', () => {
    const { awareness } = room();
    expect(awareness.apply(editor, update([200, 1, {}], [201, 1, {}]), false)).toMatchObject({ refusal: 'malformed', detail: expect.stringContaining('2 awareness ids') });
    expect(awareness.apply(editor, update([200, 1, {}]), false)).toBeNull();
    expect(awareness.apply(editor, update([201, 1, {}]), false)).toMatchObject({ refusal: 'malformed' });
    const many = update(...Array.from({ length: 10 }, (_, i): [number, number, unknown] => [300 + i, 0, {}]));
    expect(awareness.apply(owner, many, false)).toMatchObject({ refusal: 'malformed', detail: expect.stringContaining('10 awareness entries') });
  });

  it('refuses a state over the limit, malformed updates and fields only the server sets', () => {
    const { awareness } = room();
    expect(awareness.apply(editor, update([200, 1, { pad: 'x'.repeat(5 * 1024) }]), false)).toMatchObject({ refusal: 'malformed' });
    expect(awareness.apply(editor, update([200, 1, '{broken']), false)).toMatchObject({ refusal: 'malformed' });
    expect(awareness.apply(editor, new Uint8Array([1, 200, 1]), false)).toMatchObject({ refusal: 'malformed' });
    expect(awareness.apply(editor, update([200, 1, { server: { membersChanged: 'x' } }]), false)).toMatchObject({ refusal: 'forbidden' });
    expect(awareness.apply(editor, update([200, 1, { readOnly: false }]), false)).toMatchObject({ refusal: 'forbidden' });
  });

  it('sends a joiner every current state, as relayed', async () => {
    const { awareness, broadcast } = room();
    const next = broadcast();
    awareness.apply(owner, update([100, 1, present]), false);
    awareness.apply(editor, update([200, 1, { user: { name: 'x' }, cell: 'requests:received.natural', cursor: {} }]), true);
    await next;
    const joiner = new awarenessProtocol.Awareness(new Y.Doc());
    const decoder = decoding.createDecoder(awareness.statesMessage()!);
    decoding.readVarUint(decoder);
    awarenessProtocol.applyAwarenessUpdate(joiner, decoding.readVarUint8Array(decoder), 'server');
    expect(joiner.getStates().get(100)).toEqual(present);
    expect(joiner.getStates().get(200)).toEqual({ user: { name: '李编辑' }, readOnly: true });
    joiner.destroy();
  });
});
