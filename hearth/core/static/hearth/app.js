// Hearth's only script. Everything works without it; it adds the instant quick exit.
(function () {
  "use strict";
  function quickExit(event) {
    var form = document.getElementById("quick-exit-form");
    if (!form) { return; }
    if (event) { event.preventDefault(); }
    // Sign out with the form's own POST (its CSRF token in the body), sent in the
    // background: the page does not wait for the answer.
    var body = new FormData(form);
    body.append("beacon", "1");
    if (navigator.sendBeacon) { navigator.sendBeacon(form.action, body); }
    document.title = "";
    document.body.textContent = "";
    // replace(): the page being left does not stay in the tab's back history.
    window.location.replace(form.getAttribute("data-exit-url"));
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("quick-exit-form");
    if (form) { form.addEventListener("submit", quickExit); }
    var lastEscape = 0;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var now = Date.now();
      if (now - lastEscape < 600) { quickExit(event); }
      lastEscape = now;
    });
  });
})();
