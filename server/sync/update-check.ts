/**
 * A Yjs update is checked before it touches a room's document, because `Y.applyUpdate` is not
 * atomic: it reads all structs, integrates them, and only then reads and applies the delete
 * set, so a truncated delete set throws half-way with the structs already in the document.
 *
 * `Y.decodeUpdate` reads the same encoding through to its end with the same content readers
 * (string, JSON, any, type refs, formats) and no document: whatever would make the real apply
 * fail while reading fails here first, for a few microseconds per keystroke update. Copying the
 * document and applying there would cost a full encode per message.
 *
 * Beyond well-formedness, an update may not create a root the report layout does not know, nor
 * embed a sub-document: neither is ever written by a nianbao client, and both would persist.
 */
import * as Y from 'yjs';
import { rootRole } from '../../schema/ydoc.ts';

export class UpdateRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateRejected';
  }
}

/** What a well-formed update holds; the structs are kept for checks that need them (issue 5). */
export interface DecodedUpdate {
  readonly structs: ReturnType<typeof Y.decodeUpdate>['structs'];
  readonly ds: ReturnType<typeof Y.decodeUpdate>['ds'];
}

/** Throws `UpdateRejected` if `update` is not a complete, well-formed Yjs V1 update for a report. */
export function checkUpdateWellFormed(update: Uint8Array): DecodedUpdate {
  let decoded: DecodedUpdate;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (err) {
    throw new UpdateRejected(`malformed Yjs update: ${err instanceof Error ? err.message : String(err)}`);
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    // Decoded (not integrated) items hold their root's name as a string in `parent`.
    const parent: unknown = struct.parent;
    if (typeof parent === 'string' && rootRole(parent) === undefined) {
      throw new UpdateRejected(`update creates unknown root type "${parent.slice(0, 40)}"`);
    }
    if (struct.content instanceof Y.ContentDoc) throw new UpdateRejected('update embeds a sub-document');
  }
  return decoded;
}
