/**
 * Whether a new item of an update may land where it lands: the content check of the update
 * inspection, the same for every connection (owners included). What nianbao clients write is
 * all that is allowed:
 * - `text.*`: the narrative schema (schema/narrative-schema.ts) as y-prosemirror writes it —
 *   elements of its node names where their parent's content admits them, Y.XmlTexts where text
 *   is admitted, element attributes the node has with valid values, text and marks of the
 *   schema inside a Y.XmlText;
 * - `cells.*`: one string per cell key, of bounded length (schema/map-values.ts);
 * - `meta`: its known keys with values of their type, but not those only the server writes;
 * - the table nodes of layout 2 (`disclosureTable`) are not in the narrative schema: only the
 *   server creates them, and inspect.ts refuses deleting one;
 * - `comments`, `signoffs`: judged as a whole by the update inspection (annotations.ts): their
 *   items form structures (a thread, its comments) whose rules span several items;
 * - deleted content (`ContentDeleted`, what a collected item is sent as) anywhere else.
 * Embeds, JSON, binary, sub-documents, Y.Text/XmlHook/XmlFragment types and unkeyed values in a
 * fragment are written by no client anywhere; Y.Map and Y.Array only in `comments`.
 *
 * Deletions are not checked here: removing content is a matter of rights, not of schema.
 */
import * as Y from 'yjs';
import { isCellValue, maxCellValueLength, metaValueChecks, serverOnlyMetaKeys } from '../../schema/map-values.ts';
import { type NarrativeNode, isMarkValue, narrativeDoc, narrativeMarks, narrativeNodes, textNode } from '../../schema/narrative-schema.ts';
import { type RootRole, rootRole, tableNodeName } from '../../schema/ydoc.ts';
import type { ParentType, Placement, Resolution } from './placement.ts';

/** An item's content (Yjs does not export the base class). */
type Content = Y.Item['content'];

/** The violations of an update that has none (shared: nearly every update). */
export const noViolations: readonly string[] = Object.freeze([]);
/** How many violations a footprint keeps: enough to say what was wrong. */
export const maxViolationsKept = 3;

/** Why the new item with `content` may not go where `resolution` says, or undefined if it may. */
export function contentViolation(content: Content, resolution: Resolution): string | undefined {
  // Unplaced (collected, or references missing): what no client writes anywhere is still refused.
  if (typeof resolution === 'string') return foreignContent(content);
  return placedContentViolation(content, resolution, rootRole(resolution.root));
}

/** The same for a placed item, with its root's role (the keystroke path has it already). */
export function placedContentViolation(content: Content, at: Placement, role: RootRole | undefined): string | undefined {
  switch (role?.kind) {
    case 'text':
      // Typing: a string into a Y.XmlText, the commonest item of all.
      if (content instanceof Y.ContentString && at.parent instanceof Y.XmlText && at.sub === null) return undefined;
      return narrativeViolation(content, at);
    case 'cells':
      return cellViolation(content, at);
    case 'meta':
      return metaViolation(content, at);
    case 'comments':
    case 'signoffs':
      // Never judged item by item (inspect.ts and the keystroke path leave these roots to annotations.ts).
      return `${at.root}: judged as a whole, not item by item`;
    default:
      // A root the layout does not know: refused to everyone by the judge.
      return foreignContent(content);
  }
}

// -- Narrative parts ------------------------------------------------------------------------------

function narrativeViolation(content: Content, at: Placement): string | undefined {
  // Before the deleted-content pass below: deleted content written at an attribute's key deletes
  // the value there, and a table node's attribute is the server's like the node.
  if (at.parent instanceof Y.XmlElement && at.parent.nodeName === tableNodeName) return `${at.root}: writes inside the table node, which only the server writes`;
  if (content instanceof Y.ContentDeleted) return undefined;
  if (at.parent instanceof Y.XmlText) return textViolation(content, at);
  const node = nodeOf(at.parent);
  if (node === undefined) return `${at.root}: writes inside ${describeType(at.parent!)}, which the narrative schema does not have`;
  if (at.sub !== null) return attributeViolation(content, at.sub, node, at);
  if (content instanceof Y.ContentType) {
    const type = content.type;
    if (type instanceof Y.XmlText) return node.content.has(textNode) ? undefined : `${at.root}: text directly inside ${nameOf(at.parent)}`;
    if (type instanceof Y.XmlElement) {
      if (!narrativeNodes.has(type.nodeName)) return `${at.root}: ${describeType(type)}, which the narrative schema does not have`;
      return node.content.has(type.nodeName) ? undefined : `${at.root}: ${describeType(type)} inside ${nameOf(at.parent)}`;
    }
  }
  return `${at.root}: ${describeContent(content)} inside ${nameOf(at.parent)}`;
}

/** Items in a Y.XmlText: text and the schema's marks; no attributes, no embeds, no types. */
function textViolation(content: Content, at: Placement): string | undefined {
  if (at.sub !== null) return `${at.root}: attribute ${quote(at.sub)} on text`;
  if (content instanceof Y.ContentString) return undefined;
  if (!(content instanceof Y.ContentFormat)) return `${at.root}: ${describeContent(content)} inside text`;
  const mark = narrativeMarks.get(content.key);
  if (mark === undefined) return `${at.root}: mark ${quote(content.key)}, which the narrative schema does not have`;
  if (!isMarkValue(mark, content.value)) return `${at.root}: an invalid ${content.key} mark`;
  // Null ends or removes a mark: harmless anywhere; a mark itself only where its node allows it.
  if (content.value !== null && nodeOf(at.outer)?.marks.has(content.key) !== true) {
    return `${at.root}: a ${content.key} mark inside ${nameOf(at.outer)}, which cannot carry it`;
  }
  return undefined;
}

function attributeViolation(content: Content, name: string, node: NarrativeNode, at: Placement): string | undefined {
  const check = node.attrs.get(name);
  if (check === undefined) return `${at.root}: attribute ${quote(name)} on ${nameOf(at.parent)}, which it does not have`;
  if (content instanceof Y.ContentAny && content.arr.length === 1 && check(content.arr[0])) return undefined;
  return `${at.root}: an invalid ${name} on ${nameOf(at.parent)}`;
}

/** The schema node a parent type is: the fragment is `doc`; undefined for anything else. */
function nodeOf(type: ParentType): NarrativeNode | undefined {
  if (type === null) return narrativeDoc;
  return type instanceof Y.XmlElement ? narrativeNodes.get(type.nodeName) : undefined;
}

function nameOf(type: ParentType): string {
  return type === null ? 'the part' : describeType(type);
}

// -- Maps -----------------------------------------------------------------------------------------

function cellViolation(content: Content, at: Placement): string | undefined {
  if (at.parent !== null) return `${at.root}: writes inside a cell value`;
  if (content instanceof Y.ContentDeleted) return undefined;
  // A key the format lacks (or none) is refused by the judge, which names it.
  if (content instanceof Y.ContentAny && content.arr.length === 1 && isCellValue(content.arr[0])) return undefined;
  return `${at.root}[${quote(at.sub ?? '')}]: ${describeContent(content)} is not a cell value (a string of at most ${maxCellValueLength} characters)`;
}

function metaViolation(content: Content, at: Placement): string | undefined {
  if (at.parent !== null) return `${at.root}: writes inside a value`;
  // Before the deleted-content pass: deleted content at a key deletes the value there.
  if (at.sub !== null && serverOnlyMetaKeys.has(at.sub)) return `${at.root}.${at.sub}: written by the server only`;
  if (content instanceof Y.ContentDeleted) return undefined;
  if (at.sub === null) return `${at.root}: content without a key`;
  const check = metaValueChecks.get(at.sub);
  if (check === undefined) return `${at.root}: key ${quote(at.sub)}, which it does not have`;
  if (content instanceof Y.ContentAny && content.arr.length === 1 && check(content.arr[0])) return undefined;
  return `${at.root}.${at.sub}: ${describeContent(content)} of the wrong kind`;
}

// -- Content no client writes anywhere ------------------------------------------------------------

function foreignContent(content: Content): string | undefined {
  if (content instanceof Y.ContentString || content instanceof Y.ContentDeleted || content instanceof Y.ContentAny) return undefined;
  if (content instanceof Y.ContentFormat) {
    return narrativeMarks.has(content.key) ? undefined : `mark ${quote(content.key)}, which the narrative schema does not have`;
  }
  if (content instanceof Y.ContentType) {
    const type = content.type;
    if (type instanceof Y.XmlText) return undefined;
    if (type instanceof Y.XmlElement && narrativeNodes.has(type.nodeName)) return undefined;
    // A thread or a comment whose place is not known yet: judged in full once it is.
    if (type.constructor === Y.Map || type.constructor === Y.Array) return undefined;
  }
  return `${describeContent(content)}, which no client writes`;
}

// -- Descriptions for the log ---------------------------------------------------------------------

function describeContent(content: Content): string {
  if (content instanceof Y.ContentType) return describeType(content.type);
  if (content instanceof Y.ContentAny) {
    if (content.arr.length !== 1) return `${content.arr.length} values`;
    const value: unknown = content.arr[0];
    return value === null ? 'null' : Array.isArray(value) ? 'an array' : value instanceof Uint8Array ? 'bytes' : `a ${typeof value}`;
  }
  if (content instanceof Y.ContentString) return 'text';
  if (content instanceof Y.ContentFormat) return `a ${quote(content.key)} mark`;
  if (content instanceof Y.ContentEmbed) return 'an embed';
  if (content instanceof Y.ContentJSON) return 'JSON content';
  if (content instanceof Y.ContentBinary) return 'binary content';
  if (content instanceof Y.ContentDoc) return 'a sub-document';
  return 'unknown content';
}

function describeType(type: Y.AbstractType<any>): string {
  // Subclasses first: XmlHook is a Y.Map, XmlText a Y.Text, XmlElement an XmlFragment.
  if (type instanceof Y.XmlElement) return `a ${quote(type.nodeName)} element`;
  if (type instanceof Y.XmlText) return 'a Y.XmlText';
  if (type instanceof Y.XmlHook) return 'a Y.XmlHook';
  if (type instanceof Y.XmlFragment) return 'a Y.XmlFragment';
  if (type instanceof Y.Map) return 'a Y.Map';
  if (type instanceof Y.Array) return 'a Y.Array';
  if (type instanceof Y.Text) return 'a Y.Text';
  return 'a shared type';
}

/** A name from an update, for a log line: quoted, and cut short. */
function quote(name: string): string {
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
}
