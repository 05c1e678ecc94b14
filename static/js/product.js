// A programme's page. Progressive enhancement only: without this file the sections are <details> that a
// link or find-in-page opens (in Chromium), and the risk table's search is a plain GET form.
(() => {
  // Following a link to a section (the table of contents, 「リスク区分表を見る」) opens it, and the closed
  // <details> it sits in, in every browser.
  const reveal = (hash) => {
    if (!hash || hash.length < 2) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return;
    for (let el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
  };
  window.addEventListener("hashchange", () => reveal(location.hash));
  document.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#"]');
    if (link) reveal(link.getAttribute("href"));
  });
  reveal(location.hash);

  // The risk table's search asks the server as the member types (the same search as the comparison's
  // industry box), but never while a Japanese IME is still composing: only the finished word is sent.
  const form = document.querySelector("form.risk-search");
  const input = form && form.querySelector('input[type="search"]');
  if (!form || !input || !window.htmx) return;
  let timer = null;
  const search = () => {
    clearTimeout(timer);
    timer = setTimeout(() => window.htmx.trigger(form, "risk-search"), 300);
  };
  input.addEventListener("input", (event) => {
    if (!event.isComposing) search();
  });
  input.addEventListener("compositionend", search);
})();
