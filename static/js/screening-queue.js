/* Screening queue keys: p / f / h decide (pass, fail, hold), j / k go to the next / previous
   application. Bound once; the page's elements are looked up at each key press, so it keeps
   working after htmx swaps the page in. */
(function () {
  if (window.atsScreeningKeys) return;
  window.atsScreeningKeys = true;
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var screen = document.getElementById("screen");
    if (!screen) return;
    var key = event.key.toLowerCase();
    if (key === "j" || key === "k") {
      var url = screen.dataset[key === "j" ? "nextUrl" : "prevUrl"];
      if (url) { event.preventDefault(); window.location.assign(url); }
      return;
    }
    var button = screen.querySelector('#decision-form button[data-key="' + key + '"]');
    if (button) { event.preventDefault(); button.click(); }
  });

  /* The browser's PDF viewer takes the focus once the CV has loaded in its frame, and the keys
     above would then go to the viewer. Focus the frame takes by itself, soon after its load,
     is given back to the page; the user's own way into the CV (a click, the pointer over it, a
     Tab) keeps it there. */
  var loadedAt = 0;
  var tabbedAt = 0;
  document.addEventListener("load", function (event) {
    var target = event.target;
    if (target && target.classList && target.classList.contains("cvframe")) loadedAt = Date.now();
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Tab") tabbedAt = Date.now();
  }, true);
  window.addEventListener("blur", function () {
    setTimeout(function () {
      var frame = document.activeElement;
      if (!frame || !frame.classList || !frame.classList.contains("cvframe")) return;
      if (!document.getElementById("screen") || frame.matches(":hover")) return;
      var now = Date.now();
      if (now - tabbedAt > 1000 && now - loadedAt < 10000) frame.blur();
    }, 0);
  });
})();
