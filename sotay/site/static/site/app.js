// Registers the service worker (/sw.js) and empties its caches whenever nobody is signed in, so that a
// shared phone never shows the previous member's record offline. No inline script: the CSP stays strict.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }
  var body = document.body;
  function clear() {
    if (window.caches) {
      caches.keys().then(function (keys) { keys.forEach(function (k) { caches.delete(k); }); });
    }
    if (navigator.serviceWorker.controller) { navigator.serviceWorker.controller.postMessage("clear"); }
  }
  if (body && body.hasAttribute("data-signed-out")) { clear(); }
  var CHANGED = "sotay-offline-changed";
  document.addEventListener("submit", function (event) {
    if (event.target && event.target.classList && event.target.classList.contains("logout")) { clear(); }
    // A form that changes what is kept offline (a bookmark): the next page asks the worker to refresh now.
    if (event.target && event.target.hasAttribute && event.target.hasAttribute("data-offline-change")) {
      try { sessionStorage.setItem(CHANGED, "1"); } catch (e) { /* private mode: the 30-min refresh will do */ }
    }
  });
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* not supported here */ });
  // Signed in: let the worker refresh the pages it keeps for offline reading (it asks at most every 30 min).
  if (body && !body.hasAttribute("data-signed-out")) {
    var now = false;
    try { now = sessionStorage.getItem(CHANGED) === "1"; sessionStorage.removeItem(CHANGED); } catch (e) { /* none */ }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) { registration.active.postMessage(now ? "refresh-now" : "refresh"); }
    });
  }
})();
