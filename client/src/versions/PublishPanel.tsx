/**
 * 发布版本: the publication gate as a form. Opening it asks the server's gate without storing
 * anything (a dry run); the form then shows the errors that block (nothing to do here but fix
 * them in the report), a reason field for each warning, and — while parts are not signed off —
 * the owner's reason to publish anyway. 确认发布 sends it all; should the report have changed
 * meanwhile, the server's answer (409) updates the form.
 */
import { type FormEvent, useState } from 'react';
import type { VersionSummary } from '../../../schema/api.ts';
import type { Diagnostic } from '../../../schema/diagnostics.ts';
import { type PartKey, partTitles } from '../../../schema/format.ts';
import { warningKey } from '../../../schema/publication-gate.ts';
import { type CreateAnswer, createVersion } from './versions-api.ts';

interface Props {
  readonly reportId: string;
  readonly csrfToken: string | null;
  readonly onPublished: (version: VersionSummary) => void;
}

/** What the gate asks of this publication, as last answered. */
interface GateState {
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
  readonly unsignedParts: readonly PartKey[];
  readonly message: string | null;
}

export function PublishPanel({ reportId, csrfToken, onPublished }: Props) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('发布版本');
  const [gate, setGate] = useState<GateState | null>(null);
  const [reasons, setReasons] = useState<Readonly<Record<string, string>>>({});
  const [overrideReason, setOverrideReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /** Folds the gate's answer into the form: warnings and unsigned parts are kept once asked for. */
  const absorb = (answer: CreateAnswer, previous: GateState | null): GateState => {
    if (answer.kind === 'created') return previous ?? { errors: [], warnings: [], unsignedParts: [], message: null };
    if (answer.kind === 'ready') return { errors: [], warnings: previous?.warnings ?? [], unsignedParts: answer.unsignedParts, message: null };
    const known = new Set((previous?.warnings ?? []).map(warningKey));
    return {
      errors: answer.blocking.errors,
      warnings: [...(previous?.warnings ?? []), ...answer.blocking.warnings.filter((w) => !known.has(warningKey(w)))],
      unsignedParts: answer.blocking.unsignedParts.length > 0 ? answer.blocking.unsignedParts : (previous?.unsignedParts ?? []),
      message: answer.message,
    };
  };

  const check = async () => {
    setBusy(true);
    setError(null);
    try {
      setGate(absorb(await createVersion(reportId, csrfToken, { kind: 'published', name, dryRun: true }), null));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const toggle = () => {
    if (open) return setOpen(false);
    setOpen(true);
    setGate(null);
    void check();
  };

  const publish = async (event: FormEvent) => {
    event.preventDefault();
    if (!gate) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await createVersion(reportId, csrfToken, {
        kind: 'published',
        name,
        acknowledgements: gate.warnings.map((w) => ({ warning: warningKey(w), reason: reasons[warningKey(w)] ?? '' })),
        ...(gate.unsignedParts.length > 0 ? { overrideReason } : {}),
      });
      if (answer.kind === 'created') {
        setOpen(false);
        setGate(null);
        setReasons({});
        setOverrideReason('');
        onPublished(answer.version);
      } else setGate(absorb(answer, gate));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const missingReasons = gate ? gate.warnings.some((w) => (reasons[warningKey(w)] ?? '').trim() === '') : true;
  const missingOverride = gate ? gate.unsignedParts.length > 0 && overrideReason.trim() === '' : true;
  const canPublish = gate !== null && gate.errors.length === 0 && !missingReasons && !missingOverride && name.trim() !== '' && !busy;

  return (
    <section className="publish-panel" aria-label="发布版本">
      <button type="button" className="primary" onClick={toggle} aria-expanded={open}>
        发布版本
      </button>
      {open ? (
        <form className="gate-form" onSubmit={publish}>
          <label>
            版本名称
            <input name="version-name" value={name} maxLength={100} onChange={(e) => setName(e.currentTarget.value)} />
          </label>
          {gate === null ? <p className="muted">{busy ? '正在检查能否发布……' : null}</p> : null}
          {gate && gate.errors.length > 0 ? (
            <div className="gate-errors" role="alert">
              <p>以下错误必须先在报告中改正，才能发布：</p>
              <ul>
                {gate.errors.map((d) => (
                  <li key={warningKey(d)} data-rule={d.rule}>
                    {d.message}
                  </li>
                ))}
              </ul>
              <button type="button" onClick={() => void check()} disabled={busy}>
                重新检查
              </button>
            </div>
          ) : null}
          {gate && gate.warnings.length > 0 ? (
            <fieldset className="gate-warnings">
              <legend>以下警告需逐条说明理由后才能发布</legend>
              {gate.warnings.map((w) => (
                <label key={warningKey(w)} className="gate-warning" data-rule={w.rule}>
                  <span>{w.message}</span>
                  <textarea
                    aria-label={`理由：${w.message}`}
                    maxLength={500}
                    value={reasons[warningKey(w)] ?? ''}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setReasons((r) => ({ ...r, [warningKey(w)]: value }));
                    }}
                  />
                </label>
              ))}
            </fieldset>
          ) : null}
          {gate && gate.unsignedParts.length > 0 ? (
            <fieldset className="gate-unsigned">
              <legend>以下部分尚未签批</legend>
              <ul>
                {gate.unsignedParts.map((part) => (
                  <li key={part}>{partTitles[part]}</li>
                ))}
              </ul>
              <label>
                仍要发布的理由（所有者）
                <textarea name="override-reason" maxLength={500} value={overrideReason} onChange={(e) => setOverrideReason(e.currentTarget.value)} />
              </label>
            </fieldset>
          ) : null}
          {gate && gate.errors.length === 0 && gate.warnings.length === 0 && gate.unsignedParts.length === 0 ? (
            <p className="gate-ready">检查通过，可以发布。</p>
          ) : null}
          {error ? <p className="form-error">{error}</p> : null}
          <div className="gate-actions">
            <button type="submit" className="primary" disabled={!canPublish}>
              {busy ? '正在发布……' : '确认发布'}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              取消
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
