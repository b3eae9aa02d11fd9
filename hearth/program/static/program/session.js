// A session that is on keeps the screen awake (Screen Wake Lock, where the browser has it),
// so the Pause button is there the moment it is needed. Without it, or without this
// script, the page works the same; the phone may only dim its screen.
(function () {
  "use strict";
  var lock = null;
  function mark(box, state) { box.setAttribute("data-wake-lock", state); }
  function request(box) {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") {
      if (!("wakeLock" in navigator)) { mark(box, "unavailable"); }
      return;
    }
    navigator.wakeLock.request("screen").then(function (sentinel) {
      lock = sentinel;
      mark(box, "on");
      sentinel.addEventListener("release", function () { mark(box, "released"); });
    }).catch(function () { mark(box, "refused"); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-wake-lock]");
    if (!box) { return; }
    request(box);
    // The browser lets go of the lock when the page is hidden: take it again on return.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") { request(box); }
    });
    window.addEventListener("pagehide", function () { if (lock) { lock.release(); } });
  });
})();
