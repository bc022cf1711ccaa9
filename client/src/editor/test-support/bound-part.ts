/**
 * A table part's editor as y-prosemirror binds it, without a browser: the part's Y.XmlFragment as
 * the server wrote it, a ProseMirror state rendered from it the way the binding renders (with the
 * binding's Y↔ProseMirror mapping), every applied transaction written back to Yjs by the
 * binding's own diff (`updateYFragment`, as `_prosemirrorChanged` does), and each resulting Yjs
 * update judged by the server's authorizer for an editor of every part before the server's copy
 * takes it. Undo and redo are y-undo's: a Y.UndoManager over the fragment tracking the binding's
 * writes, its changes rendered back as y-sync renders a remote change.
 */
import { getSchema } from '@tiptap/core';
import { type Node as PMNode, type NodeType, type Schema, Slice } from '@tiptap/pm/model';
import { type Command, EditorState, type Transaction } from '@tiptap/pm/state';
import { defaultDeleteFilter, defaultProtectedNodes, initProseMirrorDoc, updateYFragment, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { TableKey } from '../../../../schema/format.ts';
import type { TableNotes } from '../../../../schema/report.ts';
import { isTableElement, partFragment, tableNodeName, writeTablePart } from '../../../../schema/ydoc.ts';
import { authorizeUpdate } from '../../../../server/permissions/authorize.ts';
import { narrativeSchemaExtensions } from '../narrative-extensions.ts';
import { guardedDispatch, tableGuardPlugin } from '../table-guard.ts';

export const partSchema: Schema = getSchema(narrativeSchemaExtensions());
export const tableType: NodeType = partSchema.nodes[tableNodeName]!;

type BindingMeta = ReturnType<typeof initProseMirrorDoc>['meta'];

/** The origin of what this client receives from the server (not sent back). */
const fromServer = Symbol('from the server');

export class BoundPart {
  /** The server's copy: only updates its authorizer accepts reach it. */
  readonly server = new Y.Doc();
  readonly client = new Y.Doc();
  readonly fragment: Y.XmlFragment;
  /** The table node's Y element as the server wrote it: it must stay, the same item, for good. */
  readonly serverTable: Y.XmlElement;
  /** Why the server refused an update of this client, for each refusal. */
  readonly refusals: string[] = [];
  readonly undoManager: Y.UndoManager;
  state: EditorState;
  private meta: BindingMeta;

  constructor(
    readonly table: TableKey,
    notes: TableNotes,
  ) {
    this.server.transact(() => writeTablePart(partFragment(this.server, table), table, notes));
    Y.applyUpdate(this.client, Y.encodeStateAsUpdate(this.server));
    this.fragment = partFragment(this.client, table);
    this.serverTable = this.fragment.toArray().find(isTableElement)!;
    this.client.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === fromServer) return;
      const verdict = authorizeUpdate(this.server, update, { role: 'editor', parts: 'all' });
      if (verdict.ok) Y.applyUpdate(this.server, update);
      else this.refusals.push(verdict.reason);
    });
    this.undoManager = new Y.UndoManager(this.fragment, {
      trackedOrigins: new Set([ySyncPluginKey]),
      deleteFilter: (item) => defaultDeleteFilter(item, defaultProtectedNodes),
    });
    const { doc, meta } = initProseMirrorDoc(this.fragment, partSchema);
    this.meta = meta;
    this.state = EditorState.create({ schema: partSchema, doc, plugins: [tableGuardPlugin(tableType, true, () => true)] });
  }

  /** Dispatches as the editor does: through the guard, each applied transaction synced to Yjs. */
  dispatch = (tr: Transaction): void => {
    guardedDispatch(this.state, tr, tableType, true, (applied) => {
      const next = this.state.apply(applied);
      if (next !== this.state) {
        this.state = next;
        this.client.transact(() => updateYFragment(this.client, this.fragment, this.state.doc, this.meta), ySyncPluginKey);
      }
      return this.state;
    });
  };

  /** Runs a ProseMirror command as a key binding would; one undo step per call. */
  run(command: Command): boolean {
    this.undoManager.stopCapturing();
    return command(this.state, this.dispatch);
  }

  undo(): void {
    this.undoManager.undo();
    this.renderFromYjs();
  }

  redo(): void {
    this.undoManager.redo();
    this.renderFromYjs();
  }

  /** Another person's edit of the part, made at the server and received here as y-sync renders it. */
  remoteEdit(edit: (fragment: Y.XmlFragment) => void): void {
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array) => updates.push(update);
    this.server.on('update', collect);
    this.server.transact(() => edit(partFragment(this.server, this.table)));
    this.server.off('update', collect);
    for (const update of updates) Y.applyUpdate(this.client, update, fromServer);
    this.renderFromYjs();
  }

  /** The document as y-sync renders a Yjs change: rebuilt from the fragment, a remote change. */
  renderFromYjs(): void {
    const { doc, meta } = initProseMirrorDoc(this.fragment, partSchema);
    this.meta = meta;
    const tr = this.state.tr.replace(0, this.state.doc.content.size, new Slice(doc.content, 0, 0));
    this.state = this.state.apply(tr.setMeta(ySyncPluginKey, { isChangeOrigin: true }));
  }

  /** The table nodes of the ProseMirror document, anywhere in it. */
  tableNodes(): PMNode[] {
    const found: PMNode[] = [];
    this.state.doc.descendants((node) => {
      if (node.type === tableType) found.push(node);
      return !node.isTextblock;
    });
    return found;
  }

  /**
   * What must hold after anything: no refusal, the fragment (client's and server's) holds one
   * table node, the server's own item, and the ProseMirror document is what the fragment renders.
   */
  invariantViolations(): string[] {
    const problems = [...this.refusals.map((reason) => `refused: ${reason}`)];
    for (const [name, doc] of [['client', this.client], ['server', this.server]] as const) {
      const tables = partFragment(doc, this.table).toArray().filter(isTableElement);
      if (tables.length !== 1) problems.push(`${name} fragment holds ${tables.length} table nodes`);
      else if (!Y.compareIDs(tables[0]!._item!.id, this.serverTable._item!.id)) problems.push(`${name}'s table node is another item`);
    }
    if (this.tableNodes().length !== 1) problems.push(`the editor holds ${this.tableNodes().length} table nodes`);
    if (!initProseMirrorDoc(this.fragment, partSchema).doc.eq(this.state.doc)) problems.push('the editor and the fragment differ');
    return problems;
  }

  /** The document as lines: each top-level block's text, the table node as `[table]`. */
  lines(): string[] {
    const lines: string[] = [];
    this.state.doc.forEach((node) => lines.push(node.type === tableType ? `[${String(node.attrs.table)}]` : node.textContent));
    return lines;
  }
}
