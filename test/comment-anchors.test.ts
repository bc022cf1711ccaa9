/**
 * Comment anchors under random editing by several peers, through the editor's real stack: each
 * peer edits a ProseMirror document of the editor's schema with ProseMirror's own commands
 * (typing, deleting ranges, Enter = splitBlock, Backspace at a block's start = joinBackward) and
 * writes it into its Y.Doc with y-prosemirror's `updateYFragment` (@tiptap/y-tiptap), as the
 * sync plugin does; updates reach other peers in random order, and a peer that receives some
 * renders its ProseMirror document again from Yjs. Threads are made on selections with
 * `textAnchorFromEditor` and read with `readThreads`.
 *
 * Every character typed is a character never typed before, so the text itself says which
 * characters an anchor was made on. At every checkpoint, on every peer, for every thread:
 * - attached ⇒ it covers, at the editor positions it gives, its first character to its last one
 *   (and, where each is in the text once, exactly the text between them now);
 * - its first or last character gone ⇒ detached, with its quote;
 * - its text unchanged since it was made (splits and joins under it, edits elsewhere), each of
 *   its characters once in the text ⇒ attached: a split or a join never detaches or moves it.
 * And peers that have received the same updates resolve every anchor the same way.
 *
 * The seed is printed; NIANBAO_FUZZ_SEED=… repeats a run.
 */
import { getSchema } from '@tiptap/core';
import type { Node } from '@tiptap/pm/model';
import { joinBackward, splitBlock } from '@tiptap/pm/commands';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { initProseMirrorDoc, updateYFragment } from '@tiptap/y-tiptap';
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { narrativeSchemaExtensions } from '../client/src/editor/narrative-extensions.ts';
import { createThread, readThreads, type ThreadView } from '../schema/comments/threads.ts';
import { textAnchorFromEditor } from '../schema/comments/text-anchor.ts';
import { freshSeeds } from '../schema/test-support/seeded-runs.ts';
import { partFragment } from '../schema/ydoc.ts';

const schema = getSchema(narrativeSchemaExtensions());
const part = 'problems';

type Meta = ReturnType<typeof initProseMirrorDoc>['meta'];

interface Peer {
  readonly id: number;
  readonly doc: Y.Doc;
  /** The peer's editor: its ProseMirror document and y-prosemirror's mapping to the fragment. */
  pm: Node;
  meta: Meta;
  /** Updates from others not delivered yet. */
  readonly inbox: Uint8Array[];
}

const remote = Symbol('remote');

class Run {
  readonly peers: Peer[];
  private nextChar = 0;
  readonly log: string[] = [];

  constructor(readonly gen: prng.PRNG, count: number) {
    const first = new Y.Doc();
    first.clientID = 1;
    const fragment = partFragment(first, part);
    first.transact(() =>
      fragment.insert(
        0,
        Array.from({ length: 3 }, () => {
          const p = new Y.XmlElement('paragraph');
          p.insert(0, [new Y.XmlText(this.chars(6))]);
          return p;
        }),
      ),
    );
    const start = Y.encodeStateAsUpdate(first);
    this.peers = Array.from({ length: count }, (_, id) => {
      const doc = new Y.Doc();
      doc.clientID = 100 + id;
      Y.applyUpdate(doc, start, remote);
      const { doc: pm, meta } = initProseMirrorDoc(partFragment(doc, part), schema);
      return { id, doc, pm, meta, inbox: [] };
    });
    for (const peer of this.peers) {
      peer.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === remote) return;
        for (const other of this.peers) if (other !== peer) other.inbox.push(update);
      });
    }
  }

  /** `n` characters never used before (CJK ideographs, one UTF-16 unit each). */
  chars(n: number): string {
    let text = '';
    for (let i = 0; i < n; i++) text += String.fromCodePoint(0x4e00 + this.nextChar++);
    return text;
  }

  step(): void {
    const peer = prng.oneOf(this.gen, this.peers);
    const roll = prng.uint32(this.gen, 0, 99);
    if (roll < 15) return this.deliver(peer);
    if (roll < 45) return this.edit(peer, 'type', (state) => {
      const at = this.textPosition(state.doc);
      return state.tr.insertText(this.chars(prng.uint32(this.gen, 1, 3)), at);
    });
    if (roll < 65) return this.edit(peer, 'split', (state) => this.command(state, this.textPosition(state.doc), splitBlock));
    if (roll < 78) return this.edit(peer, 'join', (state) => {
      const starts = blockStarts(state.doc).slice(1);
      return starts.length === 0 ? null : this.command(state, prng.oneOf(this.gen, starts), joinBackward);
    });
    if (roll < 88) return this.edit(peer, 'delete', (state) => {
      const from = this.textPosition(state.doc);
      const to = Math.min(state.doc.content.size - 1, from + prng.uint32(this.gen, 1, 5));
      return to > from ? state.tr.delete(from, to) : null;
    });
    this.anchor(peer);
  }

  /** Delivers a peer's inbox, in a random order, and renders its editor again from Yjs. */
  deliver(peer: Peer): void {
    const updates = peer.inbox.splice(0);
    for (let i = updates.length - 1; i > 0; i--) {
      const j = prng.uint32(this.gen, 0, i);
      [updates[i], updates[j]] = [updates[j], updates[i]];
    }
    for (const update of updates) Y.applyUpdate(peer.doc, update, remote);
    this.render(peer);
    this.log.push(`${peer.id} receives ${updates.length}`);
  }

  deliverAll(): void {
    while (this.peers.some((p) => p.inbox.length > 0)) for (const peer of this.peers) this.deliver(peer);
  }

  private render(peer: Peer): void {
    const { doc: pm, meta } = initProseMirrorDoc(partFragment(peer.doc, part), schema);
    peer.pm = pm;
    peer.meta = meta;
  }

  /** A ProseMirror change of the peer's document, written into Yjs as the sync plugin does. */
  private edit(peer: Peer, what: string, change: (state: EditorState) => Transaction | null): void {
    const state = EditorState.create({ doc: peer.pm, schema });
    const tr = change(state);
    if (tr === null || !tr.docChanged) return;
    updateYFragment(peer.doc, partFragment(peer.doc, part), tr.doc, peer.meta);
    peer.pm = tr.doc;
    this.log.push(`${peer.id} ${what}`);
  }

  private command(state: EditorState, at: number, command: (state: EditorState, dispatch: (tr: Transaction) => void) => boolean): Transaction | null {
    const selected = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
    let result: Transaction | null = null;
    command(selected, (tr) => (result = tr));
    return result;
  }

  /** A position inside a textblock. */
  private textPosition(doc: Node): number {
    const positions: number[] = [];
    doc.descendants((node, pos) => {
      if (node.isTextblock) for (let i = 0; i <= node.content.size; i++) positions.push(pos + 1 + i);
      return !node.isTextblock;
    });
    return prng.oneOf(this.gen, positions);
  }

  /** A thread on a random selection of the peer's editor. */
  private anchor(peer: Peer): void {
    const from = this.textPosition(peer.pm);
    const to = Math.min(peer.pm.content.size, from + prng.uint32(this.gen, 1, 9));
    const made = textAnchorFromEditor(peer.doc, part, from, to);
    if (!made.ok) return;
    // The quote is what ProseMirror has there (blocks apart by a line break).
    expect(made.anchor.quote.replaceAll('\n', '')).toBe(peer.pm.textBetween(from, to).replaceAll('\n', ''));
    createThread(peer.doc, made.anchor, { author: '1', text: `${peer.id}` });
    this.log.push(`${peer.id} anchors ${JSON.stringify(made.anchor.quote)}`);
  }
}

function blockStarts(doc: Node): number[] {
  const starts: number[] = [];
  doc.forEach((node, offset) => {
    if (node.isTextblock) starts.push(offset + 1);
  });
  return starts;
}

/** Checks every thread a peer holds against the characters of its text now. */
function checkPeer(peer: Peer, context: () => string): void {
  const text = peer.pm.textContent;
  const count = (char: string) => text.split(char).length - 1;
  for (const thread of readThreads(peer.doc)) {
    const anchor = thread.anchor as { quote: string };
    const quote = anchor.quote.replaceAll('\n', '');
    const first = quote[0];
    const last = quote[quote.length - 1];
    const position = thread.position;
    if (position.kind !== 'text') throw new Error('a text anchor resolved as another kind');
    const where = () => `peer ${peer.id}, quote ${JSON.stringify(anchor.quote)}, text ${JSON.stringify(text)}\n${context()}`;
    if (position.attached) {
      const covered = position.text.replaceAll('\n', '');
      expect(peer.pm.textBetween(position.from, position.to).replaceAll('\n', ''), where()).toBe(covered);
      expect(covered[0], where()).toBe(first);
      expect(covered[covered.length - 1], where()).toBe(last);
      if (count(first) === 1 && count(last) === 1) expect(covered, where()).toBe(text.slice(text.indexOf(first), text.indexOf(last) + 1));
    } else {
      expect(position.quote, where()).toBe(anchor.quote);
    }
    if (count(first) === 0 || count(last) === 0) expect(position.attached, `deleted: ${where()}`).toBe(false);
    const unique = [...quote].every((char) => count(char) === 1);
    if (unique && text.slice(text.indexOf(first), text.indexOf(last) + 1) === quote) expect(position.attached, `unchanged: ${where()}`).toBe(true);
  }
}

const positionsOf = (threads: ThreadView[]) => JSON.stringify(threads.map((t) => [t.id, t.position]));

describe('what y-prosemirror does to the characters under a split or a join (why anchors keep a quote)', () => {
  function editor(...blocks: string[]) {
    const doc = new Y.Doc();
    const fragment = partFragment(doc, part);
    fragment.insert(
      0,
      blocks.map((t) => {
        const p = new Y.XmlElement('paragraph');
        p.insert(0, [new Y.XmlText(t)]);
        return p;
      }),
    );
    const { doc: pm, meta } = initProseMirrorDoc(fragment, schema);
    const texts = () => fragment.toArray().map((p) => (p as Y.XmlElement).get(0) as Y.XmlText);
    const apply = (at: number, command: typeof splitBlock) => {
      const state = EditorState.create({ doc: pm, schema });
      let next = pm;
      command(state.apply(state.tr.setSelection(TextSelection.create(pm, at))), (tr) => (next = tr.doc));
      updateYFragment(doc, fragment, next, meta);
    };
    return { doc, texts, apply };
  }

  it('Enter inside a paragraph moves its tail into a new Y.XmlText: a position in the tail resolves to the old paragraph\'s end', () => {
    const { doc, texts, apply } = editor('本年度共收到申请');
    const [before] = texts();
    const onShou = Y.createRelativePositionFromTypeIndex(before, 4); // 收
    apply(5, splitBlock);
    const [head, tail] = texts();
    expect([head.toString(), tail.toString()]).toEqual(['本年度共', '收到申请']);
    expect(head).toBe(before);
    expect((Y.getItem(doc.store, onShou.item!) as Y.Item).deleted).toBe(true);
    const resolved = Y.createAbsolutePositionFromRelativePosition(onShou, doc)!;
    expect([resolved.type, resolved.index]).toEqual([head, 4]);
  });

  it('Backspace at a paragraph\'s start copies its text into the one before and deletes it: a position in it resolves nowhere', () => {
    const { doc, texts, apply } = editor('本年度', '共收到');
    const [first, second] = texts();
    const onShou = Y.createRelativePositionFromTypeIndex(second, 1); // 收
    apply(6, joinBackward);
    expect(texts()).toEqual([first]);
    expect(first.toString()).toBe('本年度共收到');
    expect(second._item!.deleted).toBe(true);
    expect(Y.createAbsolutePositionFromRelativePosition(onShou, doc)).toBeNull();
  });
});

describe('comment anchors under random editing by several peers', () => {
  it.each(freshSeeds('comment anchors', 6))('seed %i: an anchor stays on its text, or is detached with its quote; never moved', (seed) => {
    const run = new Run(prng.create(seed), 3);
    const context = () => `seed ${seed}; last operations: ${run.log.slice(-12).join('; ')}`;
    let attachedSeen = 0;
    let detachedSeen = 0;
    for (let i = 1; i <= 400; i++) {
      run.step();
      if (i % 20 !== 0) continue;
      for (const peer of run.peers) checkPeer(peer, context);
      if (i % 100 === 0) {
        run.deliverAll();
        for (const peer of run.peers) checkPeer(peer, context);
        const [first, ...others] = run.peers.map((p) => positionsOf(readThreads(p.doc)));
        for (const other of others) expect(other, context()).toBe(first);
        for (const thread of readThreads(run.peers[0].doc)) {
          if (thread.position.kind === 'text' && thread.position.attached) attachedSeen++;
          else detachedSeen++;
        }
      }
    }
    // The run exercised both outcomes, not only one of them.
    expect(attachedSeen, context()).toBeGreaterThan(0);
    expect(detachedSeen, context()).toBeGreaterThan(0);
  });
});
