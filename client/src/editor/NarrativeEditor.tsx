/**
 * One narrative part (or the preamble): a TipTap editor bound to its own Y.XmlFragment, with the
 * schema of narrative-extensions.ts. Undo/redo come from Collaboration's y-undo, which tracks
 * only this user's changes.
 */
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import { memo, useEffect } from 'react';
import { type NarrativeKey, rootNames } from '../../../schema/ydoc.ts';
import type { DocumentView } from '../collab/document-view.ts';
import { cleanPastedHtml } from './paste-cleanup.ts';
import { EditorToolbar } from './EditorToolbar.tsx';
import { CommentHighlights } from '../comments/highlight-extension.ts';
import { narrativeSchemaExtensions } from './narrative-extensions.ts';
import './prosemirror-base.css';

interface Props {
  session: DocumentView;
  fragment: NarrativeKey;
  /** Accessible name of the editable area, e.g. the part title. */
  label: string;
  /** A part this user may not edit (per-part permissions) is shown but cannot be changed. */
  readOnly?: boolean;
}

export const NarrativeEditor = memo(function NarrativeEditor({ session, fragment, label, readOnly = false }: Props) {
  const editor = useEditor(
    {
      editable: !readOnly,
      // No inline <style> under the page's CSP: the same rules come from prosemirror-base.css.
      injectCSS: false,
      extensions: [
        ...narrativeSchemaExtensions(),
        Collaboration.configure({ document: session.doc, field: rootNames.text[fragment] }),
        CollaborationCaret.configure({ provider: session.provider, user: { name: session.self.name, color: session.self.color } }),
        CommentHighlights.configure({ source: session.comments ?? null, fragment }),
      ],
      editorProps: {
        attributes: { 'aria-label': label, 'data-fragment': fragment, class: 'narrative-text', spellcheck: 'false' },
        transformPastedHTML: cleanPastedHtml,
      },
      onFocus: () => session.presence.setPlace(fragment),
      onBlur: () => session.presence.setPlace(null),
    },
    [session, fragment],
  );

  useEffect(() => {
    if (editor && editor.isEditable === readOnly) editor.setEditable(!readOnly);
  }, [editor, readOnly]);

  return (
    <div className="narrative">
      {readOnly ? null : <EditorToolbar editor={editor} />}
      <EditorContent editor={editor} />
    </div>
  );
});
