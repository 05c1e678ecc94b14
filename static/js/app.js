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

// Never lose what the member typed. Most changes swap only the results, but some re-render the whole
// compare form (a new industry search, a message beside a field), and that answer may arrive while the
// member is already typing in another field. So: note the form's values when a request leaves; when the
// whole form is swapped in, put back every field the member changed meanwhile, and send it as a change.
(() => {
  const FORM = "compare-form";
  let sent = null;
  let kept = null;

  const state = (form) => {
    const values = new Map();
    for (const el of form.elements) {
      if (!el.id || !el.name) continue;
      values.set(el.id, el.type === "checkbox" || el.type === "radio" ? el.checked : el.value);
    }
    return values;
  };

  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = document.getElementById(FORM);
    if (form && form.contains(event.detail.elt)) sent = state(form);
  });

  document.addEventListener("htmx:beforeSwap", (event) => {
    const form = document.getElementById(FORM);
    kept = null;
    if (!sent || !form || !event.detail.target || !event.detail.target.contains(form)) return;
    kept = new Map([...state(form)].filter(([id, value]) => sent.get(id) !== value));
  });

  document.addEventListener("htmx:afterSettle", () => {
    if (!kept || kept.size === 0) return;
    const restored = kept;
    kept = null;
    let last = null;
    for (const [id, value] of restored) {
      const el = document.getElementById(id);
      if (!el) continue;
      if (el.type === "checkbox" || el.type === "radio") el.checked = value;
      else el.value = value;
      if (el === document.activeElement && typeof el.setSelectionRange === "function" && el.type === "text") {
        el.setSelectionRange(el.value.length, el.value.length);
      }
      last = el;
    }
    if (last) last.dispatchEvent(new Event("change", { bubbles: true }));
  });
})();
