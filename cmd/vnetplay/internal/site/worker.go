package site

// serviceWorker is the app-worker.js template (go-app fills {{.Version}} and
// {{.ResourcesToCache}}). go-app's default worker is cache-first for every
// URL, so after a rebuild it keeps serving the old app.wasm
// (go-app-wasm-notes §8). This one:
//
//   - precaches the shell for offline use under a cache named by the build
//     version and deletes older caches on activation;
//   - answers content-hashed URLs (name.<hex>.ext, immutable by construction)
//     from the cache first;
//   - answers everything else from the network first, so a rebuilt site is
//     picked up on the next load, falling back to the cache when offline.
const serviceWorker = `// vnetplay service worker, build {{.Version}}
const cacheName = "vnetplay-{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};
const hashed = /\.[0-9a-f]{12,64}\.[a-z0-9]+$/;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(cacheName);
    await cache.addAll(resourcesToCache.map((url) => new Request(url, { cache: "no-cache" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== cacheName) {
        await caches.delete(key);
      }
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  event.respondWith(hashed.test(url.pathname) ? cacheFirst(request) : networkFirst(request));
});

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) {
    return cached;
  }
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(cacheName);
    await cache.put(request, response.clone());
  }
  return response;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") {
      const cache = await caches.open(cacheName);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (err) {
    const cached = await caches.match(request, { ignoreSearch: true });
    if (cached) {
      return cached;
    }
    throw err;
  }
}
`
