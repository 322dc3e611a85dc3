// Small behaviours of the pages, as a file: the Content-Security-Policy runs no inline script.
// A select marked data-autosubmit submits its form when it changes (the job list's filter).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.requestSubmit();
  }
});
