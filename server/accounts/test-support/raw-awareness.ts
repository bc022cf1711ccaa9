/**
 * Crafted awareness messages for a raw websocket, and the awareness states a raw socket was sent:
 * what an attacker's client writes by hand instead of y-protocols' Awareness.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { messageAwareness, messageQueryAwareness } from '../../sync/protocol.ts';
import type { RawSocket } from '../../test-support/test-bed.ts';

/** One entry: the state as an object (JSON-encoded here), null for a removal, or raw JSON text. */
export type CraftedEntry = readonly [client: number, clock: number, state: Record<string, unknown> | null | { readonly json: string }];

export function awarenessFrame(...entries: CraftedEntry[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const [client, clock, state] of entries) {
    encoding.writeVarUint(update, client);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, state !== null && typeof state.json === 'string' ? state.json : JSON.stringify(state));
  }
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, messageAwareness);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

export const queryAwarenessFrame = new Uint8Array([messageQueryAwareness]);

/** Every awareness entry `socket` has been sent, in order. */
export function receivedAwareness(socket: RawSocket): { client: number; clock: number; state: unknown }[] {
  return socket.messages.flatMap((message) => {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== messageAwareness) return [];
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const entries = [];
    for (let n = decoding.readVarUint(update); n > 0; n--) {
      entries.push({ client: decoding.readVarUint(update), clock: decoding.readVarUint(update), state: JSON.parse(decoding.readVarString(update)) as unknown });
    }
    return entries;
  });
}
