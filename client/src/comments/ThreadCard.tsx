/**
 * One thread beside its part: what it is on (the text, a cell, the whole part, or the quote of
 * deleted text, 「原文已删除」), its comments with author, time and 「已编辑」, and — open, for a
 * member who may comment — reply, resolve or reopen, and edit or delete one's own comments.
 */
import { type CSSProperties, type Ref, memo, useState } from 'react';
import type { Anchor } from '../../../schema/comments/anchor.ts';
import type { ResolvedAnchor } from '../../../schema/comments/resolve-anchor.ts';
import type { CommentView, ThreadView } from '../../../schema/comments/threads.ts';
import { partTitles } from '../../../schema/format.ts';
import { cellLabelById } from '../../../schema/rules/labels.ts';
import { type ReportViewer, nameOf, useViewer } from '../report/viewer.ts';
import type { CommentsState } from './comments-state.ts';
import { CommentComposer } from './CommentComposer.tsx';
import { formatTime } from './format-time.ts';
import { mentionRuns } from './mentions.ts';

interface Props {
  comments: CommentsState;
  thread: ThreadView;
  active: boolean;
  unread: boolean;
  style?: CSSProperties;
  cardRef?: Ref<HTMLElement>;
}

export const ThreadCard = memo(function ThreadCard({ comments, thread, active, unread, style, cardRef }: Props) {
  const viewer = useViewer();
  const classes = ['thread-card', active ? 'active' : '', thread.resolved ? 'resolved' : '', unread ? 'unread' : ''].filter(Boolean).join(' ');
  return (
    <article ref={cardRef} className={classes} style={style} data-thread={thread.id} aria-label="批注" onClick={() => comments.focusThread(thread.id)}>
      <AnchorLine anchor={thread.anchor} position={thread.position} />
      {unread ? <span className="unread-mark">未读提及</span> : null}
      <ol className="thread-comments">
        {thread.comments.map((c) => (
          <CommentItem key={c.id} comments={comments} thread={thread} comment={c} viewer={viewer} />
        ))}
      </ol>
      {thread.resolved ? <p className="thread-resolved-note">已解决</p> : null}
      {active && viewer.canComment ? (
        <div className="thread-actions">
          {thread.resolved ? null : (
            <CommentComposer
              members={viewer.members}
              label="回复批注"
              placeholder="回复…"
              submitLabel="回复"
              onSubmit={(text, mentions) => comments.reply(thread.id, text, mentions)}
            />
          )}
          <button type="button" className="thread-resolve" onClick={() => comments.setResolved(thread.id, !thread.resolved)}>
            {thread.resolved ? '重新打开' : '解决'}
          </button>
        </div>
      ) : null}
    </article>
  );
});

/** What the thread is on, as the reader sees it now. */
export function AnchorLine({ anchor, position }: { anchor: Anchor; position: ResolvedAnchor | null }) {
  if (position?.kind === 'text' && !position.attached) {
    return (
      <p className="thread-anchor detached">
        <q>{shorten(position.quote)}</q> <span className="detached-label">原文已删除</span>
      </p>
    );
  }
  if (position?.kind === 'text') return <p className="thread-anchor"><q>{shorten(position.text)}</q></p>;
  if ('quote' in anchor) return <p className="thread-anchor"><q>{shorten(anchor.quote)}</q></p>;
  if ('cell' in anchor) return <p className="thread-anchor anchor-cell">单元格：{cellLabelById(`${anchor.part}.${anchor.cell}`)}</p>;
  return <p className="thread-anchor anchor-part">整个部分：{partTitles[anchor.part]}</p>;
}

function shorten(text: string): string {
  const oneLine = text.replaceAll('\n', ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 58)}…` : oneLine;
}

function CommentItem({ comments, thread, comment, viewer }: { comments: CommentsState; thread: ThreadView; comment: CommentView; viewer: ReportViewer }) {
  const [mode, setMode] = useState<'read' | 'edit' | 'confirm-delete'>('read');
  const own = viewer.canComment && comment.author === viewer.userId;
  const mentioned = viewer.members.filter((m) => comment.mentions.includes(m.id));
  return (
    <li className="comment" data-comment={comment.id}>
      <div className="comment-head">
        <span className="comment-author">{nameOf(viewer, comment.author)}</span>
        <time className="comment-time" dateTime={new Date(comment.at).toISOString()}>
          {formatTime(comment.at)}
        </time>
        {comment.edited !== null ? (
          <span className="comment-edited" title={`编辑于 ${formatTime(comment.edited)}`}>
            已编辑
          </span>
        ) : null}
      </div>
      {mode === 'edit' ? (
        <CommentComposer
          members={viewer.members}
          label="编辑批注"
          placeholder="批注内容"
          submitLabel="保存"
          initialText={comment.text}
          initialMentions={comment.mentions}
          autoFocus
          onCancel={() => setMode('read')}
          onSubmit={(text, mentions) => {
            const written = comments.edit(thread.id, comment.id, text, mentions);
            if (written) setMode('read');
            return written;
          }}
        />
      ) : (
        <p className="comment-text">
          {mentionRuns(comment.text, mentioned).map((run, i) => (run.mention ? <mark key={i} className="mention">{run.text}</mark> : <span key={i}>{run.text}</span>))}
        </p>
      )}
      {own && mode === 'read' ? (
        <div className="comment-tools">
          <button type="button" onClick={(e) => (e.stopPropagation(), setMode('edit'))}>
            编辑
          </button>
          <button type="button" onClick={(e) => (e.stopPropagation(), setMode('confirm-delete'))}>
            删除
          </button>
        </div>
      ) : null}
      {own && mode === 'confirm-delete' ? (
        <div className="comment-tools confirm" role="group" aria-label="确认删除">
          <span>删除这条批注？</span>
          <button type="button" className="danger" onClick={(e) => (e.stopPropagation(), comments.remove(thread.id, comment.id))}>
            确认删除
          </button>
          <button type="button" onClick={(e) => (e.stopPropagation(), setMode('read'))}>
            取消
          </button>
        </div>
      ) : null}
    </li>
  );
}
