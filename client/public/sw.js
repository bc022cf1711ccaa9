// App-shell cache: network first, cache when offline. Report content never goes through here —
// it lives in the Y.Doc (IndexedDB + sync socket); /api answers are not cached (they go stale).
const CACHE = 'nianbao-shell-v1';
const SHELL = '/index.html';

// The shell and every bundle of the build (asset-manifest.json, written by vite.config.ts), the
// lazily loaded report page included, so that a reload with no network still starts and opens a
// report. Without the manifest, the bundles the shell names.
async function cacheShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch(SHELL, { cache: 'no-cache' });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.put(SHELL, response);
  const named = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  const manifest = await fetch('/asset-manifest.json', { cache: 'no-cache' })
    .then((r) => (r.ok ? r.json() : []))
    .catch(() => []);
  await cache.addAll([...new Set([...named, ...manifest])]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/sync/')) return;
  const isPage = request.mode === 'navigate';
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(isPage ? SHELL : request, copy));
        }
        return response;
      })
      .catch(() => caches.match(isPage ? SHELL : request).then((hit) => hit ?? Response.error())),
  );
});
