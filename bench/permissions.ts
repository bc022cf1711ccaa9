/**
 * Permission check bench: the cost of `inspectUpdate` and `authorizeUpdate` per incoming update,
 * next to the cost of `Y.applyUpdate` that follows it, on the seed report plus ten pages of text
 * written the way people write (five clients typing short runs at scattered places, so the
 * store holds thousands of small items, as a real report's does).
 *
 *   npx tsx bench/permissions.ts [samples]
 *
 * Scenarios: a keystroke in part 一, a cell edit in table 三, a 2 KB paragraph pasted into 五,
 * deleting 500 items (a run typed back to front). Each sample is a fresh update against the
 * current server doc, checked `repeat` times (timer resolution), then applied, as the room does.
 * Issue 5's budget: fanout p99 within 10 % with checks on; the aim is < 30 µs per keystroke.
 * Timings are wall-clock on a shared machine: run it alone for figures worth quoting.
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { tableCells } from '../schema/format.ts';
import type { Rights } from '../schema/permissions.ts';
import { cellsMap, createReportDoc, narrativeFragment } from '../schema/ydoc.ts';
import { authorizeUpdate } from '../server/permissions/authorize.ts';
import { inspectUpdate } from '../server/permissions/inspect.ts';
import { blockText, paragraph, seedReportData, syncedClient, updateOf } from '../server/permissions/test-support/report-peers.ts';

const samples = Number(process.argv[2] ?? 1000);
const repeat = 20;

/** A seeded generator (mulberry32), so that every run builds the same document. */
function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seededRandom(2024);
const pick = (n: number) => Math.floor(random() * n);
const phrase = '坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。';

/** Seed report, then ~10 pages (~15 000 characters) typed into 一 and 五 by five clients. */
function buildServerDoc(): Y.Doc {
  const server = createReportDoc(seedReportData());
  const clients = [1, 2, 3, 4, 5].map((id) => syncedClient(server, id));
  const relay = (from: Y.Doc, update: Uint8Array) => {
    Y.applyUpdate(server, update);
    for (const c of clients) if (c !== from) Y.applyUpdate(c, update);
  };
  for (let page = 0; page < 10; page++) {
    for (let p = 0; p < 20; p++) {
      const c = clients[pick(clients.length)];
      const key = random() < 0.7 ? 'overview' : 'problems';
      relay(c, updateOf(c, () => narrativeFragment(c, key).insert(narrativeFragment(c, key).length, [paragraph('')])));
      // ~75 characters per paragraph in runs of 1-4 characters, each run anywhere in it.
      for (let typed = 0; typed < 75; ) {
        const writer = clients[pick(clients.length)];
        const fragment = narrativeFragment(writer, key);
        const text = (fragment.get(fragment.length - 1) as Y.XmlElement).get(0) as Y.XmlText;
        const run = phrase.slice(pick(phrase.length - 4)).slice(0, 1 + pick(4));
        relay(writer, updateOf(writer, () => text.insert(pick(text.length + 1), run)));
        typed += run.length;
      }
    }
  }
  return server;
}

interface Timing {
  inspect: number[];
  authorize: number[];
  apply: number[];
  bytes: number[];
}

function timeEach(fn: () => void): number {
  const start = performance.now();
  for (let i = 0; i < repeat; i++) fn();
  return ((performance.now() - start) * 1000) / repeat;
}

let nextBenchClient = 900;

/** Measures `count` updates made by `makeUpdate` on a client synced with `server`, applying each. */
function measure(server: Y.Doc, rights: Rights, count: number, makeUpdate: (client: Y.Doc) => Uint8Array): Timing {
  const timing: Timing = { inspect: [], authorize: [], apply: [], bytes: [] };
  const client = syncedClient(server, nextBenchClient++);
  for (let i = 0; i < count; i++) {
    const update = makeUpdate(client);
    const verdict = authorizeUpdate(server, update, rights);
    if (!verdict.ok) throw new Error(`bench update refused: ${verdict.reason}`);
    timing.inspect.push(timeEach(() => inspectUpdate(server, update)));
    timing.authorize.push(timeEach(() => authorizeUpdate(server, update, rights)));
    const start = performance.now();
    Y.applyUpdate(server, update);
    timing.apply.push((performance.now() - start) * 1000);
    timing.bytes.push(update.length);
  }
  return timing;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function report(name: string, t: Timing): void {
  const f = (v: number) => v.toFixed(1).padStart(7);
  console.log(
    `${name.padEnd(22)} ${String(t.bytes.length).padStart(5)} × ${String(Math.round(quantile(t.bytes, 0.5))).padStart(5)} B` +
      `  inspect ${f(quantile(t.inspect, 0.5))} /${f(quantile(t.inspect, 0.99))}` +
      `  authorize ${f(quantile(t.authorize, 0.5))} /${f(quantile(t.authorize, 0.99))}` +
      `  apply ${f(quantile(t.apply, 0.5))} /${f(quantile(t.apply, 0.99))}`,
  );
}

const buildStart = performance.now();
const server = buildServerDoc();
const structCount = [...server.store.clients.values()].reduce((n, structs) => n + structs.length, 0);
console.log(
  `document: seed + 10 pages, ${narrativeFragment(server, 'overview').length + narrativeFragment(server, 'problems').length} blocks in 一 and 五, ` +
    `${structCount} structs, ${Y.encodeStateAsUpdate(server).length} bytes; built in ${(performance.now() - buildStart).toFixed(0)} ms`,
);
console.log(`µs per update, median / p99 (each sample the mean of ${repeat} runs; apply measured once)`);

const overviewEditor: Rights = { role: 'editor', parts: ['overview'] };
const keystrokes = measure(server, overviewEditor, samples, (client) => {
  const fragment = narrativeFragment(client, 'overview');
  const text = blockText(fragment, pick(fragment.length));
  return updateOf(client, () => text.insert(pick(text.length + 1), '公'));
});
report('keystroke in 一', keystrokes);

const requestsCells = tableCells.requests;
const cellEdits = measure(server, { role: 'editor', parts: ['requests'] }, samples, (client) =>
  updateOf(client, () => cellsMap(client, 'requests').set(requestsCells[pick(requestsCells.length)].key, String(pick(50)))),
);
report('cell edit in 三', cellEdits);

const pasteText = phrase.repeat(20).slice(0, 680); // 680 CJK characters: ~2 KB in UTF-8
const pastes = measure(server, { role: 'editor', parts: ['problems'] }, Math.min(samples, 200), (client) => {
  const fragment = narrativeFragment(client, 'problems');
  return updateOf(client, () => fragment.insert(pick(fragment.length + 1), [paragraph(pasteText)]));
});
report('2 KB paragraph paste', pastes);

// 500 items to delete: a run typed back to front (each character its own item), then removed.
const deletes = measure(server, { role: 'editor', parts: ['other'] }, Math.min(samples, 100), (client) => {
  const fragment = narrativeFragment(client, 'other');
  const text = new Y.XmlText();
  Y.applyUpdate(server, updateOf(client, () => fragment.insert(fragment.length, [new Y.XmlElement('paragraph')])));
  Y.applyUpdate(server, updateOf(client, () => (fragment.get(fragment.length - 1) as Y.XmlElement).insert(0, [text])));
  for (let i = 0; i < 500; i++) Y.applyUpdate(server, updateOf(client, () => text.insert(0, phrase[i % phrase.length])));
  return updateOf(client, () => text.delete(0, text.length));
});
report('500-item delete', deletes);
