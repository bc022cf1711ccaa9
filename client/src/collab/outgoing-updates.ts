/**
 * Which document updates this page sends the server, decided by the user's rights.
 *
 * y-prosemirror changes the document by itself: it deletes content this browser's schema cannot
 * represent. On a page whose user may write nothing (a viewer), the server refuses every such
 * change (4403) and the page would lose its connection for nothing. Such a page therefore sends
 * no document content at all — no sync step 2, no update message — and those local fixups stay
 * local (in this browser's copy). Sync step 1 (asking for the server's state) and awareness
 * still go out. A reviewer's page writes comments and sign-offs, so it sends: the server's
 * schema check keeps every fragment in the one schema all browsers share, and a reviewer's
 * editors are not editable, so its y-prosemirror has nothing to fix up.
 *
 * Nothing is lost by not sending: a change stays in the local document, and the sync step 2 of
 * any later connection made under rights that allow it carries everything the server lacks (the
 * page reconnects when it may send again after dropping: `setPolicy`).
 * While the rights are being read (page load, a rights change) content frames are held and sent
 * or dropped once they are known, so that neither an editor's offline edits nor a viewer's fixups
 * go out under the wrong assumption.
 */
import { canComment, canEditMeta, canSignOff, editableParts, type Rights } from '../../../schema/permissions.ts';

export type ContentPolicy = 'send' | 'hold' | 'drop';

/**
 * Whether a page with `rights` has anything to send: parts, the report's basic information,
 * comments (schema/comments/threads.ts) or sign-offs (schema/signoffs/state.ts). Everyone but a
 * viewer does. Invariant: whatever the page writes, a user who may write it sends.
 */
export function pageWritesWith(rights: Rights): boolean {
  return editableParts(rights).length > 0 || canEditMeta(rights) || canComment(rights) || canSignOff(rights);
}

/** The policy for what the page knows of the user's rights (report/access.ts). */
export function contentPolicyFor(access: { readonly rights: Rights | null; readonly refreshing: boolean; readonly removed: boolean }): ContentPolicy {
  if (access.removed) return 'drop';
  if (access.rights === null || access.refreshing) return 'hold';
  return pageWritesWith(access.rights) ? 'send' : 'drop';
}

// y-websocket frames: varUint message type, then for sync messages a varUint sync type. All
// these values are below 128, so each is one byte.
const messageSync = 0;
const syncStep2 = 1;
const syncUpdate = 2;

/** Whether a frame y-websocket sends carries document content (sync step 2 or an update). */
export function carriesContent(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === messageSync && (bytes[1] === syncStep2 || bytes[1] === syncUpdate);
}

/** The part of a websocket the filter sends through, bypassing itself. */
export interface RawSend {
  readonly readyState: number;
  sendRaw(frame: Uint8Array<ArrayBuffer>): void;
}

const socketOpen = 1;

export class OutgoingUpdates {
  private held: { socket: RawSend; frame: Uint8Array<ArrayBuffer> }[] = [];
  /** Content was dropped since the page last resynced: the server lacks some of this page's changes. */
  private dropped = false;

  constructor(private policy: ContentPolicy) {}

  get current(): ContentPolicy {
    return this.policy;
  }

  /** Whether `frame`, about to go out on `socket`, goes now; a held frame is kept for later. */
  admit(socket: RawSend, frame: Uint8Array<ArrayBuffer>): boolean {
    if (this.policy === 'send' || !carriesContent(frame)) return true;
    if (this.policy === 'hold') this.held.push({ socket, frame });
    else this.dropped = true;
    return false;
  }

  /**
   * Applies new rights: `send` sends what was held, in order, on sockets still open (a closed
   * socket's frames are not needed: the next connection's step 2 carries the same content).
   * Returns true when the page must resync (reconnect) before it sends: content was dropped, and
   * Yjs updates of one client build on each other, so the server could not use this page's next
   * changes without the dropped ones; a new connection's sync step 2 carries them all.
   */
  setPolicy(policy: ContentPolicy): boolean {
    this.policy = policy;
    if (policy === 'hold') return false;
    const held = this.held;
    this.held = [];
    if (policy === 'drop') {
      this.dropped ||= held.length > 0;
      return false;
    }
    if (this.dropped) {
      this.dropped = false;
      return true;
    }
    for (const { socket, frame } of held) if (socket.readyState === socketOpen) socket.sendRaw(frame);
    return false;
  }
}

/**
 * A WebSocket class for y-websocket's `WebSocketPolyfill` whose sockets send content frames only
 * as `outgoing` admits them.
 */
export function filteredWebSocket(outgoing: OutgoingUpdates, Base: typeof WebSocket = WebSocket): typeof WebSocket {
  return class FilteredWebSocket extends Base implements RawSend {
    override send(data: string | ArrayBuffer | Blob | ArrayBufferView<ArrayBuffer>): void {
      // Every keystroke passes here: under `send`, nothing more than this comparison.
      if (outgoing.current === 'send' || typeof data === 'string' || data instanceof Blob || outgoing.admit(this, toBytes(data))) super.send(data);
    }
    sendRaw(frame: Uint8Array<ArrayBuffer>): void {
      super.send(frame);
    }
  };
}

function toBytes(data: ArrayBuffer | ArrayBufferView<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}
