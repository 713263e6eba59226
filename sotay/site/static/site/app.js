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
  document.addEventListener("submit", function (event) {
    if (event.target && event.target.classList && event.target.classList.contains("logout")) { clear(); }
  });
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* not supported here */ });
  // Signed in: let the worker refresh the pages it keeps for offline reading (it asks at most every 30 min).
  if (body && !body.hasAttribute("data-signed-out")) {
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) { registration.active.postMessage("refresh"); }
    });
  }
})();
