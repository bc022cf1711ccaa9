/**
 * 成员: who has which role on the report. Everyone sees the list; the owner (or an admin) adds
 * people by user name, sets their role and, for editors, the parts they edit, and removes them.
 */
import { type FormEvent, useState } from 'react';
import { type PartKey, partKeys, partTitles } from '../../../schema/format.ts';
import { type ReportRole, reportRoleLabels, reportRoles } from '../../../schema/permissions.ts';
import type { MemberView } from './access.ts';

interface Props {
  reportId: string;
  members: readonly MemberView[];
  canManage: boolean;
  csrfToken: string;
  onChanged: () => void;
}

function partsLabel(parts: readonly PartKey[] | 'all'): string {
  return parts === 'all' ? '全部' : parts.map((p) => partTitles[p].split('、', 1)[0]).join('、');
}

export function MembersPanel({ reportId, members, canManage, csrfToken, onChanged }: Props) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<ReportRole>('editor');
  const [parts, setParts] = useState<PartKey[]>([]);
  const [error, setError] = useState<string | null>(null);

  const send = async (method: 'PUT' | 'DELETE', member: string, body?: unknown) => {
    setError(null);
    const response = await fetch(`/api/reports/${encodeURIComponent(reportId)}/members/${encodeURIComponent(member)}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(answer?.error?.message ?? `操作失败（${response.status}）`);
      return;
    }
    onChanged();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const limited = role === 'editor' && parts.length > 0 && parts.length < partKeys.length;
    await send('PUT', name.trim(), { role, parts: limited ? parts : 'all' });
    setName('');
    setParts([]);
  };

  return (
    <section className="members" aria-label="成员">
      <h2>成员</h2>
      <ul>
        {members.map((m) => (
          <li key={m.name} data-member={m.name}>
            <span className="member-name">{m.displayName}</span>
            <span className="member-role">
              {reportRoleLabels[m.role]}
              {m.role === 'editor' ? `（${partsLabel(m.parts)}）` : ''}
            </span>
            {canManage ? (
              <button type="button" className="member-remove" title={`移除 ${m.displayName}`} onClick={() => void send('DELETE', m.name)}>
                移除
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canManage ? (
        <form className="member-form" onSubmit={submit}>
          <input aria-label="用户名" placeholder="用户名" value={name} onChange={(e) => setName(e.target.value)} required />
          <select aria-label="角色" value={role} onChange={(e) => setRole(e.target.value as ReportRole)}>
            {reportRoles.map((r) => (
              <option key={r} value={r}>
                {reportRoleLabels[r]}
              </option>
            ))}
          </select>
          {role === 'editor' ? (
            <fieldset className="member-parts">
              <legend>负责的部分（不选为全部）</legend>
              {partKeys.map((p) => (
                <label key={p}>
                  <input
                    type="checkbox"
                    checked={parts.includes(p)}
                    onChange={(e) => setParts(e.target.checked ? [...parts, p] : parts.filter((x) => x !== p))}
                  />
                  {partTitles[p].split('、', 1)[0]}
                </label>
              ))}
            </fieldset>
          ) : null}
          <button type="submit">邀请 / 更新</button>
        </form>
      ) : null}
      {error ? (
        <p className="member-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
