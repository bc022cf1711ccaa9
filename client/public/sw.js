// App-shell cache: network first, cache when offline. Report content never goes through here —
// it lives in the Y.Doc (IndexedDB + sync socket); /api answers are not cached (they go stale).
const CACHE = 'nianbao-shell-v1';
const SHELL = '/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add(SHELL)).then(() => self.skipWaiting()));
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
