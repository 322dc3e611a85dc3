// Small behaviours of the pages, as a file: the Content-Security-Policy runs no inline script.
// A select marked data-autosubmit submits its form when it changes (the job list's filter).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.requestSubmit();
  }
});

// A table or box that scrolls sideways on its own (phones) can be reached and scrolled from the
// keyboard: it takes the focus while it overflows, and gives it up when it fits again.
function markScrollables() {
  for (const box of document.querySelectorAll("main table, main .scrollbox")) {
    const overflows = box.scrollWidth > box.clientWidth + 1;
    if (overflows && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.dataset.scrollFocus = "1";
    } else if (!overflows && box.dataset.scrollFocus) {
      box.removeAttribute("tabindex");
      delete box.dataset.scrollFocus;
    }
  }
}
document.addEventListener("DOMContentLoaded", markScrollables);
document.addEventListener("htmx:afterSettle", markScrollables);
window.addEventListener("resize", markScrollables);
