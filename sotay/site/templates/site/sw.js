// Sổ tay's service worker (same origin, no third party). It keeps two pages for reading offline — the
// member's own record and notifications — fetched from the network first and shown from the cache only
// when the network fails — and the pages named by the lists in LISTS (the member's next meeting, the
// documents they bookmarked and their files), asked for at most every half hour when a signed-in page
// says "refresh", at once when it says "refresh-now" (a bookmark was added or removed); a page no longer
// listed is dropped from the cache. Staff pages, forms and other URLs are never stored. Static files (CSS, icons) are kept so that a stored page still looks right. Pages call
// postMessage("clear") when signed out. Web push (where the server has keys) is in the imported script.
"use strict";
const CACHE = "sotay-pages-v1";
const STATIC_CACHE = "sotay-static-v1";
const PAGES = {{ pages|safe }};
const STATIC_PREFIX = {{ static_prefix|safe }};
const LOGIN = {{ login|safe }};
const LISTS = {{ lists|safe }};
const LISTED = "/__sotay_listed_pages__";
const REFRESH_MS = 30 * 60 * 1000;
let refreshedAt = 0;
importScripts({{ push_script|safe }});

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

function samePath(u) { return typeof u === "string" && u.charAt(0) === "/" && u.charAt(1) !== "/"; }

function listedPages() {
  return caches.open(CACHE).then(function (cache) { return cache.match(LISTED); })
    .then(function (hit) { return hit ? hit.json() : []; }).catch(function () { return []; });
}

// Ask each list which pages to keep, remember them, and store each page now (while there is a network).
function refreshLists() {
  refreshedAt = Date.now();
  return Promise.all(LISTS.map(function (u) {
    return fetch(u, { credentials: "same-origin" })
      .then(function (r) { return r.ok && !r.redirected ? r.json() : { urls: [] }; })
      .catch(function () { return { urls: [] }; });
  })).then(function (results) {
    let urls = [];
    results.forEach(function (r) { urls = urls.concat((r && r.urls) || []); });
    urls = urls.filter(samePath);
    return Promise.all([caches.open(CACHE), listedPages()]).then(function (opened) {
      const cache = opened[0];
      const dropped = opened[1].filter(function (u) { return urls.indexOf(u) === -1 && PAGES.indexOf(u) === -1; });
      const list = new Response(JSON.stringify(urls), { headers: { "Content-Type": "application/json" } });
      return Promise.all(dropped.map(function (u) { return cache.delete(u); })).then(function () {
        return cache.put(LISTED, list);
      }).then(function () {
        return Promise.all(urls.map(function (u) {
          return fetch(u, { credentials: "same-origin" }).then(function (r) {
            if (r.ok && !r.redirected && r.type === "basic") { return cache.put(u, r); }
          }).catch(function () { /* offline now: the page stays as it was stored */ });
        }));
      });
    });
  });
}

self.addEventListener("message", function (event) {
  if (event.data === "clear") { refreshedAt = 0; event.waitUntil(clearAll()); }
  if (event.data === "refresh" && Date.now() - refreshedAt > REFRESH_MS) { event.waitUntil(refreshLists()); }
  if (event.data === "refresh-now") { event.waitUntil(refreshLists()); }
});

function networkFirst(request, url) {
  return fetch(request).then(function (response) {
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
  });
}

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
    event.respondWith(networkFirst(request, url));
    return;
  }
  if (request.mode === "navigate" && url.search === "") {
    // A page named by a list (the next meeting) is kept like the member's own pages; others pass through
    // (offline: the offline page).
    event.respondWith(listedPages().then(function (listed) {
      if (listed.indexOf(url.pathname) !== -1) { return networkFirst(request, url); }
      return fetch(request).catch(offlinePage);  // not stored: say so in Vietnamese, not the browser's error
    }));
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
