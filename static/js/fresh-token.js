// Agents' pages: every full-form POST (保存する, 確認待ちにする・提出する, 差戻す, a new application, logout) sends
// a fresh CSRF token, as the autosave does, so a login in another tab (which changes the token) never
// refuses it. The token comes from enrollment:csrf_token just before the form leaves; if it cannot be had
// (network, expired session), the form is sent as it is and the server's page says what went wrong (the
// Japanese CSRF failure page offers to send the same input again; the login brings the agent back).
(() => {
  const url = document.currentScript && document.currentScript.dataset.csrfUrl;
  if (!url) return;

  const fresh = async () => {
    const response = await fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } });
    if (!response.ok) throw new Error(`csrf-token ${response.status}`);
    return (await response.json()).token;
  };

  const setToken = (token) => {
    for (const input of document.querySelectorAll('input[name="csrfmiddlewaretoken"]')) input.value = token;
    for (const el of document.querySelectorAll("[hx-headers]")) {
      try {
        const headers = JSON.parse(el.getAttribute("hx-headers"));
        if ("X-CSRFToken" in headers) {
          headers["X-CSRFToken"] = token;
          el.setAttribute("hx-headers", JSON.stringify(headers));
        }
      } catch (e) {
        /* not JSON: not ours */
      }
    }
  };

  let sending = null; // the form being sent with its fresh token (its second submit event passes)
  const waiting = new WeakSet(); // forms whose token is being fetched: a second click sends nothing more
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (event.defaultPrevented || form === sending || (form.method || "").toLowerCase() !== "post") return;
    event.preventDefault();
    if (waiting.has(form)) return;
    waiting.add(form);
    const submitter = event.submitter;
    fresh()
      .then(setToken)
      .catch(() => {})
      .finally(() => {
        waiting.delete(form);
        sending = form;
        try {
          form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
        } finally {
          sending = null;
        }
      });
  });
  window.freshCsrfToken = { fresh, setToken }; // autosave.js refreshes the same way
})();
