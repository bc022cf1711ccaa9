import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { cellsMap } from '../../schema/ydoc.ts';
import { ProtocolError, decodeIncomingMessage, encodeSyncStep1, encodeUpdateMessage } from './protocol.ts';

/** Frames as the stock y-websocket client builds them with y-protocols. */
function clientFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe('decodeIncomingMessage', () => {
  const doc = new Y.Doc();
  cellsMap(doc, 'proactive').set('fees.amount', '1');
  const update = Y.encodeStateAsUpdate(doc);

  it('reads the frames y-protocols writes', () => {
    const step1 = clientFrame((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, doc);
    });
    expect(decodeIncomingMessage(step1)).toEqual({ type: 'sync-step1', stateVector: Y.encodeStateVector(doc) });
    const step2 = clientFrame((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep2(e, doc);
    });
    expect(decodeIncomingMessage(step2)).toEqual({ type: 'sync-step2', update, decoded: Y.decodeUpdate(update) });
    expect(decodeIncomingMessage(encodeUpdateMessage(update))).toEqual({ type: 'update', update, decoded: Y.decodeUpdate(update) });
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: '甲' } });
    const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    const frame = clientFrame((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, awarenessUpdate);
    });
    // Its entries are read by the room, against the room's clocks (room/awareness.test.ts).
    expect(decodeIncomingMessage(frame)).toEqual({ type: 'awareness', update: awarenessUpdate });
    expect(decodeIncomingMessage(new Uint8Array([3]))).toEqual({ type: 'query-awareness' });
    awareness.destroy();
  });

  it.each([
    ['an empty frame', new Uint8Array([])],
    ['an unterminated varint', new Uint8Array([0xff, 0xff])],
    ['an unknown message type', new Uint8Array([9])],
    ['the auth type, which only servers send', new Uint8Array([2, 0])],
    ['a payload longer than the frame', new Uint8Array([0, 2, 50, 1, 2])],
    ['trailing bytes', new Uint8Array([...encodeUpdateMessage(update), 0])],
    ['a bad state vector', new Uint8Array([0, 0, 2, 5, 0x80])],
    ['an awareness message whose payload is cut off', new Uint8Array([1, 5, 1, 7])],
  ])('refuses %s', (_what, frame) => {
    expect(() => decodeIncomingMessage(frame)).toThrow(ProtocolError);
  });

  it('encodes the server step 1 as y-protocols reads it', () => {
    const frame = encodeSyncStep1(doc);
    expect(decodeIncomingMessage(frame)).toEqual({ type: 'sync-step1', stateVector: Y.encodeStateVector(doc) });
  });
});
