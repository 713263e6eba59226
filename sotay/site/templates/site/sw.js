// Sổ tay's service worker (same origin, no third party). It keeps two pages for reading offline — the
// member's own record and notifications — fetched from the network first and shown from the cache only
// when the network fails. Staff pages, forms and other URLs are never stored. Static files (CSS, icons)
// are kept so that a stored page still looks right. Pages call postMessage("clear") when signed out.
"use strict";
const CACHE = "sotay-pages-v1";
const STATIC_CACHE = "sotay-static-v1";
const PAGES = {{ pages|safe }};
const STATIC_PREFIX = {{ static_prefix|safe }};
const LOGIN = {{ login|safe }};

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k !== CACHE && k !== STATIC_CACHE; })
        .map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function clearAll() {
  return caches.keys().then(function (keys) {
    return Promise.all(keys.map(function (k) { return caches.delete(k); }));
  });
}

self.addEventListener("message", function (event) {
  if (event.data === "clear") { event.waitUntil(clearAll()); }
});

function offlinePage() {
  const html = "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><meta name=\"viewport\" " +
    "content=\"width=device-width, initial-scale=1\"><title>Không có mạng · Sổ tay</title>" +
    "<body><h1>Không có mạng</h1><p>Trang này chưa được lưu trên máy. Khi có mạng, xin mở lại.</p></body></html>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") { return; }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (PAGES.indexOf(url.pathname) !== -1 && url.search === "") {
    event.respondWith(
      fetch(request).then(function (response) {
        // Signed out (a redirect to the sign-in page): forget what this device kept.
        if (response.redirected && new URL(response.url).pathname === LOGIN) {
          return clearAll().then(function () { return response; });
        }
        if (response.ok && response.type === "basic") {
          const copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
        }
        return response;
      }).catch(function () {
        return caches.match(url.pathname).then(function (hit) { return hit || offlinePage(); });
      })
    );
    return;
  }
  if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(
      caches.open(STATIC_CACHE).then(function (cache) {
        return cache.match(request).then(function (hit) {
          const fresh = fetch(request).then(function (response) {
            if (response.ok) { cache.put(request, response.clone()); }
            return response;
          });
          return hit || fresh;
        });
      })
    );
  }
});
