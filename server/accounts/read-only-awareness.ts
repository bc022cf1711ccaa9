/**
 * What a read-only connection (viewer, reviewer: no part of the content is theirs to edit) may
 * tell others through awareness. They stay visible (who is reading, and where: `user`, `place`)
 * but not as if they were editing: their text caret (`cursor`, from TipTap's caret plugin) and
 * focused table cell (`cell`) are removed, and the server stamps `readOnly: true` so the client
 * can show them as readers. The server rewrites the update before it is applied, so nothing a
 * read-only client sends can make it look like an editor to the others.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

const editingFields = ['cursor', 'cell'] as const;

/** Rewrites an awareness update (already checked well-formed by the sync layer). */
export function markAwarenessReadOnly(update: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const encoder = encoding.createEncoder();
  const count = decoding.readVarUint(decoder);
  encoding.writeVarUint(encoder, count);
  for (let i = 0; i < count; i++) {
    encoding.writeVarUint(encoder, decoding.readVarUint(decoder));
    encoding.writeVarUint(encoder, decoding.readVarUint(decoder));
    const state = JSON.parse(decoding.readVarString(decoder)) as unknown;
    encoding.writeVarString(encoder, JSON.stringify(readOnlyState(state)));
  }
  return encoding.toUint8Array(encoder);
}

function readOnlyState(state: unknown): unknown {
  // null is "this client left": passed on as it is.
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return state;
  const copy: Record<string, unknown> = { ...(state as Record<string, unknown>) };
  for (const field of editingFields) delete copy[field];
  copy.readOnly = true;
  return copy;
}
