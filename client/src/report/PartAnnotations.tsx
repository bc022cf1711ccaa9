/**
 * What sits under a part's title besides its text: the part's sign-off (signoffs/) and the button
 * that starts a comment on the whole part, for a member who may comment; nothing on a document
 * that shows neither (a frozen version).
 */
import { memo } from 'react';
import type { PartKey } from '../../../schema/format.ts';
import type { DocumentView } from '../collab/document-view.ts';
import { PartSignoffBar } from '../signoffs/PartSignoffBar.tsx';
import { useViewer } from './viewer.ts';

export const PartAnnotations = memo(function PartAnnotations({ session, part }: { session: DocumentView; part: PartKey }) {
  const viewer = useViewer();
  const { comments, signoffs } = session;
  if (!comments && !signoffs) return null;
  return (
    <div className="part-annotations">
      {signoffs ? <PartSignoffBar doc={session.doc} signoffs={signoffs} part={part} /> : null}
      {comments && viewer.canComment ? (
        <button type="button" className="part-comment" data-comment-part={part} onClick={() => comments.commentOnPart(part)}>
          批注此部分
        </button>
      ) : null}
    </div>
  );
});
