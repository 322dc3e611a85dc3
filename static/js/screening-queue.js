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
})();
