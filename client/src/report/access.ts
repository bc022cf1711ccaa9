/**
 * The signed-in user's rights on one report and its members, for locking what they may not edit
 * (the server enforces the same rules; this only keeps the UI honest). Without accounts every
 * part is editable.
 */
import { useCallback, useEffect, useState } from 'react';
import type { PartKey } from '../../../schema/format.ts';
import { canEditPart, parseRights, type ReportRole, type Rights } from '../../../schema/permissions.ts';
import type { AccountState } from '../account.ts';

export interface MemberView {
  readonly name: string;
  readonly displayName: string;
  readonly role: ReportRole;
  readonly parts: readonly PartKey[] | 'all';
}

export interface ReportAccessView {
  /** null while loading. */
  readonly rights: Rights | null;
  readonly members: readonly MemberView[];
  readonly reload: () => void;
}

const everything: Rights = { role: 'owner', parts: 'all' };

export function useReportAccess(reportId: string, account: AccountState): ReportAccessView {
  const [state, setState] = useState<{ rights: Rights | null; members: MemberView[] }>({ rights: null, members: [] });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    if (account.kind !== 'signed-in') {
      setState({ rights: everything, members: [] });
      return;
    }
    let cancelled = false;
    void (async () => {
      const response = await fetch(`/api/reports/${encodeURIComponent(reportId)}/members`, { headers: { accept: 'application/json' } });
      if (!response.ok) {
        if (!cancelled) setState({ rights: { role: 'viewer', parts: 'all' }, members: [] });
        return;
      }
      const { members } = (await response.json()) as { members: MemberView[] };
      const mine = members.find((m) => m.name.toLowerCase() === account.user.name.toLowerCase());
      const parsed = mine ? parseRights(mine.role, mine.parts) : null;
      const rights = account.user.role === 'admin' ? everything : parsed?.ok ? parsed.rights : { role: 'viewer' as const, parts: 'all' as const };
      if (!cancelled) setState({ rights, members });
    })();
    return () => {
      cancelled = true;
    };
  }, [reportId, account, generation]);
  return { ...state, reload };
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
