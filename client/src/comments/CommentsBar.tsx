/**
 * 批注 above the document: the filters (未解决 / 已解决 / 我的, each with its count), the shortcut,
 * and what the page has to say about a comment (nothing selected, a write that failed). Also
 * listens for Ctrl+Alt+M for a member who may comment, and closes the open thread on a click away.
 */
import { memo } from 'react';
import type { ReportSession } from '../collab/session.ts';
import { useViewer } from '../report/viewer.ts';
import { filterCounts, threadFilterLabels, threadFilters } from './thread-filter.ts';
import { useCloseThreadOnClickAway, useCommentShortcut, useCommentsUi, useThreads } from './use-comments.ts';

export const CommentsBar = memo(function CommentsBar({ session }: { session: ReportSession }) {
  const comments = session.comments;
  const viewer = useViewer();
  const threads = useThreads(comments);
  const ui = useCommentsUi(comments);
  useCommentShortcut(comments, viewer.canComment);
  useCloseThreadOnClickAway(comments);
  const counts = filterCounts(threads, viewer.userId);
  return (
    <div className="comments-bar">
      <span className="comments-bar-title">批注</span>
      <div className="thread-filters" role="radiogroup" aria-label="显示的批注">
        {threadFilters.map((filter) =>
          filter === 'mine' && viewer.userId === null ? null : (
            <button
              key={filter}
              type="button"
              role="radio"
              aria-checked={ui.filter === filter}
              className={ui.filter === filter ? 'selected' : undefined}
              data-filter={filter}
              onClick={() => comments.setFilter(filter)}
            >
              {threadFilterLabels[filter]} <span className="filter-count">{counts[filter]}</span>
            </button>
          ),
        )}
      </div>
      {viewer.canComment ? <span className="comments-hint">选中文字或单元格后按 Ctrl+Alt+M 批注</span> : null}
      {ui.notice ? (
        <p className="comments-notice" role="status">
          {ui.notice}
          <button type="button" onClick={() => comments.dismissNotice()} aria-label="关闭提示">
            ×
          </button>
        </p>
      ) : null}
    </div>
  );
});
