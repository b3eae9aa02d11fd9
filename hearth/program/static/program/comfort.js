// The comfort map's body outline. The page works without this script: each region is a
// link to its choices in the form below. With it, the outline shows the choices as they
// are made (before saving), and tapping a region puts the focus on its choices.
(function () {
  "use strict";
  function regionFor(input) {
    var cut = input.name.indexOf("-");
    var direction = input.name.slice(0, cut);
    var area = input.name.slice(cut + 1);
    return document.querySelector(
      '.region[data-direction="' + direction + '"][data-area="' + area + '"]'
    );
  }
  function show(input) {
    var region = regionFor(input);
    var label = input.closest("label");
    if (!region || !label) { return; }
    region.setAttribute("class", "region mark-" + input.value);
    region.setAttribute("aria-label", region.getAttribute("data-name") + ": " + label.textContent.trim());
  }
  function focusChoices(event) {
    var target = event.currentTarget.getAttribute("href") || "";
    var group = document.getElementById(target.slice(1));
    if (!group) { return; }
    event.preventDefault();
    group.scrollIntoView({ block: "center" });
    var input = group.querySelector("input:checked") || group.querySelector("input");
    if (input) { input.focus({ preventScroll: true }); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-comfort-form]");
    if (!form) { return; }
    form.addEventListener("change", function (event) {
      if (event.target && event.target.type === "radio") { show(event.target); }
    });
    document.querySelectorAll(".body-map .region").forEach(function (region) {
      region.addEventListener("click", focusChoices);
    });
  });
})();
