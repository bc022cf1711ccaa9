/**
 * Layout 2's table node in the editor's schema (schema/ydoc.ts `tableNodeName`): an atom whose
 * `table` attribute names the table of its part. It holds no values — the cells stay in the
 * `cells.*` maps — and only the server writes it (schema/narrative-schema.ts `serverWrittenNodes`),
 * so nothing a user does may create one: no HTML parses as it (a copied report pastes as text),
 * and what it renders into the clipboard is an empty marker. The node view that draws the table
 * is added by the editor (TableNodeView.tsx); the guard that keeps it in place is table-guard.ts.
 *
 * It is in no group: only the document admits it (`partDocument`), never a list item or a quote,
 * so that no command can wrap it or move it off the top level, where the server's node lives.
 */
import { Node } from '@tiptap/core';
import { tableNodeAttribute, tableNodeName } from '../../../schema/ydoc.ts';

export const DisclosureTable = Node.create({
  name: tableNodeName,
  atom: true,
  // Neither selected by a click or an arrow key nor dragged: the caret goes round it, into its cells.
  selectable: false,
  draggable: false,

  addAttributes() {
    return {
      [tableNodeAttribute]: {
        default: null,
        // Never read from HTML: `parseHTML` below has no rule, and the value is the server's.
        parseHTML: () => null,
        renderHTML: () => ({}),
      },
    };
  },

  parseHTML() {
    return [];
  },

  renderHTML({ node }) {
    return ['div', { 'data-disclosure-table': String(node.attrs[tableNodeAttribute] ?? '') }];
  },
});

/**
 * The document node of every part: the narrative blocks, and the table node, which only the top
 * level admits (StarterKit's own `doc` is turned off for this one).
 */
export const PartDocument = Node.create({
  name: 'doc',
  topNode: true,
  content: `(block | ${tableNodeName})+`,
});
