/**
 * Comment highlights in one part's editor: a ProseMirror plugin whose decorations are the
 * highlights the page's comment state gives for the editor's fragment (highlights.ts), from
 * positions read off the Y.Doc (schema/comments/resolve-anchor.ts). Clicking one opens its
 * thread, in a read-only editor too. The editor is registered with the comment state, which
 * reads its selection for Ctrl+Alt+M.
 *
 * Between two readings of the positions (once per animation frame after a change, hence before
 * the next paint), the decorations follow local typing by ProseMirror's mapping. A change that
 * y-prosemirror brings in from Yjs (a remote edit, an undo) replaces the whole document, which
 * a mapping would empty: those transactions redraw the last highlights, and the next reading
 * corrects them in the same frame.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import type { DecorationSet, EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type { FragmentKey } from '../../../schema/ydoc.ts';
import type { KeyedStore } from '../collab/keyed-store.ts';
import { type TextHighlight, highlightDecorations, threadAt } from './highlights.ts';

/** What the editor needs of the page's comment state (comments-state.ts). */
export interface HighlightSource {
  /** Highlights by fragment. */
  readonly textHighlights: KeyedStore<readonly TextHighlight[]>;
  openThread(threadId: string): void;
  /** Returns the unregistration. */
  registerEditor(fragment: FragmentKey, view: EditorView): () => void;
}

interface HighlightState {
  readonly highlights: readonly TextHighlight[];
  readonly decorations: DecorationSet;
}

export const commentHighlightKey = new PluginKey<HighlightState>('comment-highlights');

/** The plugin's state transition, apart from any view (tested in highlight-extension.test.ts). */
export function nextHighlightState(state: HighlightState, tr: Transaction): HighlightState {
  const given = tr.getMeta(commentHighlightKey) as readonly TextHighlight[] | undefined;
  if (given !== undefined) return { highlights: given, decorations: highlightDecorations(tr.doc, given) };
  if (!tr.docChanged) return state;
  if ((tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin) {
    return { highlights: state.highlights, decorations: highlightDecorations(tr.doc, state.highlights) };
  }
  return { highlights: state.highlights, decorations: state.decorations.map(tr.mapping, tr.doc) };
}

export function commentHighlightPlugin(source: HighlightSource, fragment: FragmentKey): Plugin<HighlightState> {
  return new Plugin<HighlightState>({
    key: commentHighlightKey,
    state: {
      init: (_, { doc }) => {
        const highlights = source.textHighlights.get(fragment) ?? [];
        return { highlights, decorations: highlightDecorations(doc, highlights) };
      },
      apply: (tr, state) => nextHighlightState(state, tr),
    },
    props: {
      decorations: (state) => commentHighlightKey.getState(state)?.decorations,
      handleDOMEvents: {
        // A DOM handler, not handleClick: ProseMirror runs no click handling in a read-only editor.
        click: (view, event) => {
          if (!(event.target instanceof Element) || event.target.closest('.comment-highlight') === null) return false;
          const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
          const decorations = commentHighlightKey.getState(view.state)?.decorations;
          const threadId = at && decorations ? threadAt(decorations, at.pos) : null;
          if (threadId !== null) source.openThread(threadId);
          return false;
        },
      },
    },
    view: (view) => {
      const unregister = source.registerEditor(fragment, view);
      const update = () => {
        const highlights = source.textHighlights.get(fragment) ?? [];
        if (commentHighlightKey.getState(view.state)?.highlights === highlights) return;
        view.dispatch(view.state.tr.setMeta(commentHighlightKey, highlights).setMeta('addToHistory', false));
      };
      const unsubscribe = source.textHighlights.subscribe(fragment, update);
      // Highlights may have changed between the state's creation and the view's; not dispatched
      // from here, while the editor is still making its view.
      let destroyed = false;
      queueMicrotask(() => destroyed || update());
      return {
        destroy: () => {
          destroyed = true;
          unsubscribe();
          unregister();
        },
      };
    },
  });
}

/** The TipTap extension a part's editor lists: `CommentHighlights.configure({ source, fragment })`. */
export const CommentHighlights = Extension.create<{ source: HighlightSource | null; fragment: FragmentKey | null }>({
  name: 'commentHighlights',
  addOptions: () => ({ source: null, fragment: null }),
  addProseMirrorPlugins() {
    const { source, fragment } = this.options;
    return source && fragment ? [commentHighlightPlugin(source, fragment)] : [];
  },
});
