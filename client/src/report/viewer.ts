/**
 * Who is looking at an open report, as comments and sign-offs need it: their account id (how the
 * document names them), whether they may comment, the sign-off steps the owner designated them
 * for, and the members by id (the names cards and sign-offs show). Read from the account and the
 * members payload (access.ts); the server checks every write against the same.
 */
import { createContext, useContext, useEffect, useMemo } from 'react';
import type { UserId } from '../../../schema/comments/values.ts';
import { canComment, canSignOff } from '../../../schema/permissions.ts';
import type { SignoffStep } from '../../../schema/signoffs/steps.ts';
import type { AccountState } from '../account.ts';
import type { ReportSession } from '../collab/session.ts';
import { mentionsReadKey, scopeOfUser } from '../collab/local-copies.ts';
import type { Mentionable } from '../comments/mentions.ts';
import type { MemberView, ReportAccessView } from './access.ts';

export interface ReportViewer {
  /** null without accounts, or before the id is known: nothing is written as anyone then. */
  readonly userId: UserId | null;
  readonly canComment: boolean;
  /** The steps this user may sign (none while the page is read-only). */
  readonly signs: readonly SignoffStep[];
  /** Members with an account id, in the payload's order. */
  readonly members: readonly Mentionable[];
  /** Display names by account id. */
  readonly names: ReadonlyMap<UserId, string>;
}

export const noViewer: ReportViewer = { userId: null, canComment: false, signs: [], members: [], names: new Map() };

export const ViewerContext = createContext<ReportViewer>(noViewer);

export function useViewer(): ReportViewer {
  return useContext(ViewerContext);
}

/** A member's name as the page shows it, for an id the members list may no longer hold. */
export function nameOf(viewer: ReportViewer, id: UserId): string {
  return viewer.names.get(id) ?? `成员 ${id}`;
}

/**
 * The viewer of an open report page, and the same handed to the session's comment state. The
 * page writes nothing while the rights are being reloaded (`frozen`) or after a removal.
 */
export function useReportViewer(session: ReportSession, reportId: string, account: AccountState, access: ReportAccessView, frozen: boolean): ReportViewer {
  const signedIn = account.kind === 'signed-in' ? account.user : null;
  const viewer = useMemo((): ReportViewer => {
    const members = access.members.filter((m): m is MemberView & { id: string } => typeof m.id === 'string');
    const mine = signedIn ? members.find((m) => m.name.toLowerCase() === signedIn.name.toLowerCase()) : undefined;
    const userId = signedIn?.id ?? mine?.id ?? null;
    const writable = userId !== null && access.rights !== null && !frozen && !access.removed;
    return {
      userId,
      canComment: writable && canComment(access.rights!),
      signs: writable && canSignOff(access.rights!) ? (mine?.signs ?? []) : [],
      members: members.map(({ id, name, displayName }) => ({ id, name, displayName })),
      names: new Map(members.map((m) => [m.id, m.displayName])),
    };
  }, [signedIn, access.members, access.rights, access.removed, frozen]);
  const readsKey = signedIn ? mentionsReadKey(scopeOfUser(signedIn.name), reportId) : null;
  useEffect(() => {
    session.comments.setViewer({ userId: viewer.userId, canComment: viewer.canComment, members: viewer.members, readsKey });
  }, [session, viewer, readsKey]);
  return viewer;
}
