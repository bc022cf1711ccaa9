/**
 * The extensions that make a narrative editor's ProseMirror schema: every node, attribute and
 * mark a part's Y.XmlFragment can hold comes from here. The server enforces the same schema,
 * stated as data in schema/narrative-schema.ts; narrative-extensions.test.ts builds this one and
 * compares, so a change here fails that test until the server's copy follows (content one
 * browser's schema lacks is rewritten by another's y-prosemirror).
 *
 * StarterKit's own undo is off: Collaboration's y-undo tracks only this user's changes, and the
 * two would fight. Collaboration and its caret add no schema; NarrativeEditor adds them.
 */
import type { Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';

export function narrativeSchemaExtensions(): Extensions {
  return [StarterKit.configure({ undoRedo: false })];
}
