// Keeps a partner's session page up to date: while the page waits for the other partner,
// or the session is on, it asks the server every few seconds whether the session has moved
// (a pause, a new turn, the other checking in) and then loads the page again. The page works
// without it: reloading by hand shows the same. Its asking does not count as the person being
// there (hearth.core.middleware.not_activity), so an open page still signs out when idle.
(function () {
  "use strict";
  var EVERY_MS = 4000;
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-follow-url]");
    if (!box || !window.fetch) { return; }
    var url = box.getAttribute("data-follow-url");
    var seen = box.getAttribute("data-follow-state");
    var busy = false;
    var leaving = false;  // the person pressed a button or followed a link: theirs wins
    function check() {
      if (busy || leaving || document.hidden) { return; }
      busy = true;
      window.fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (answer) {
          // Signed out meanwhile (idle, or from another device): show the sign-in page
          // rather than leave the session on the screen.
          if (answer.redirected && !leaving) { window.location.reload(); return null; }
          return answer.ok ? answer.json() : null;
        })
        .then(function (body) {
          if (body && body.state && body.state !== seen && !leaving) { window.location.reload(); }
        })
        .catch(function () { /* offline for a moment: try again on the next tick */ })
        .then(function () { busy = false; });
    }
    document.addEventListener("submit", function () { leaving = true; });
    window.addEventListener("pagehide", function () { leaving = true; });
    window.addEventListener("beforeunload", function () { leaving = true; });
    window.setInterval(check, EVERY_MS);
    document.addEventListener("visibilitychange", check);
  });
})();
