// The comparison's answer. Progressive enhancement only: without this file 「この内容で結果を見る」 is a plain GET
// whose address ends in #summary, so the new page opens at the summary.
(() => {
  const FORM = "compare-form";
  let submitted = false;

  // After 「この内容で結果を見る」 the page moves to the summary and focuses it (or to the list of answers to
  // fix, when the form came back with messages), on a phone as on a desktop.
  document.addEventListener("submit", (event) => {
    if (event.target && event.target.id === FORM) submitted = true;
  }, true);
  document.addEventListener("htmx:afterSettle", () => {
    if (!submitted) return;
    submitted = false;
    const target = document.getElementById("form-errors") || document.getElementById("summary");
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start", behavior: "instant" });
  });
  // Arriving at #summary (the plain form's submit, or a shared link) focuses it too.
  document.addEventListener("DOMContentLoaded", () => {
    if (location.hash !== "#summary") return;
    const summary = document.getElementById("summary");
    if (summary) summary.focus({ preventScroll: false });
  });

  // 「来月1日から」 sets the start date the way typing it would (a change the form sends), without a reload.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-start]");
    const field = document.getElementById("id_start");
    if (!button || !field) return;
    event.preventDefault();
    field.value = button.dataset.start;
    field.dispatchEvent(new Event("change", { bubbles: true }));
  });
})();
