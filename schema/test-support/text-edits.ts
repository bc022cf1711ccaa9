/**
 * Editing a narrative part the way a person does in the editor: find a phrase in the part's
 * text and type over it, in one transaction (one update), keeping the rest of the paragraph.
 */
import * as Y from 'yjs';
import { type NarrativeKey, narrativeFragment } from '../ydoc.ts';

/** Replaces the first occurrence of `find` in part `key` by `replacement`; throws if absent. */
export function replaceInPart(doc: Y.Doc, key: NarrativeKey, find: string, replacement: string): void {
  const text = textHolding(narrativeFragment(doc, key), find);
  if (!text) throw new Error(`test setup: “${find}” is not in part ${key}`);
  const at = text.toString().indexOf(find);
  doc.transact(() => {
    text.delete(at, find.length);
    text.insert(at, replacement);
  });
}

/** The first Y.XmlText under `node` whose plain text (no marks) contains `find`. */
function textHolding(node: Y.XmlFragment | Y.XmlElement, find: string): Y.XmlText | undefined {
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (child instanceof Y.XmlText && child.toString().includes(find)) return child;
    if (child instanceof Y.XmlElement) {
      const found = textHolding(child, find);
      if (found) return found;
    }
  }
  return undefined;
}
