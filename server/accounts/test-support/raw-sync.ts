/**
 * A raw websocket client speaking the y-protocols sync messages by hand, for crafted updates:
 * it asks for the server's state (step 1), keeps a local replica from the answer, and sends
 * whatever update a test builds against that replica.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { messageSync, syncStep1, syncStep2, syncUpdate } from '../../sync/protocol.ts';
import { waitFor, type RawSocket, type TestBed } from '../../test-support/test-bed.ts';

export function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export class RawSyncClient {
  readonly doc: Y.Doc;
  private applied = 0;

  private constructor(
    readonly socket: RawSocket,
    clientID: number,
  ) {
    this.doc = new Y.Doc();
    this.doc.clientID = clientID;
  }

  /** Connects with `?token=`, and resolves once the replica holds the server's state. */
  static async connect(bed: TestBed, url: string, reportId: string, token: string, clientID: number): Promise<RawSyncClient> {
    return RawSyncClient.over(await bed.rawSocket(url, `/sync/${reportId}?token=${encodeURIComponent(token)}`), clientID);
  }

  /** Connects as the browser does, with a session cookie from the server's own origin. */
  static async connectWithCookie(bed: TestBed, url: string, reportId: string, cookie: string, clientID: number): Promise<RawSyncClient> {
    return RawSyncClient.over(await bed.rawSocket(url, `/sync/${reportId}`, { Cookie: cookie, Origin: url }), clientID);
  }

  private static async over(socket: RawSocket, clientID: number): Promise<RawSyncClient> {
    const client = new RawSyncClient(socket, clientID);
    socket.send(syncFrame(syncStep1, Y.encodeStateVector(client.doc)));
    await waitFor(() => client.pump(), 'the server\'s sync step 2');
    return client;
  }

  /** Applies sync messages received so far; true once a step 2 arrived. */
  private pump(): boolean {
    let sawStep2 = false;
    for (; this.applied < this.socket.messages.length; this.applied++) {
      const decoder = decoding.createDecoder(this.socket.messages[this.applied]);
      if (decoding.readVarUint(decoder) !== messageSync) continue;
      const type = decoding.readVarUint(decoder);
      if (type === syncStep2 || type === syncUpdate) {
        Y.applyUpdate(this.doc, decoding.readVarUint8Array(decoder));
        if (type === syncStep2) sawStep2 = true;
      }
    }
    return sawStep2;
  }

  /**
   * Resolves once the server has handled everything sent before: it answers a sync step 1 in
   * the order received, so its step 2 answer comes after whatever it did with earlier frames.
   */
  async roundTrip(): Promise<void> {
    const seen = this.socket.messages.length;
    this.socket.send(syncFrame(syncStep1, Y.encodeStateVector(this.doc)));
    await waitFor(() => this.socket.messages.slice(seen).some(isStep2), 'the server\'s answer to a sync step 1');
  }

  /** Resolves once the replica holds everything the server had when it answered a step 1 sent now. */
  async catchUp(): Promise<void> {
    await this.roundTrip();
    this.pump();
  }

  /**
   * Resolves once the server has handled everything sent before, whether it answered (a later
   * step 1, as `roundTrip`) or closed the socket (nothing after a refusal is read).
   */
  async handled(): Promise<'answered' | 'closed'> {
    let closed = false;
    void this.socket.closed.then(() => (closed = true));
    const seen = this.socket.messages.length;
    if (this.socket.ws.readyState === this.socket.ws.OPEN) this.socket.send(syncFrame(syncStep1, Y.encodeStateVector(this.doc)));
    await waitFor(() => closed || this.socket.messages.slice(seen).some(isStep2), 'an answer to a sync step 1, or the close');
    return closed ? 'closed' : 'answered';
  }

  /** Sends `update` as it is, as an update message (or step 2), without applying it here. */
  sendUpdate(update: Uint8Array, as: 'update' | 'sync-step2' = 'update'): void {
    this.socket.send(RawSyncClient.frame(as, update));
  }

  /** The frame of an update message (or step 2) carrying `update`. */
  static frame(as: 'update' | 'sync-step2', update: Uint8Array): Uint8Array {
    return syncFrame(as === 'update' ? syncUpdate : syncStep2, update);
  }

  /** Makes an edit on the replica and sends it as an update message (or step 2). */
  sendEdit(edit: (doc: Y.Doc) => void, as: 'update' | 'sync-step2' = 'update'): Uint8Array {
    const before = Y.encodeStateVector(this.doc);
    edit(this.doc);
    const update = Y.encodeStateAsUpdate(this.doc, before);
    this.socket.send(syncFrame(as === 'update' ? syncUpdate : syncStep2, update));
    return update;
  }
}

function isStep2(message: Uint8Array): boolean {
  const decoder = decoding.createDecoder(message);
  return decoding.readVarUint(decoder) === messageSync && decoding.readVarUint(decoder) === syncStep2;
}
