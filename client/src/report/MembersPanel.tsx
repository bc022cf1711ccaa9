/**
 * 成员: who has which role on the report, and who may take which sign-off step. Everyone sees
 * the list; the owner (or an admin) adds people by user name, sets their role and, for editors,
 * the parts they edit, removes them, and designates who signs as 撰稿人, 科室负责人 and 分管领导
 * (`PUT …/signers`; a viewer signs nothing, so has no boxes).
 */
import { type FormEvent, useState } from 'react';
import { type PartKey, partKeys, partTitles } from '../../../schema/format.ts';
import { type ReportRole, reportRoleLabels, reportRoles } from '../../../schema/permissions.ts';
import { type SignoffStep, signoffStepLabels, signoffSteps } from '../../../schema/signoffs/steps.ts';
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

  const send = async (method: 'PUT' | 'DELETE', path: string, body?: unknown) => {
    setError(null);
    const response = await fetch(`/api/reports/${encodeURIComponent(reportId)}/${path}`, {
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
    await send('PUT', memberPath(name.trim()), { role, parts: limited ? parts : 'all' });
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
            {m.role === 'viewer' ? null : canManage ? (
              <fieldset className="member-signs">
                <legend>签批</legend>
                {signoffSteps.map((step) => (
                  <label key={step}>
                    <input
                      type="checkbox"
                      data-sign-step={step}
                      checked={signsOf(m).includes(step)}
                      onChange={(e) => void send('PUT', 'signers', designations(members, m.name, step, e.target.checked))}
                    />
                    {signoffStepLabels[step]}
                  </label>
                ))}
              </fieldset>
            ) : signsOf(m).length > 0 ? (
              <span className="member-signs-label">签批：{signsOf(m).map((step) => signoffStepLabels[step]).join('、')}</span>
            ) : null}
            {canManage ? (
              <button type="button" className="member-remove" title={`移除 ${m.displayName}`} onClick={() => void send('DELETE', memberPath(m.name))}>
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

function memberPath(name: string): string {
  return `members/${encodeURIComponent(name)}`;
}

function signsOf(member: MemberView): readonly SignoffStep[] {
  return member.signs ?? [];
}

/** The body of `PUT …/signers`: every member's steps as now, with `step` of `name` set to `on`. */
function designations(members: readonly MemberView[], name: string, step: SignoffStep, on: boolean): Record<SignoffStep, string[]> {
  const body = Object.fromEntries(signoffSteps.map((s) => [s, [] as string[]])) as Record<SignoffStep, string[]>;
  for (const m of members) {
    if (m.role === 'viewer') continue;
    for (const s of signoffSteps) {
      const holds = m.name === name && s === step ? on : signsOf(m).includes(s);
      if (holds) body[s].push(m.name);
    }
  }
  return body;
}
