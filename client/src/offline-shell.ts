/**
 * Registers the service worker (public/sw.js) that keeps the app shell in the browser cache, so
 * that a report page reloaded while offline still opens and shows the edits kept in IndexedDB.
 * Only in built bundles: the dev server's modules change on every save.
 */
export function registerOfflineShell(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
    console.warn('离线缓存不可用', error);
  });
}
