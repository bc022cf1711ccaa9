/**
 * Child process for the crash test (sqlite.test.ts): types into a report one character per
 * update, appends them in batches of 1, 2, 3, 1, 2, 3 … and after each append resolves prints
 * the total number of acknowledged updates on its own line. It runs until it is killed.
 *
 *   node --import tsx append-until-killed.ts <dataDir> <reportId> [journal]
 *
 * With `journal`, it appends as the server does: through the update journal.
 */
import * as Y from 'yjs';
import { narrativeFragment } from '../../../schema/ydoc.ts';
import { openSqliteStorage } from '../sqlite.ts';
import { scriptedCharacter } from './seed-report.ts';

const [dataDir, reportId, mode] = process.argv.slice(2);
const storage = openSqliteStorage(dataDir, { journal: mode === 'journal' });
const stored = await storage.loadDocument(reportId);
if (!stored?.snapshot) throw new Error(`append-until-killed: report ${reportId} has no template`);

const doc = new Y.Doc();
Y.applyUpdate(doc, stored.snapshot);
const pending: Uint8Array[] = [];
doc.on('update', (update: Uint8Array) => pending.push(update));
const text = (narrativeFragment(doc, 'overview').get(0) as Y.XmlElement).get(0) as Y.XmlText;

let acknowledged = 0;
for (let batch = 0; ; batch++) {
  const size = (batch % 3) + 1;
  for (let i = 0; i < size; i++) text.insert(acknowledged + i, scriptedCharacter(acknowledged + i));
  await storage.appendUpdates(reportId, pending.splice(0));
  acknowledged += size;
  // A pipe write is synchronous on Linux: once the parent reads a count, it was acknowledged.
  process.stdout.write(`${acknowledged}\n`);
}
