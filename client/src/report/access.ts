/**
 * The signed-in user's rights on one report and its members, for locking what they may not edit
 * (the server enforces the same rules; this only keeps the UI honest). Without accounts every
 * part is editable. A role change reaches an open page through the sync connection's close code.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PartKey } from '../../../schema/format.ts';
import { canEditPart, parseRights, type ReportRole, type Rights } from '../../../schema/permissions.ts';
import type { SignoffStep } from '../../../schema/signoffs/steps.ts';
import type { AccountState } from '../account.ts';
import { accessCacheKey, scopeOfUser } from '../collab/local-copies.ts';
import type { RightsNotice } from '../collab/rights-notices.ts';

export interface MemberView {
  /** The account id: how comments and sign-offs name the member (absent in a copy read before they existed). */
  readonly id?: string;
  readonly name: string;
  readonly displayName: string;
  readonly role: ReportRole;
  readonly parts: readonly PartKey[] | 'all';
  /** The sign-off steps the owner designated them for. */
  readonly signs?: readonly SignoffStep[];
}

export interface ReportAccessView {
  /** null while loading. */
  readonly rights: Rights | null;
  readonly members: readonly MemberView[];
  /**
   * True while the rights are being reloaded because the server said they changed: the page
   * keeps everything read-only meanwhile, so that nothing is typed into a part that may no
   * longer be this user's (the server would refuse it on reconnecting, for good).
   */
  readonly refreshing: boolean;
  /** The server removed this user from the report while the page was open: read-only, with a notice. */
  readonly removed: boolean;
  readonly reload: () => void;
}

/** What the page hears from the sync connection about rights (`RightsNotices`). */
export interface RightsNoticeSource {
  subscribe(listener: (notice: RightsNotice) => void): () => void;
}

const everything: Rights = { role: 'owner', parts: 'all' };
const readOnly: Rights = { role: 'viewer', parts: 'all' };

interface AccessState {
  readonly rights: Rights | null;
  readonly members: readonly MemberView[];
  readonly refreshing: boolean;
  readonly removed: boolean;
}

/**
 * The user's rights and the members, from `GET /api/reports/:id/members`; reloaded after a
 * change in the members panel and whenever the sync server closes the connection over rights
 * (4100 changed, 4403 refused): a 403 then means the user was removed.
 */
export function useReportAccess(reportId: string, account: AccountState, notices: RightsNoticeSource | null): ReportAccessView {
  const [state, setState] = useState<AccessState>({ rights: null, members: [], refreshing: false, removed: false });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  // Whether this page has seen the user as a member: only then is a 403 a removal.
  const wasMember = useRef(false);

  useEffect(() => {
    if (!notices) return;
    return notices.subscribe((notice) => {
      // Another member's rights changed: this user's did not (that would close with 4100).
      if (notice !== 'members-changed') setState((s) => (s.rights === null || s.removed ? s : { ...s, refreshing: true }));
      reload();
    });
  }, [notices, reload]);

  useEffect(() => {
    if (account.kind !== 'signed-in') {
      setState({ rights: everything, members: [], refreshing: false, removed: false });
      return;
    }
    let cancelled = false;
    const cacheKey = accessCacheKey(scopeOfUser(account.user.name), reportId);
    void (async () => {
      const response = await fetch(`/api/reports/${encodeURIComponent(reportId)}/members`, { headers: { accept: 'application/json' } }).catch(() => null);
      if (cancelled) return;
      if (response === null) {
        // Unreachable: keep what is shown (the connection indicator says why); a page opened
        // offline shows what was last read here, or read-only if nothing was.
        setState((s) => {
          if (s.rights !== null) return { ...s, refreshing: false };
          const cached = readCachedAccess(cacheKey) ?? { rights: readOnly, members: [] };
          return { ...cached, refreshing: false, removed: false };
        });
        return;
      }
      if (!response.ok) {
        setState({ rights: readOnly, members: [], refreshing: false, removed: response.status === 403 && wasMember.current });
        return;
      }
      const { members } = (await response.json()) as { members: MemberView[] };
      if (cancelled) return;
      const mine = members.find((m) => m.name.toLowerCase() === account.user.name.toLowerCase());
      const parsed = mine ? parseRights(mine.role, mine.parts) : null;
      const rights = account.user.role === 'admin' ? everything : parsed?.ok ? parsed.rights : readOnly;
      wasMember.current = true;
      window.localStorage.setItem(cacheKey, JSON.stringify({ rights, members } satisfies CachedAccess));
      setState({ rights, members, refreshing: false, removed: false });
    })();
    return () => {
      cancelled = true;
    };
  }, [reportId, account, generation]);
  return { ...state, reload };
}

interface CachedAccess {
  readonly rights: Rights;
  readonly members: readonly MemberView[];
}

/** The rights and members last read for this copy, if they still parse. */
function readCachedAccess(key: string): CachedAccess | null {
  try {
    const cached = JSON.parse(window.localStorage.getItem(key) ?? 'null') as CachedAccess | null;
    if (!cached || !Array.isArray(cached.members)) return null;
    const parsed = parseRights(cached.rights.role, cached.rights.parts);
    return parsed.ok ? { rights: parsed.rights, members: cached.members } : null;
  } catch {
    return null;
  }
}

/** Display names of the members who may edit `part` (for 「仅 张三 可编辑」). */
export function editorsOf(members: readonly MemberView[], part: PartKey): string[] {
  return members
    .filter((m) => {
      const parsed = parseRights(m.role, m.parts);
      return parsed.ok && canEditPart(parsed.rights, part);
    })
    .map((m) => m.displayName);
}
