/**
 * The threads of one section of the page (the preamble, or a part) and the thread being written
 * there. On a wide page (styles.css, `.part-threads`) they stand in a column beside the part,
 * each card level with its anchor (card-layout.ts) and the part tall enough to hold them; on a
 * narrow one they are listed under the part and the positions are not used.
 */
import { type CSSProperties, memo, useCallback, useLayoutEffect, useEffect, useRef, useState } from 'react';
import type { ThreadView } from '../../../schema/comments/threads.ts';
import { resolveAnchor } from '../../../schema/comments/resolve-anchor.ts';
import type { FragmentKey } from '../../../schema/ydoc.ts';
import type * as Y from 'yjs';
import type { DocumentView } from '../collab/document-view.ts';
import { useViewer } from '../report/viewer.ts';
import { stackCards } from './card-layout.ts';
import type { CommentsState, Draft } from './comments-state.ts';
import { CommentComposer } from './CommentComposer.tsx';
import { threadClass } from './highlights.ts';
import { unreadThreadIds } from './mention-reads.ts';
import { sectionOf, threadMatches } from './thread-filter.ts';
import { AnchorLine, ThreadCard } from './ThreadCard.tsx';
import './comments.css';
import { useCommentsUi, useReadMentions, useThreads } from './use-comments.ts';

const draftKey = '#draft';

/** The section's threads, where the document shows comments (a frozen version shows none). */
export const SectionThreads = memo(function SectionThreads({ session, section }: { session: DocumentView; section: FragmentKey }) {
  return session.comments ? <Threads comments={session.comments} doc={session.doc} section={section} /> : null;
});

function Threads({ comments, doc, section }: { comments: CommentsState; doc: Y.Doc; section: FragmentKey }) {
  const viewer = useViewer();
  const threads = useThreads(comments);
  const ui = useCommentsUi(comments);
  const read = useReadMentions(comments);
  const shown = threads.filter((t) => sectionOf(t) === section && (threadMatches(t, ui.filter, viewer.userId) || t.id === ui.activeId));
  const draft = ui.draft?.section === section ? ui.draft : null;
  const unread = viewer.userId === null ? new Set<string>() : unreadThreadIds(shown, viewer.userId, read);
  const aside = useRef<HTMLElement>(null);
  const cards = useRef(new Map<string, HTMLElement>());
  const tops = useCardTops(aside, cards, shown, draft, ui.activeId);

  // Opened from elsewhere (a highlight, 我的提及, Ctrl+Alt+M): bring the card into view.
  const revealed = useRef(ui.reveal);
  useEffect(() => {
    if (ui.reveal === revealed.current) return;
    revealed.current = ui.reveal;
    const key = draft ? draftKey : ui.activeId;
    if (key !== null) cards.current.get(key)?.scrollIntoView({ block: 'nearest' });
  }, [ui.reveal, ui.activeId, draft]);

  if (shown.length === 0 && draft === null) return null;
  const cardRef = (key: string) => (el: HTMLElement | null) => {
    if (el) cards.current.set(key, el);
    else cards.current.delete(key);
  };
  const place = (key: string): CSSProperties | undefined => (tops.has(key) ? ({ '--card-top': `${tops.get(key)}px` } as CSSProperties) : undefined);
  return (
    <aside ref={aside} className="part-threads" aria-label="批注" data-section={section}>
      {draft ? (
        <article ref={cardRef(draftKey)} className="thread-card draft active" style={place(draftKey)} aria-label="新批注">
          <AnchorLine anchor={draft.anchor} position={resolveAnchor(doc, draft.anchor)} />
          <CommentComposer
            key={draft.id}
            members={viewer.members}
            label="批注内容"
            placeholder="写下批注…"
            submitLabel="发表批注"
            autoFocus
            onCancel={() => comments.cancelDraft()}
            onSubmit={(text, mentions) => comments.postDraft(text, mentions)}
          />
        </article>
      ) : null}
      {shown.map((t) => (
        <ThreadCard key={t.id} comments={comments} thread={t} active={t.id === ui.activeId} unread={unread.has(t.id)} style={place(t.id)} cardRef={cardRef(t.id)} />
      ))}
    </aside>
  );
}

/**
 * The top of each card (by thread id, `#draft` for the one being written) in the side column, read
 * from where the anchors are on the page after each render and whenever the part or a card
 * changes size; also sets the part's `--threads-height` so that it is tall enough for the column.
 */
function useCardTops(
  aside: React.RefObject<HTMLElement | null>,
  cards: React.RefObject<Map<string, HTMLElement>>,
  shown: readonly ThreadView[],
  draft: Draft | null,
  activeId: string | null,
): ReadonlyMap<string, number> {
  const [tops, setTops] = useState<ReadonlyMap<string, number>>(new Map());
  const measure = useCallback(() => {
    const column = aside.current;
    const section = column?.parentElement;
    if (!column || !section) return;
    const origin = column.getBoundingClientRect().top;
    const items = [...(draft ? [{ key: draftKey, anchor: draftAnchorElement(section, draft) }] : []), ...shown.map((t) => ({ key: t.id, anchor: anchorElement(section, t) }))]
      .map((item, order) => ({ ...item, order, wanted: item.anchor ? item.anchor.getBoundingClientRect().top - origin : 0, height: cards.current.get(item.key)?.offsetHeight ?? 0 }))
      .sort((a, b) => a.wanted - b.wanted || a.order - b.order);
    const focusKey = draft ? draftKey : activeId;
    const focus = items.findIndex((i) => i.key === focusKey);
    const stacked = stackCards(items, focus < 0 ? null : focus);
    const next = new Map(items.map((item, i) => [item.key, Math.round(stacked.tops[i])]));
    section.style.setProperty('--threads-height', `${Math.ceil(stacked.height)}px`);
    setTops((previous) => (previous.size === next.size && [...next].every(([k, v]) => previous.get(k) === v) ? previous : next));
  }, [aside, cards, shown, draft, activeId]);

  // Measured again when what is shown changes (threads, where their anchors are, the open one),
  // and by the observer when the part (text wrapping, findings shown above) or a card changes
  // size. Not after every render: the re-render that places the cards must not measure again.
  const latest = useRef(measure);
  latest.current = measure;
  const observer = useRef<ResizeObserver | null>(null);
  // The part whose height the column holds up; none while the column is empty.
  const heldUp = useRef<HTMLElement | null>(null);
  const shownKey = `${draft?.id ?? ''}|${activeId ?? ''}|${shown.map((t) => `${t.id}:${positionKey(t)}`).join(',')}`;
  useLayoutEffect(() => {
    const section = aside.current?.parentElement ?? null;
    if (heldUp.current !== section) heldUp.current?.style.removeProperty('--threads-height');
    heldUp.current = section;
    latest.current();
    if (!observer.current || !section) return;
    observer.current.observe(section);
    for (const card of cards.current.values()) observer.current.observe(card);
  }, [shownKey, aside, cards]);
  useEffect(() => {
    let frame = 0;
    const watching = new ResizeObserver(() => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), latest.current()));
    });
    observer.current = watching;
    const section = aside.current?.parentElement;
    if (section) watching.observe(section);
    for (const card of cards.current.values()) watching.observe(card);
    return () => {
      watching.disconnect();
      observer.current = null;
      if (frame) cancelAnimationFrame(frame);
      heldUp.current?.style.removeProperty('--threads-height');
    };
  }, [aside, cards]);
  return tops;
}

/** What moves a thread's anchor on the page: where its text is, or whether it is gone. */
function positionKey(thread: ThreadView): string {
  const p = thread.position;
  return p.kind === 'text' ? (p.attached ? `${p.from}-${p.to}` : 'detached') : p.kind;
}

/** Where a thread's anchor is in its section: its highlight's first piece, its cell, or none (the part's top). */
function anchorElement(section: HTMLElement, thread: ThreadView): Element | null {
  const p = thread.position;
  if (p.kind === 'text') return p.attached ? section.querySelector(`.${threadClass(thread.id)}`) : null;
  if (p.kind === 'cell') return section.querySelector(`[data-cell="${CSS.escape(`${p.part}.${p.cell}`)}"]`)?.closest('td, th') ?? null;
  return null;
}

function draftAnchorElement(section: HTMLElement, draft: Draft): Element | null {
  const anchor = draft.anchor;
  if ('quote' in anchor) return section.querySelector('.comment-highlight.pending');
  if ('cell' in anchor) return section.querySelector(`[data-cell="${CSS.escape(`${anchor.part}.${anchor.cell}`)}"]`)?.closest('td, th') ?? null;
  return null;
}
