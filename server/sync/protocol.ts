/**
 * The y-websocket wire protocol (y-protocols sync and awareness), decoded strictly: every
 * incoming frame becomes one `IncomingSyncMessage` or a `ProtocolError`, before anything is
 * applied. Outgoing messages are encoded here once and sent as the same bytes to every socket.
 *
 * Frame layout: `varUint messageType` then the payload. Sync (0) carries a sub-type: step 1
 * (a state vector), step 2 or update (a Yjs update, V1 encoding). Awareness (1) carries an
 * awareness update, read by the room (sync/awareness-update.ts: most entries a server receives
 * are echoes it need not parse); query-awareness (3) asks for all awareness states. Auth (2) only
 * ever goes from server to client.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { UpdateFootprint } from '../permissions/inspect.ts';
import { varUintLength, writeVarUint } from '../varuint.ts';
import { checkUpdateWellFormed, UpdateRejected, type DecodedUpdate } from './update-check.ts';

export const messageSync = 0;
export const messageAwareness = 1;
export const messageAuth = 2;
export const messageQueryAwareness = 3;

export const syncStep1 = 0;
export const syncStep2 = 1;
export const syncUpdate = 2;

/**
 * `decoded` is the update as the well-formedness check decoded it, so that the permission check
 * inspects it without decoding it again (absent on messages built by hand, e.g. in tests).
 * `footprint` is what the room found the update would touch, when the room has inspected it
 * (the authorize hook judges that instead of inspecting again).
 */
export type IncomingSyncMessage =
  | { readonly type: 'sync-step1'; readonly stateVector: Uint8Array }
  /** A client's answer to the server's step 1: what the server lacks. Carries content. */
  | { readonly type: 'sync-step2'; readonly update: Uint8Array; readonly decoded?: DecodedUpdate; readonly footprint?: UpdateFootprint }
  | { readonly type: 'update'; readonly update: Uint8Array; readonly decoded?: DecodedUpdate; readonly footprint?: UpdateFootprint }
  /**
   * Read entry by entry against the room's clocks (room/awareness.ts), which parses only the
   * entries that change something. `readOnly` is never read from the wire: the authorize hook
   * sets it for a connection that may edit no content.
   */
  | { readonly type: 'awareness'; readonly update: Uint8Array; readonly readOnly?: boolean }
  | { readonly type: 'query-awareness' };

/** A frame that is not a well-formed message of this protocol: the connection closes with 4400. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** Decodes one frame; throws `ProtocolError` for anything malformed, truncated or unknown. */
export function decodeIncomingMessage(frame: Uint8Array): IncomingSyncMessage {
  const decoder = decoding.createDecoder(frame);
  const message = readMessage(decoder);
  if (decoding.hasContent(decoder)) throw new ProtocolError(`trailing bytes after message (${frame.length - decoder.pos})`);
  return message;
}

function readMessage(decoder: decoding.Decoder): IncomingSyncMessage {
  const messageType = readUint(decoder, 'message type');
  switch (messageType) {
    case messageSync: {
      const syncType = readUint(decoder, 'sync message type');
      const payload = readBytes(decoder, 'sync payload');
      if (syncType === syncStep1) {
        checkStateVector(payload);
        return { type: 'sync-step1', stateVector: payload };
      }
      if (syncType === syncStep2 || syncType === syncUpdate) {
        let decoded: DecodedUpdate;
        try {
          decoded = checkUpdateWellFormed(payload);
        } catch (err) {
          if (err instanceof UpdateRejected) throw new ProtocolError(err.message);
          throw err;
        }
        return { type: syncType === syncStep2 ? 'sync-step2' : 'update', update: payload, decoded };
      }
      throw new ProtocolError(`unknown sync message type ${syncType}`);
    }
    case messageAwareness:
      return { type: 'awareness', update: readBytes(decoder, 'awareness payload') };
    case messageQueryAwareness:
      return { type: 'query-awareness' };
    default:
      throw new ProtocolError(`unknown message type ${messageType}`);
  }
}

function readUint(decoder: decoding.Decoder, what: string): number {
  try {
    return decoding.readVarUint(decoder);
  } catch {
    throw new ProtocolError(`malformed ${what}`);
  }
}

function readBytes(decoder: decoding.Decoder, what: string): Uint8Array {
  try {
    return decoding.readVarUint8Array(decoder);
  } catch {
    throw new ProtocolError(`malformed ${what}`);
  }
}

function checkStateVector(stateVector: Uint8Array): void {
  try {
    const decoder = decoding.createDecoder(stateVector);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
  } catch {
    throw new ProtocolError('malformed state vector');
  }
}

// ---------------------------------------------------------------------------------------------
// Outgoing
// ---------------------------------------------------------------------------------------------

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, syncStep1);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSyncPayload(syncStep2, update);
}

export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  return encodeSyncPayload(syncUpdate, update);
}

/** `[messageSync][syncType][varuint length][update]`, in one allocation (see varuint.ts). */
function encodeSyncPayload(syncType: number, update: Uint8Array): Uint8Array {
  const message = new Uint8Array(2 + varUintLength(update.length) + update.length);
  message[0] = messageSync;
  message[1] = syncType;
  message.set(update, writeVarUint(message, 2, update.length));
  return message;
}

export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, awarenessUpdate);
  return encoding.toUint8Array(encoder);
}
