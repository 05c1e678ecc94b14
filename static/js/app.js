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

// The compare form sends each answer as the member gives it. Four rules keep that from getting in the way:
// 1. Nothing is sent while a Japanese IME is composing (compositionstart … compositionend): the search
//    waits for the committed word, so 「れすとらん」 being converted is never searched half-way.
// 2. A date is sent only when it is complete and valid (a year the calendar covers): retyping the year of
//    2026-12-01 passes through 0002-12-01, 0020-12-01 and 0202-12-01, none of which is sent. What is left
//    invalid is sent when the member leaves the field, so the server can say what is wrong.
// 3. A field with focus is never replaced: when an answer re-renders the whole form, the field being
//    typed in is kept as it is (htmx's hx-preserve), and only its error state is taken from the answer.
// 4. Nothing typed is lost: fields changed while a request was in flight are put back and sent.
(() => {
  const FORM = "compare-form";
  const inForm = (el) => el && el.form && el.form.id === FORM;
  let composing = false;
  let sent = null;
  let kept = null;
  let preserved = null; // {id, attrs}: the focused field kept through a whole-form swap

  // 1. IME composition
  document.addEventListener("compositionstart", (event) => {
    if (inForm(event.target)) composing = true;
  }, true);
  document.addEventListener("compositionend", (event) => {
    if (!inForm(event.target)) return;
    composing = false;
    // The input events of the composition were held back: the committed text is one change now.
    event.target.dispatchEvent(new Event("input", { bubbles: true }));
  }, true);
  document.addEventListener("input", (event) => {
    if (inForm(event.target) && (event.isComposing || composing)) event.stopImmediatePropagation();
  }, true);
  document.addEventListener("htmx:beforeRequest", (event) => {
    if (composing && document.getElementById(FORM)?.contains(event.detail.elt)) event.preventDefault();
  });

  // 2. Dates: hold back an incomplete or out-of-range date while the member is still typing it
  const heldDates = new Set();
  let releasing = null;
  const holdDate = (event) => {
    const el = event.target;
    if (!inForm(el) || el.type !== "date" || el === releasing) return;
    if (el === document.activeElement && !el.validity.valid) {
      heldDates.add(el);
      event.stopImmediatePropagation();
    } else {
      heldDates.delete(el);
    }
  };
  document.addEventListener("input", holdDate, true);
  document.addEventListener("change", holdDate, true);
  document.addEventListener("focusout", (event) => {
    const el = event.target;
    if (!heldDates.has(el)) return;
    heldDates.delete(el);
    releasing = el; // the member has left the field: send what it holds, valid or not
    try {
      el.dispatchEvent(new Event("change", { bubbles: true }));
    } finally {
      releasing = null;
    }
  }, true);

  // 3 and 4. Whole-form swaps
  const valueOf = (el) => (el.type === "checkbox" || el.type === "radio" ? el.checked : el.value);
  const state = (form) => {
    const values = new Map();
    for (const el of form.elements) {
      if (el.id && el.name) values.set(el.id, valueOf(el));
    }
    return values;
  };

  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = document.getElementById(FORM);
    if (form && form.contains(event.detail.elt)) sent = state(form);
  });

  const ERROR_ATTRS = ["class", "aria-invalid", "aria-describedby"];
  document.addEventListener("htmx:beforeSwap", (event) => {
    const form = document.getElementById(FORM);
    kept = null;
    preserved = null;
    if (!form || !event.detail.target || !event.detail.target.contains(form)) return;
    const active = document.activeElement;
    if (active && active.id && form.contains(active) && typeof event.detail.serverResponse === "string") {
      const template = document.createElement("template");
      template.innerHTML = event.detail.serverResponse;
      const incoming = template.content.getElementById(active.id);
      if (incoming) {
        preserved = {
          id: active.id,
          attrs: ERROR_ATTRS.map((name) => [name, incoming.getAttribute(name)]),
        };
        incoming.setAttribute("hx-preserve", "true");
        event.detail.serverResponse = template.innerHTML;
      }
    }
    if (!sent) return;
    kept = new Map(
      [...state(form)].filter(([id, value]) => sent.get(id) !== value && id !== preserved?.id),
    );
  });

  document.addEventListener("htmx:afterSettle", () => {
    let last = null;
    if (preserved) {
      const el = document.getElementById(preserved.id);
      if (el) {
        for (const [name, value] of preserved.attrs) {
          if (value === null) el.removeAttribute(name);
          else el.setAttribute(name, value);
        }
        // typed while the answer was on its way (its own change may have fired before the new form listened)
        if (sent && sent.has(el.id) && sent.get(el.id) !== valueOf(el)) last = el;
      }
      preserved = null;
    }
    const restored = kept || new Map();
    kept = null;
    for (const [id, value] of restored) {
      const el = document.getElementById(id);
      if (!el) continue;
      if (el.type === "checkbox" || el.type === "radio") el.checked = value;
      else el.value = value;
      last = el;
    }
    if (last) last.dispatchEvent(new Event("change", { bubbles: true }));
  });
})();

// 5. The matrix's rows are not sent again when they have not changed (another revenue, another date): each
//    request that re-renders the results says which rows the page shows (X-Compare-Matrix: their <tbody>'s
//    id, a digest of what they show). The server then sends an empty <tbody> with that id and hx-preserve,
//    and htmx keeps the rows the page has. Should the page no longer have them when the answer arrives,
//    the results are asked for again, in full.
(() => {
  const ROWS = "tbody[id^='matrix-rows-']:not([data-matrix-placeholder])";
  document.addEventListener("htmx:configRequest", (event) => {
    const target = event.detail.target;
    if (!target || !["results", "compare"].includes(target.id)) return;
    if ("X-Compare-Matrix" in event.detail.headers) return;
    const rows = document.querySelector(ROWS);
    if (rows) event.detail.headers["X-Compare-Matrix"] = rows.id;
  });
  document.addEventListener("htmx:afterSettle", (event) => {
    const placeholder = document.querySelector("tbody[data-matrix-placeholder]");
    if (!placeholder) return;
    // without its id, or htmx would keep this empty body in place of the rows that are coming
    placeholder.removeAttribute("id");
    const path = event.detail.pathInfo?.finalRequestPath || window.location.pathname + window.location.search;
    // after this request has ended: htmx drops a request on an element that still has one in flight
    setTimeout(() => {
      htmx.ajax("GET", path, { target: "#results", swap: "innerHTML", headers: { "X-Compare-Matrix": "" } });
    });
  });
})();
