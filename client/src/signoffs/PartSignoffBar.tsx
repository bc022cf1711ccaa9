/**
 * A part's sign-off under its title: its state (起草中 → 撰稿人已确认 → 科室负责人已审核 →
 * 分管领导已审定), each recorded step with who and when — 「已失效（内容已修改）」 once the part
 * changed after it, for everyone to see — and, for the member the owner designated for the next
 * step, the button that takes it (it records the digest of the part as it is now).
 */
import { memo, useState } from 'react';
import type { PartKey } from '../../../schema/format.ts';
import { signStep } from '../../../schema/signoffs/state.ts';
import { partStateLabels, signoffStepLabels } from '../../../schema/signoffs/steps.ts';
import type * as Y from 'yjs';
import { formatTime } from '../comments/format-time.ts';
import { nameOf, useViewer } from '../report/viewer.ts';
import { offeredStep } from './offer.ts';
import type { SignoffStore } from './signoff-store.ts';
import { usePartSignoff } from './use-signoffs.ts';
import './signoffs.css';

export const PartSignoffBar = memo(function PartSignoffBar({ doc, signoffs, part }: { doc: Y.Doc; signoffs: SignoffStore; part: PartKey }) {
  const signoff = usePartSignoff(signoffs, part);
  const viewer = useViewer();
  const [error, setError] = useState<string | null>(null);
  if (!signoff) return null;
  const step = viewer.userId === null ? null : offeredStep(signoff, viewer.signs);
  const sign = () => {
    if (step === null || viewer.userId === null) return;
    try {
      signStep(doc, part, step, viewer.userId);
      setError(null);
    } catch (e) {
      console.warn('sign-off not written', e);
      setError('未能签署，请刷新页面后重试');
    }
    signoffs.refreshNow();
  };
  return (
    <div className="signoff-bar" data-signoff-part={part} data-state={signoff.state}>
      <span className={`signoff-state state-${signoff.state}`}>{partStateLabels[signoff.state]}</span>
      <ol className="signoff-steps">
        {signoff.steps.map((s) =>
          s.record === null ? null : (
            <li key={s.step} className={s.lapsed ? 'lapsed' : s.counts ? 'counts' : 'waiting'} data-step={s.step}>
              {signoffStepLabels[s.step]} {nameOf(viewer, s.record.by)} · {formatTime(s.record.at)}
              {s.lapsed ? <span className="signoff-lapsed">已失效（内容已修改）</span> : s.counts ? null : <span className="signoff-waiting">（前一步未完成，暂不生效）</span>}
            </li>
          ),
        )}
      </ol>
      {step !== null ? (
        <button type="button" className="signoff-sign" data-step={step} onClick={sign}>
          以{signoffStepLabels[step]}身份签署
        </button>
      ) : null}
      {error ? (
        <span className="signoff-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
});
