// Counts the installed app: marks requests made from the home-screen app (display-mode standalone) with a
// cookie, and reports the browser's `appinstalled` event once. No data leaves this server.
(function () {
  "use strict";
  var standalone = window.matchMedia && window.matchMedia("(display-mode: standalone)").matches;
  if (standalone || window.navigator.standalone === true) {
    if (document.cookie.indexOf("sotay_app=1") === -1) {
      document.cookie = "sotay_app=1; path=/; max-age=31536000; SameSite=Lax";
    }
  }
  var body = document.body;
  var url = body && body.getAttribute("data-install-url");
  if (!url) { return; }
  window.addEventListener("appinstalled", function () {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (!match) { return; }
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": decodeURIComponent(match[1]) }
    }).catch(function () { /* offline: the next sign-in in the app is counted anyway */ });
  });
})();
