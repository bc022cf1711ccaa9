/**
 * The extensions that make a part editor's ProseMirror schema: every node, attribute and mark a
 * part's Y.XmlFragment can hold comes from here. The server enforces the same schema, stated as
 * data in schema/narrative-schema.ts; narrative-extensions.test.ts builds this one and compares,
 * so a change here fails that test until the server's copy follows (content one browser's schema
 * lacks is rewritten by another's y-prosemirror).
 *
 * StarterKit's own undo is off: Collaboration's y-undo tracks only this user's changes, and the
 * two would fight. Its `doc` is replaced by `PartDocument`, which also admits the table node.
 * Collaboration and its caret add no schema; NarrativeEditor adds them, the table's node view
 * (`tableView`, which changes nothing in the schema) and the table guard.
 */
import type { Extensions, NodeViewRenderer } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { DisclosureTable, PartDocument } from './disclosure-table.ts';

export function narrativeSchemaExtensions(tableView?: NodeViewRenderer): Extensions {
  return [
    StarterKit.configure({ undoRedo: false, document: false }),
    PartDocument,
    tableView ? DisclosureTable.extend({ addNodeView: () => tableView }) : DisclosureTable,
  ];
}
