/**
 * The mark of a table cell with comment threads: a corner flag over the cell (the cell keeps its
 * own input and markers) that opens the cell's thread, or the next one on it, when clicked.
 */
import { memo } from 'react';
import type { CellId } from '../../../schema/format.ts';
import type { DocumentView } from '../collab/document-view.ts';
import { useKeyed } from '../collab/use-session.ts';
import type { CommentsState } from './comments-state.ts';
import { useCommentsUi } from './use-comments.ts';

/** The cell's mark, where the document shows comments (a frozen version shows none). */
export const CellCommentMark = memo(function CellCommentMark({ session, id }: { session: DocumentView; id: CellId }) {
  return session.comments ? <Mark comments={session.comments} id={id} /> : null;
});

function Mark({ comments, id }: { comments: CommentsState; id: CellId }) {
  const mark = useKeyed(comments.cellMarks, id);
  const ui = useCommentsUi(comments);
  if (!mark) return null;
  const count = mark.threadIds.length;
  const open = () => {
    if (count === 0) return;
    const current = ui.activeId === null ? -1 : mark.threadIds.indexOf(ui.activeId);
    comments.openThread(mark.threadIds[(current + 1) % count]);
  };
  const classes = ['cell-comment-mark', mark.resolved ? 'resolved' : 'open', mark.active ? 'active' : ''].filter(Boolean).join(' ');
  return (
    <button type="button" className={classes} data-comment-cell={id} title={count > 0 ? `${count} 条批注，点击查看` : '正在批注此单元格'} aria-label={`单元格批注（${count}）`} onClick={open} tabIndex={-1}>
      <span aria-hidden="true">{count > 1 ? count : ''}</span>
    </button>
  );
}
