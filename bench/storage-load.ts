/**
 * Storage load bench: one report, 100 000 single-character insert updates in its narrative
 * text, appended through `SqliteStorage` as the server would (one awaited call per event-loop
 * batch). Measures append throughput with batches of 1 and of 20 (and of 1 through the update
 * journal, as the server appends), a cold load before and after
 * compaction, the compaction itself, and the database file size.
 *
 *   npx tsx bench/storage-load.ts [updateCount]
 *
 * Self-contained: works in a fresh temp dir and removes it. Timings are wall-clock on a shared
 * machine; run it alone for figures worth quoting.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { narrativeFragment } from '../schema/ydoc.ts';
import { databaseFile } from '../server/storage/database.ts';
import { openSqliteStorage } from '../server/storage/sqlite.ts';
import type { StoredDocument } from '../server/storage/storage.ts';
import { scriptedCharacter, seedNewReport } from '../server/storage/test-support/seed-report.ts';

const updateCount = Number(process.argv[2] ?? 100_000);
const reportId = 'yuhang-commerce-2024';

interface ColdLoad {
  openMs: number;
  readMs: number;
  applyMs: number;
  encodeMs: number;
  totalMs: number;
  snapshotBytes: number;
  loggedUpdates: number;
  /** The document's full state, for compaction. */
  state: Uint8Array;
  text: string;
}

/** Generates the edits up front, so that the append timings measure storage alone. */
function typeUpdates(initialState: Uint8Array, count: number): Uint8Array[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, initialState);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = firstOverviewText(doc);
  // Typing forward in the middle of the first paragraph: one insert, one update, per keystroke.
  const start = 10;
  for (let i = 0; i < count; i++) text.insert(start + i, scriptedCharacter(i));
  return updates;
}

function firstOverviewText(doc: Y.Doc): Y.XmlText {
  return (narrativeFragment(doc, 'overview').get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

async function appendAll(dataDir: string, initialState: Uint8Array, updates: Uint8Array[], batch: number, journal = false) {
  const storage = openSqliteStorage(dataDir, { journal });
  await storage.createReport({ ...seedNewReport(reportId), initialState });
  const started = performance.now();
  for (let i = 0; i < updates.length; i += batch) await storage.appendUpdates(reportId, updates.slice(i, i + batch));
  const ms = performance.now() - started;
  await storage.close();
  return { ms, perSecond: (updates.length / ms) * 1000 };
}

async function coldLoad(dataDir: string): Promise<ColdLoad> {
  const t0 = performance.now();
  const storage = openSqliteStorage(dataDir);
  const t1 = performance.now();
  const stored = (await storage.loadDocument(reportId)) as StoredDocument;
  const t2 = performance.now();
  const doc = new Y.Doc();
  // One transaction for the whole log, as the server applies it: one cleanup instead of 100 000.
  doc.transact(() => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
  const t3 = performance.now();
  const state = Y.encodeStateAsUpdate(doc);
  const t4 = performance.now();
  await storage.close();
  return {
    openMs: t1 - t0,
    readMs: t2 - t1,
    applyMs: t3 - t2,
    encodeMs: t4 - t3,
    totalMs: t4 - t0,
    snapshotBytes: stored.snapshot?.byteLength ?? 0,
    loggedUpdates: stored.updates.length,
    state,
    text: firstOverviewText(doc).toString(),
  };
}

/** File sizes after the last connection closed (which checkpoints and removes the WAL). */
function fileSizes(dataDir: string) {
  const file = databaseFile(dataDir);
  const db = new Database(file, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const freePages = db.pragma('freelist_count', { simple: true }) as number;
  db.close();
  const wal = `${file}-wal`;
  return {
    fileBytes: fs.statSync(file).size,
    walBytes: fs.existsSync(wal) ? fs.statSync(wal).size : 0,
    freeBytes: freePages * pageSize,
  };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const rate = (value: number) => `${Math.round(value).toLocaleString('en-US')} updates/s`;

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-'));
  try {
    const initialState = seedNewReport(reportId).initialState;
    const genStart = performance.now();
    const updates = typeUpdates(initialState, updateCount);
    const genMs = performance.now() - genStart;
    const avgBytes = updates.reduce((sum, u) => sum + u.byteLength, 0) / updates.length;
    console.log(`nianbao storage bench — SQLite (better-sqlite3), WAL, synchronous=NORMAL`);
    console.log(`${updateCount.toLocaleString('en-US')} single-character updates generated in ${ms(genMs)}, ${avgBytes.toFixed(1)} bytes each on average`);

    const single = await appendAll(path.join(root, 'batch-1'), initialState, updates, 1);
    console.log(`append, batches of 1:  ${ms(single.ms).padStart(9)}  ${rate(single.perSecond)}`);
    // As the server appends: journaled, written to the database behind (close included).
    const journaled = await appendAll(path.join(root, 'journal-1'), initialState, updates, 1, true);
    console.log(`append through the journal, batches of 1: ${ms(journaled.ms).padStart(9)}  ${rate(journaled.perSecond)}`);
    const dataDir = path.join(root, 'batch-20');
    const batched = await appendAll(dataDir, initialState, updates, 20);
    console.log(`append, batches of 20: ${ms(batched.ms).padStart(9)}  ${rate(batched.perSecond)}`);

    const sizeBefore = fileSizes(dataDir);
    const before = await coldLoad(dataDir);
    console.log(
      `cold load before compaction: ${ms(before.totalMs)} (open ${ms(before.openMs)}, read ${before.loggedUpdates.toLocaleString('en-US')} updates ${ms(before.readMs)}, apply ${ms(before.applyMs)}, encode ${ms(before.encodeMs)})`,
    );

    const compactStart = performance.now();
    const storage = openSqliteStorage(dataDir);
    const pending = await storage.pendingUpdateCount(reportId);
    await storage.compact(reportId, before.state, pending);
    const compactMs = performance.now() - compactStart;
    await storage.close();
    console.log(`compact (${pending.toLocaleString('en-US')} updates into a ${mib(before.state.byteLength)} snapshot): ${ms(compactMs)}`);

    const sizeAfter = fileSizes(dataDir);
    const after = await coldLoad(dataDir);
    console.log(
      `cold load after compaction:  ${ms(after.totalMs)} (open ${ms(after.openMs)}, read snapshot ${mib(after.snapshotBytes)} + ${after.loggedUpdates} updates ${ms(after.readMs)}, apply ${ms(after.applyMs)}, encode ${ms(after.encodeMs)})`,
    );
    if (after.text !== before.text) throw new Error('bench: the document changed across compaction');

    console.log(`file before compaction: ${mib(sizeBefore.fileBytes)} (WAL ${mib(sizeBefore.walBytes)}, free ${mib(sizeBefore.freeBytes)})`);
    console.log(`file after compaction:  ${mib(sizeAfter.fileBytes)} (WAL ${mib(sizeAfter.walBytes)}, free ${mib(sizeAfter.freeBytes)}; free pages are reused by later appends)`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

await main();
