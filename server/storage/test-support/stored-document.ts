/**
 * A report as a SQLite data folder holds it, read back the way a restarted server loads it:
 * snapshot, then every logged update. The server must be closed first (one process per folder).
 */
import * as Y from 'yjs';
import { openSqliteStorage } from '../sqlite.ts';

export async function storedDocument(dataDir: string, reportId: string): Promise<Y.Doc> {
  const storage = openSqliteStorage(dataDir);
  try {
    const stored = await storage.loadDocument(reportId);
    if (!stored) throw new Error(`no report ${reportId} stored in ${dataDir}`);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    return doc;
  } finally {
    await storage.close();
  }
}
