/**
 * The account store on a data folder's database file, for the server and for the `nianbao user`
 * and `nianbao token` commands, which open the same file while the server runs (WAL, busy timeout).
 */
import { openNianbaoDatabase } from '../storage/database.ts';
import { SqliteAccountStore } from './sqlite-store.ts';

export function openAccountStore(dataDir: string): { store: SqliteAccountStore; close: () => void } {
  const db = openNianbaoDatabase(dataDir);
  return { store: new SqliteAccountStore(db), close: () => db.close() };
}
