// Progressive enhancement only: every page works without this file.
// htmx keeps focus on the control the member used (it has an id); if a swap ever drops focus to the
// page body, put it on the results heading so keyboard and screen-reader users are not lost.
document.addEventListener("htmx:afterSettle", () => {
  if (document.activeElement && document.activeElement !== document.body) return;
  const heading = document.querySelector("#results h2");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
});
