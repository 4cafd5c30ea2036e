// The service worker: keeps the app shell (pages, scripts, styles, icons) so the app opens on a
// track with a weak signal, and updates it whenever the network answers. The API (/v1/) is never
// cached: a session's state and the runner's data always come from the server.

const CACHE = "trackcue-shell-v3";
const SHELL = [
  "/",
  "/watch",
  "/manifest.webmanifest",
  "/app/style.css",
  "/app/icon.svg",
  "/app/icon-192.png",
  "/app/icon-512.png",
  "/app/js/api.js",
  "/app/js/chart.js",
  "/app/js/clock.js",
  "/app/js/coach-api.js",
  "/app/js/cues.js",
  "/app/js/display.js",
  "/app/js/dom.js",
  "/app/js/format.js",
  "/app/js/live.js",
  "/app/js/load-chart.js",
  "/app/js/log-run.js",
  "/app/js/main.js",
  "/app/js/progress-chart.js",
  "/app/js/readiness.js",
  "/app/js/router.js",
  "/app/js/substitute.js",
  "/app/js/upload.js",
  "/app/js/verdict.js",
  "/app/js/watch.js",
  "/app/js/views/builder.js",
  "/app/js/views/common.js",
  "/app/js/views/history.js",
  "/app/js/views/load.js",
  "/app/js/views/progress.js",
  "/app/js/views/results.js",
  "/app/js/views/season.js",
  "/app/js/views/session.js",
  "/app/js/views/settings.js",
  "/app/js/views/signin.js",
  "/app/js/views/today.js",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

function isShell(url) {
  if (url.origin !== self.location.origin) return false;
  if (url.pathname.startsWith("/v1/")) return false; // the API: always the network, never stored
  return SHELL.includes(url.pathname) || url.pathname.startsWith("/app/");
}

// Network first: a new release shows on the next start; the cache answers only when offline.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!isShell(url)) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() => caches.match(url.pathname).then((cached) => cached || Response.error())),
  );
});
