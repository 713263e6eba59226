// Imported by the app's service worker (importScripts): shows a pushed notification and opens its link.
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  var title = data.title || "Sổ tay: có thông báo mới";
  event.waitUntil(self.registration.showNotification(title, {
    data: { url: data.url || "/thong-bao/" },
    icon: "/static/sotay/icon.svg",
    lang: "vi"
  }));
});
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/thong-bao/";
  if (url.charAt(0) !== "/" || url.charAt(1) === "/") { url = "/thong-bao/"; }
  event.waitUntil(self.clients.openWindow(url));
});
