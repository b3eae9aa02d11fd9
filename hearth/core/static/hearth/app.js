// Hearth's only script. Everything works without it; it adds the instant quick exit.
(function () {
  "use strict";
  function quickExit(event) {
    var link = document.getElementById("quick-exit");
    if (!link) { return; }
    if (event) { event.preventDefault(); }
    var beacon = link.getAttribute("data-beacon-url");
    if (beacon && navigator.sendBeacon) { navigator.sendBeacon(beacon); }
    document.title = "";
    document.body.textContent = "";
    // replace(): the page being left does not stay in the tab's back history.
    window.location.replace(link.getAttribute("data-exit-url"));
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }
  document.addEventListener("DOMContentLoaded", function () {
    var link = document.getElementById("quick-exit");
    if (link) { link.addEventListener("click", quickExit); }
    var lastEscape = 0;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var now = Date.now();
      if (now - lastEscape < 600) { quickExit(event); }
      lastEscape = now;
    });
  });
})();
