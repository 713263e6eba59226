// "Bật thông báo đẩy": subscribes this browser to web push through the app's service worker and tells the
// server (only where the server has VAPID keys: the button is shown then only).
(function () {
  "use strict";
  var button = document.getElementById("push-on");
  if (!button) { return; }
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
    button.hidden = true;
    return;
  }
  function key(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  var status = document.getElementById("push-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: key(button.getAttribute("data-key"))
      });
    }).then(function (subscription) {
      return fetch(button.getAttribute("data-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify(subscription.toJSON())
      });
    }).then(function (response) {
      status.textContent = response.ok ? "Đã bật thông báo đẩy trên thiết bị này." : "Chưa bật được, xin thử lại.";
    }).catch(function () {
      status.textContent = "Thiết bị chưa cho phép thông báo. Hãy cho phép trong phần cài đặt của trình duyệt.";
    });
  });
})();
