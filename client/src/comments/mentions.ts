/**
 * @-mentions in a comment being written: the `@…` being typed at the caret (what the picker
 * filters by), the text once a member is picked, and which members the posted text mentions.
 * A mention is `@` and the member's display name in the text; only members with an account id
 * can be mentioned (the server refuses a mention of anyone who is not a member).
 */
import { maxMentions, type UserId } from '../../../schema/comments/values.ts';

export interface Mentionable {
  readonly id: UserId;
  readonly displayName: string;
  /** The sign-in name, which the picker matches too. */
  readonly name: string;
}

/** The `@query` the caret is at the end of: where its `@` is and what follows it, or null. */
export function mentionQueryAt(text: string, caret: number): { readonly at: number; readonly query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  const query = before.slice(at + 1);
  // A mention starts a word: after the start, a space or punctuation, not inside an e-mail address.
  if (at > 0 && /[A-Za-z0-9._-]/.test(before[at - 1])) return null;
  if (/\s/.test(query) || query.length > 20) return null;
  return { at, query };
}

/** Members whose display or sign-in name contains `query` (case-insensitive), in their order. */
export function matchingMembers<M extends Mentionable>(members: readonly M[], query: string): M[] {
  const q = query.toLowerCase();
  return members.filter((m) => m.displayName.toLowerCase().includes(q) || m.name.toLowerCase().includes(q));
}

/** The text with the `@query` at `at` replaced by `@displayName `, and the caret after it. */
export function insertMention(text: string, at: number, query: string, member: Mentionable): { readonly text: string; readonly caret: number } {
  const inserted = `@${member.displayName} `;
  return { text: text.slice(0, at) + inserted + text.slice(at + 1 + query.length), caret: at + inserted.length };
}

/**
 * The members the text mentions: every member whose `@displayName` is in it. Where members
 * share a display name, the ones picked for it (`picked`) if any were, else all of them. At most
 * `maxMentions`, in the members' order.
 */
export function mentionsIn(text: string, members: readonly Mentionable[], picked: ReadonlySet<UserId>): UserId[] {
  const named = members.filter((m) => text.includes(`@${m.displayName}`));
  const ids = named
    .filter((m) => picked.has(m.id) || !named.some((other) => other.displayName === m.displayName && other.id !== m.id && picked.has(other.id)))
    .map((m) => m.id);
  return [...new Set(ids)].slice(0, maxMentions);
}

/** The text split into plain runs and mentions of members, for showing a comment. */
export function mentionRuns(text: string, mentioned: readonly Mentionable[]): { readonly text: string; readonly mention: boolean }[] {
  const names = [...new Set(mentioned.map((m) => `@${m.displayName}`))].sort((a, b) => b.length - a.length);
  const runs: { text: string; mention: boolean }[] = [];
  let plain = '';
  for (let i = 0; i < text.length; ) {
    const name = text[i] === '@' ? names.find((n) => text.startsWith(n, i)) : undefined;
    if (name === undefined) {
      plain += text[i++];
      continue;
    }
    if (plain) runs.push({ text: plain, mention: false });
    plain = '';
    runs.push({ text: name, mention: true });
    i += name.length;
  }
  if (plain) runs.push({ text: plain, mention: false });
  return runs;
}
