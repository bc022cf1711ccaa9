/** The page's comment state as React reads it (comments-state.ts). */
import { useEffect, useSyncExternalStore } from 'react';
import type { ThreadView } from '../../../schema/comments/threads.ts';
import type { CommentsState, CommentsUi } from './comments-state.ts';

export function useThreads(comments: CommentsState): readonly ThreadView[] {
  return useSyncExternalStore(comments.threads.subscribe, () => comments.threads.all);
}

export function useCommentsUi(comments: CommentsState): CommentsUi {
  return useSyncExternalStore(comments.subscribe, () => comments.ui);
}

/** The viewer's read mentions (an empty set without an account). */
export function useReadMentions(comments: CommentsState): ReadonlySet<string> {
  useSyncExternalStore(comments.subscribe, () => comments.reads);
  const reads = comments.reads;
  return useSyncExternalStore(reads?.subscribe ?? noSubscription, () => reads?.keys ?? noKeys);
}

const noKeys: ReadonlySet<string> = new Set();
const noSubscription = () => () => {};

/** Ctrl+Alt+M anywhere on the page: a thread on the selected text or the focused cell. */
export function useCommentShortcut(comments: CommentsState, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || !event.altKey || event.shiftKey || event.code !== 'KeyM') return;
      event.preventDefault();
      comments.commentOnSelection();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [comments, enabled]);
}

/**
 * A click anywhere but on a thread, a highlight, a cell's mark or 我的提及 closes the open
 * thread (which the filter may then hide: a thread resolved while open stays until then). On
 * the click, not the mouse button going down: the open card shrinking would move what is under
 * the pointer before the button comes up, and the click would miss it. In the capture phase,
 * before the page handles the click: what was clicked may be gone after (a closing menu).
 */
export function useCloseThreadOnClickAway(comments: CommentsState): void {
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (comments.ui.activeId === null || !(event.target instanceof Element)) return;
      if (event.target.closest('.thread-card, .comment-highlight, .cell-comment-mark, .mentions-menu')) return;
      comments.focusThread(null);
    };
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  }, [comments]);
}
