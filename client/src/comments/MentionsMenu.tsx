/**
 * 我的提及 in the top bar: the threads whose comments mention me, newest first, the unread ones
 * marked and counted on the button. Choosing one opens it beside its part (and marks it read).
 */
import { memo, useEffect, useRef, useState } from 'react';
import { threadsMentioning } from '../../../schema/comments/threads.ts';
import type { ReportSession } from '../collab/session.ts';
import { nameOf, useViewer } from '../report/viewer.ts';
import { formatTime } from './format-time.ts';
import { unreadThreadIds } from './mention-reads.ts';
import { AnchorLine } from './ThreadCard.tsx';
import { useReadMentions, useThreads } from './use-comments.ts';

export const MentionsMenu = memo(function MentionsMenu({ session }: { session: ReportSession }) {
  const comments = session.comments;
  const viewer = useViewer();
  const threads = useThreads(comments);
  const read = useReadMentions(comments);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  if (viewer.userId === null) return null;
  const me = viewer.userId;
  const mentioning = threadsMentioning(threads, me)
    .map((thread) => ({ thread, last: Math.max(...thread.comments.filter((c) => c.mentions.includes(me)).map((c) => c.at)) }))
    .sort((a, b) => b.last - a.last);
  const unread = unreadThreadIds(threads, me, read);
  return (
    <div className="mentions-menu" ref={root}>
      <button type="button" className="mentions-button" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)}>
        我的提及
        {unread.size > 0 ? (
          <span className="mentions-unread" aria-label={`${unread.size} 条未读`}>
            {unread.size}
          </span>
        ) : null}
      </button>
      {open ? (
        <div className="mentions-popup" role="dialog" aria-label="我的提及">
          {mentioning.length === 0 ? (
            <p className="mentions-empty">还没有人在批注中提及您。</p>
          ) : (
            <ul>
              {mentioning.map(({ thread, last }) => {
                const by = thread.comments.findLast((c) => c.mentions.includes(me));
                return (
                  <li key={thread.id} className={unread.has(thread.id) ? 'unread' : undefined} data-thread={thread.id}>
                    <button
                      type="button"
                      onClick={() => {
                        setOpen(false);
                        comments.openThread(thread.id);
                      }}
                    >
                      {unread.has(thread.id) ? <span className="unread-dot">未读</span> : null}
                      <span className="mention-by">
                        {by ? nameOf(viewer, by.author) : ''} · {formatTime(last)}
                        {thread.resolved ? ' · 已解决' : ''}
                      </span>
                      <AnchorLine anchor={thread.anchor} position={thread.position} />
                      <span className="mention-text">{by?.text}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
});
