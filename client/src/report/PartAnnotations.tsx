/**
 * What sits under a part's title besides its text: the part's sign-off (signoffs/) and the button
 * that starts a comment on the whole part, for a member who may comment.
 */
import { memo } from 'react';
import type { PartKey } from '../../../schema/format.ts';
import type { ReportSession } from '../collab/session.ts';
import { PartSignoffBar } from '../signoffs/PartSignoffBar.tsx';
import { useViewer } from './viewer.ts';

export const PartAnnotations = memo(function PartAnnotations({ session, part }: { session: ReportSession; part: PartKey }) {
  const viewer = useViewer();
  return (
    <div className="part-annotations">
      <PartSignoffBar session={session} part={part} />
      {viewer.canComment ? (
        <button type="button" className="part-comment" data-comment-part={part} onClick={() => session.comments.commentOnPart(part)}>
          批注此部分
        </button>
      ) : null}
    </div>
  );
});
