// Progressive enhancement only: every page works without this file.
document.addEventListener("htmx:afterSwap", (event) => {
  // Move focus to the region that changed so screen readers announce it.
  const target = event.detail.target;
  const focusTarget = target.querySelector("[data-focus-after-swap]") || target;
  if (focusTarget && focusTarget.hasAttribute("tabindex") === false) {
    focusTarget.setAttribute("tabindex", "-1");
  }
  if (focusTarget && event.detail.requestConfig && event.detail.requestConfig.elt &&
      !event.detail.requestConfig.elt.matches("input, select, textarea")) {
    focusTarget.focus({ preventScroll: false });
  }
});
