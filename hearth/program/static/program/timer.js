// Counts down to the end of the current turn. The page works without it: the server shows
// when the turn started and ends, and the "Next turn" button moves on.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // The words come from the page, in the person's language.
  function tick(box, out, ends) {
    var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
    out.textContent = left > 0
      ? box.getAttribute("data-left-text") + " " + Math.floor(left / 60) + ":" + pad(left % 60)
      : box.getAttribute("data-up-text");
    return left > 0;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-ends-at]");
    if (!box) { return; }
    var out = box.querySelector("[data-countdown]");
    var ends = Date.parse(box.getAttribute("data-ends-at"));
    if (!out || isNaN(ends)) { return; }
    out.hidden = false;
    if (!tick(box, out, ends)) { return; }
    var timer = window.setInterval(function () {
      if (!tick(box, out, ends)) { window.clearInterval(timer); }
    }, 1000);
  });
})();
