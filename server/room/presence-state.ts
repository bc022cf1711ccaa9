/**
 * What the server relays of a client's awareness state: the state as sent, with what the server
 * decides put in by the server. Each state is parsed once here and encoded once (the bytes the
 * room relays, and sends to every joiner after).
 *
 * - The name is the account's display name: a client's `user` is rebuilt as `{ name, color }`
 *   from the connection's identity, so nobody appears as someone else or with a label of their
 *   own (a role, an id). Without accounts there is no name to use and the one sent is kept.
 * - The colour is kept only as the `#rrggbb` the client derives from the name (carets put it in
 *   a `style` attribute).
 * - A read-only connection (viewer, reviewer) stays visible, name and `place`, but not as if it
 *   were editing: its caret (`cursor`, from TipTap's caret plugin) and focused cell (`cell`) are
 *   removed and `readOnly: true` is stamped, so pages can show it as a reader.
 * - `server` (the room's announcements) and `readOnly` are the server's to set: a state that
 *   carries either is refused. A browser's own state never holds them (it never takes in what
 *   the server relays under its own id: the clock is not newer).
 */
import { maxAwarenessStateBytes } from '../sync/awareness-update.ts';

/** What the server puts into a connection's states. */
export interface PresenceStamp {
  /** The account's display name; null without accounts (the name sent is kept). */
  readonly name: string | null;
  /** The connection may edit no content: no caret, no focused cell, `readOnly: true`. */
  readonly readOnly: boolean;
}

export type PresenceState = Readonly<Record<string, unknown>>;

export type PresenceVerdict =
  | { readonly ok: true; readonly state: PresenceState; readonly json: Uint8Array }
  /** `malformed`: not a JSON object, or too large once stamped; `forbidden`: a field the server sets. */
  | { readonly ok: false; readonly refusal: 'malformed' | 'forbidden'; readonly detail: string };

/** Fields only the server writes. */
const serverFields = ['server', 'readOnly'] as const;
/** What shows someone editing. */
const editingFields = ['cursor', 'cell'] as const;
const hexColour = /^#[0-9a-fA-F]{6}$/;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Out = new TextEncoder();

/** Parses a client's state (JSON as UTF-8, not `null`) and returns what the server relays. */
export function presenceState(json: Uint8Array, stamp: PresenceStamp): PresenceVerdict {
  let sent: unknown;
  try {
    sent = JSON.parse(utf8.decode(json));
  } catch {
    return { ok: false, refusal: 'malformed', detail: 'an awareness state that is not JSON' };
  }
  if (!isRecord(sent)) return { ok: false, refusal: 'malformed', detail: 'an awareness state that is not a JSON object' };
  for (const field of serverFields) {
    if (Object.hasOwn(sent, field)) return { ok: false, refusal: 'forbidden', detail: `an awareness state setting \`${field}\`, which only the server sets` };
  }
  const state: Record<string, unknown> = { ...sent };
  const user = userOf(sent.user, stamp.name);
  if (user) state.user = user;
  else delete state.user;
  if (stamp.readOnly) {
    for (const field of editingFields) delete state[field];
    state.readOnly = true;
  }
  const out = utf8Out.encode(JSON.stringify(state));
  // The stamped name can make a state longer: what is relayed stays within what is taken, so
  // that the echo every y-websocket client sends back is never refused.
  if (out.length > maxAwarenessStateBytes) return { ok: false, refusal: 'malformed', detail: `an awareness state of ${out.length} bytes once stamped (at most ${maxAwarenessStateBytes})` };
  return { ok: true, state, json: out };
}

function userOf(sent: unknown, accountName: string | null): { name?: string; color?: string } | undefined {
  const fields = isRecord(sent) ? sent : {};
  const name = accountName ?? (typeof fields.name === 'string' ? fields.name : undefined);
  const color = typeof fields.color === 'string' && hexColour.test(fields.color) ? fields.color : undefined;
  if (name === undefined && color === undefined) return undefined;
  return { ...(name !== undefined && { name }), ...(color !== undefined && { color }) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
