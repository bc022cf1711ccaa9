/**
 * The browser's copies of reports (IndexedDB, for offline work) and their unsent counts
 * (localStorage), kept per signed-in user. Government offices share computers: a copy must never
 * be shown to the next person who signs in on the same browser, so each user's copies live under
 * their own names, and signing out deletes every copy.
 */

/** Whose copies: the signed-in user, or `local` on a server without accounts. */
export type CopyScope = string;

export function scopeOfUser(userName: string | null): CopyScope {
  return userName === null ? 'local' : `user:${userName.toLowerCase()}`;
}

const prefix = 'nianbao:';
const unsentPrefix = `${prefix}unsent:`;
const accessPrefix = `${prefix}access:`;
const mentionsReadPrefix = `${prefix}mentions-read:`;
/** localStorage entries that belong to copies (the display name and the like stay). */
const copyKeyPrefixes = [unsentPrefix, accessPrefix];

/** The IndexedDB database holding `scope`'s copy of a report. */
export function localCopyName(scope: CopyScope, reportId: string): string {
  return `${prefix}${scope}:${reportId}`;
}

/** The localStorage key of the unsent-changes count of that copy. */
export function unsentCountKey(scope: CopyScope, reportId: string): string {
  return `${unsentPrefix}${scope}:${reportId}`;
}

/** The localStorage key of the rights and members last read for that copy (offline reloads). */
export function accessCacheKey(scope: CopyScope, reportId: string): string {
  return `${accessPrefix}${scope}:${reportId}`;
}

/**
 * The localStorage key of the mentions this user has read in that report (comments/mention-reads.ts).
 * Kept at sign-out, unlike the copies: it holds no content, only ids, and is this user's alone.
 */
export function mentionsReadKey(scope: CopyScope, reportId: string): string {
  return `${mentionsReadPrefix}${scope}:${reportId}`;
}

/** The localStorage keys that start with one of `prefixes`. */
function keysStartingWith(prefixes: readonly string[]): string[] {
  const keys: string[] = [];
  for (let i = 0; i < window.localStorage.length; i++) {
    const key = window.localStorage.key(i);
    if (key !== null && prefixes.some((p) => key.startsWith(p))) keys.push(key);
  }
  return keys;
}

/** Whether any copy in this browser holds changes the server has not confirmed. */
export function hasUnsentChanges(): boolean {
  return keysStartingWith([unsentPrefix]).some((key) => Number(window.localStorage.getItem(key)) > 0);
}

/**
 * Deletes every report copy in this browser (all users', and those named before copies had a
 * scope). A copy still open is deleted once its page closes it: IndexedDB waits for that.
 */
export async function forgetLocalCopies(): Promise<void> {
  for (const key of keysStartingWith(copyKeyPrefixes)) window.localStorage.removeItem(key);
  const databases = await indexedDB.databases();
  await Promise.all(
    databases
      .map((d) => d.name ?? '')
      .filter((name) => name.startsWith(prefix))
      .map(deleteDatabase),
  );
}

/**
 * Deletes `scope`'s copy of one report (IndexedDB, the unsent count, the rights last read, the
 * mentions read): the
 * server said this user may no longer read it, or that it does not exist. Resolves with whether
 * this browser held a copy. A page that still has the copy open must close it first (its
 * session's `forgetLocalCopy`), or the deletion waits for that.
 */
export async function forgetLocalCopy(scope: CopyScope, reportId: string): Promise<boolean> {
  const keys = [unsentCountKey(scope, reportId), accessCacheKey(scope, reportId), mentionsReadKey(scope, reportId)];
  const name = localCopyName(scope, reportId);
  const hadKeys = keys.some((key) => window.localStorage.getItem(key) !== null);
  for (const key of keys) window.localStorage.removeItem(key);
  const hadDatabase = (await indexedDB.databases()).some((d) => d.name === name);
  if (hadDatabase) await deleteDatabase(name);
  return hadKeys || hadDatabase;
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = () => resolve();
  });
}
