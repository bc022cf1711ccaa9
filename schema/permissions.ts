/**
 * Who may change what in a report: the roles of issue 5 and the rights of one connection.
 *
 * Pure and shared: the server enforces these rules on every incoming Yjs update
 * (`server/permissions/`), the browser uses the same functions to lock what the user may not
 * edit. The unit of permission is the root shared type of the Y.Doc (`schema/ydoc.ts`): one per
 * narrative part, one per table, plus `meta`, `comments` and `signoffs`.
 */
import { type PartKey, partKeys, partTitles } from './format.ts';
import { partOfRoot } from './ydoc.ts';

export const reportRoles = ['owner', 'editor', 'reviewer', 'viewer'] as const;
/** A member's role on one report. Admins act as owner on every report. */
export type ReportRole = (typeof reportRoles)[number];

export const reportRoleLabels: Readonly<Record<ReportRole, string>> = {
  owner: '所有者',
  editor: '编辑',
  reviewer: '审核人',
  viewer: '查看者',
};

/**
 * What one connection may do. Only an editor can be limited to some parts (the licensing
 * clerk edits only table 二: `{ role: 'editor', parts: ['proactive'] }`); every other role has
 * `parts: 'all'`, which the type enforces, because a part list means nothing for them: an owner
 * edits everything, a reviewer and a viewer edit no content at all.
 */
export type Rights =
  | { readonly role: 'editor'; readonly parts: readonly PartKey[] | 'all' }
  | { readonly role: 'owner' | 'reviewer' | 'viewer'; readonly parts: 'all' };

export function isReportRole(value: unknown): value is ReportRole {
  return (reportRoles as readonly unknown[]).includes(value);
}

export function isPartKey(value: unknown): value is PartKey {
  return (partKeys as readonly unknown[]).includes(value);
}

/**
 * Rights from untrusted input (a stored membership, a REST body `{"role": "...", "parts": [...]}`).
 * `parts` may be omitted or `'all'`; a list is accepted for editors only, must name known parts
 * and not be empty (an editor with no part is a viewer: give that role instead). A list of all
 * six parts is the same as `'all'`. Messages are for the members panel, hence zh-CN.
 */
export function parseRights(role: unknown, parts?: unknown): { ok: true; rights: Rights } | { ok: false; message: string } {
  if (!isReportRole(role)) return { ok: false, message: `未知的角色：${String(role)}（应为 ${reportRoles.join('、')} 之一）` };
  if (parts === undefined || parts === 'all') {
    return { ok: true, rights: role === 'editor' ? { role, parts: 'all' } : { role, parts: 'all' } };
  }
  if (role !== 'editor') return { ok: false, message: `只有编辑可以限定负责的部分，${reportRoleLabels[role]}不能` };
  if (!Array.isArray(parts)) return { ok: false, message: '负责的部分应为部分名称的列表' };
  const unknown = parts.filter((p) => !isPartKey(p));
  if (unknown.length > 0) return { ok: false, message: `未知的部分：${unknown.map(String).join('、')}` };
  const chosen = partKeys.filter((p) => parts.includes(p));
  if (chosen.length === 0) return { ok: false, message: '编辑至少要负责一个部分；只阅读的成员请设为查看者' };
  return { ok: true, rights: { role, parts: chosen.length === partKeys.length ? 'all' : chosen } };
}

/** The parts a connection may edit the content of, in the format's order. */
export function editableParts(rights: Rights): readonly PartKey[] {
  switch (rights.role) {
    case 'owner':
      return partKeys;
    case 'editor':
      return rights.parts === 'all' ? partKeys : partKeys.filter((p) => rights.parts.includes(p));
    case 'reviewer':
    case 'viewer':
      return [];
  }
}

export function canEditPart(rights: Rights, part: PartKey): boolean {
  return editableParts(rights).includes(part);
}

/** True for owners and for editors of every part: the connections the server trusts with content. */
export function hasAllContentRights(rights: Rights): boolean {
  return editableParts(rights).length === partKeys.length;
}

/** Reviewers comment: that is their job. Editors reply to comments on their drafts. */
export function canComment(rights: Rights): boolean {
  return rights.role !== 'viewer';
}

/**
 * The sign-off chain is 撰稿人 (an editor) → 科室负责人 → 分管领导 (reviewers), and the owner
 * signs for the agency; so everyone but a viewer may write the `signoffs` root. Which step a
 * member takes is the owner's designation per report, not a role: the server checks it per
 * record (server/permissions/annotations.ts), for any part.
 */
export function canSignOff(rights: Rights): boolean {
  return rights.role !== 'viewer';
}

/** Only the owner changes `meta` (agency, kind, year, publication date, layout version): they
 * define which report this is and feed the deadline and continuity rules of every part. */
export function canEditMeta(rights: Rights): boolean {
  return rights.role === 'owner';
}

/**
 * May this connection change the root shared type `rootName`? A name the layout does not know
 * is writable by no one: creating it is a client bug or an attack. `text.preamble` belongs to
 * `overview` (`partOfRoot`). `comments` is one root for all parts, so a part-limited editor
 * comments anywhere: comments do not change the report's content.
 */
export function canEditRoot(rights: Rights, rootName: string): boolean {
  const part = partOfRoot(rootName);
  switch (part) {
    case undefined:
      return false;
    case 'meta':
      return canEditMeta(rights);
    case 'comments':
      return canComment(rights);
    case 'signoffs':
      return canSignOff(rights);
    default:
      return canEditPart(rights, part);
  }
}

/** Nothing in the document is writable: no content, no comment, no sign-off. */
export function isReadOnly(rights: Rights): boolean {
  return editableParts(rights).length === 0 && !canComment(rights) && !canSignOff(rights) && !canEditMeta(rights);
}

/** What the UI locks: a part's content, or the report's basic information (`meta`). */
export type LockTarget = PartKey | 'meta';

/** 「一、总体情况」 → 「一」: parts are named by their numeral in short lists. */
function partNumeral(part: PartKey): string {
  return partTitles[part].split('、', 1)[0];
}

/**
 * Why `target` is locked for this connection, in zh-CN, or `null` if it is editable. The UI adds
 * who may edit it (「仅 张三 可编辑此部分」): membership is not known here.
 */
export function lockReason(rights: Rights, target: LockTarget): string | null {
  if (target === 'meta') {
    return canEditMeta(rights) ? null : '报告的基本信息（机关名称、年度、发布日期）仅所有者可以修改';
  }
  if (canEditPart(rights, target)) return null;
  switch (rights.role) {
    case 'viewer':
      return '您是查看者，只能阅读本报告';
    case 'reviewer':
      return '您是审核人，可以批注和签署，不能修改正文';
    case 'editor':
    case 'owner': {
      const mine = editableParts(rights).map(partNumeral).join('、');
      return `此部分未分配给您编辑（您负责的部分：${mine}）`;
    }
  }
}

/**
 * Close codes of the live connection that concern rights (docs/api.md, "Close codes").
 * `rightsChanged`: the member's role or parts changed; the client reloads its rights and
 * reconnects (y-websocket does, since the code is outside 4400–4499, which it treats as final).
 * `unauthenticated`: the session or access token behind the connection ended (sign-out, a
 * password change, expiry); final: the page asks who is signed in, and shows the sign-in page.
 * `forbidden`: an update outside the rights, or the member was removed; final.
 */
export const rightsCloseCodes = { rightsChanged: 4100, unauthenticated: 4401, forbidden: 4403 } as const;

/**
 * The close reasons that tell the two `forbidden` cases apart. `updateRefused`: the connection
 * sent an update outside its rights; the browser holds changes the server will never take (typed
 * offline, or just before a role change), and must drop them to sync again. `removed`: the user
 * has no role on the report any more.
 */
export const rightsCloseReasons = { rightsChanged: 'rights changed', updateRefused: 'update refused', removed: 'removed from report' } as const;
