// The agents' application form: never lose what was typed. Progressive enhancement over htmx autosave
// (the form posts itself on change/input; the page works without this file, with the 保存する button).
//
// - Every failure of an autosave is shown beside the status (「保存できませんでした。…」) and retried:
//   a network error or a 5xx with a growing pause; a 403 after the CSRF token changed (logged in again in
//   another tab) with a fresh token at once; an expired session (401) by keeping the input on this device
//   and offering the login page, which brings the agent back here.
// - What is not yet saved is kept in localStorage per application, so a closed tab, a reload or a login
//   round trip offers it back; it is dropped once the server has it.
// - Leaving with unsaved input warns (beforeunload); a transition (確認待ちにする・提出する) submits the form
//   itself, after any save in flight has landed, so what was typed just before the click is saved with it.
(() => {
  const form = document.getElementById("application-form");
  if (!form || form.dataset.editable !== "1" || !window.htmx) return;

  const KEY = `application-draft:${form.dataset.application}`;
  const failureBox = document.getElementById("autosave-failure");
  const banner = document.getElementById("local-copy");
  const SKIP = new Set(["csrfmiddlewaretoken", "version", "to_status", "comment"]);
  const RETRY_MS = [2000, 4000, 8000, 15000, 30000];

  let inFlight = false;
  let sentValues = null;
  let savedValues = null; // what the server has (at load, then after each save)
  let failures = 0;
  let retryTimer = null;
  let leaving = false;
  let waiters = [];

  const values = () => {
    const out = {};
    for (const [name, value] of new FormData(form)) {
      if (SKIP.has(name)) continue;
      (out[name] = out[name] || []).push(typeof value === "string" ? value : "");
    }
    // Unchecked boxes and radios send nothing: record them as empty so a restore can clear them.
    for (const el of form.elements) {
      if (el.name && !SKIP.has(el.name) && !(el.name in out)) out[el.name] = [];
    }
    return out;
  };
  const same = (a, b) => JSON.stringify(a || []) === JSON.stringify(b || []);
  const changedFrom = (base, now) => Object.keys(now).filter((name) => !same(base[name], now[name]));

  // ───── the local copy ─────
  const readCopy = () => {
    try {
      return JSON.parse(localStorage.getItem(KEY) || "null");
    } catch (e) {
      return null;
    }
  };
  const writeCopy = () => {
    const now = values();
    const changed = changedFrom(savedValues, now);
    try {
      if (changed.length === 0) localStorage.removeItem(KEY);
      else {
        const fields = {};
        for (const name of changed) fields[name] = now[name];
        localStorage.setItem(KEY, JSON.stringify({ at: new Date().toISOString(), fields }));
      }
    } catch (e) {
      /* storage full or disabled: the warning on leaving still protects the input */
    }
  };
  const isDirty = () => changedFrom(savedValues, values()).length > 0;

  const labelOf = (name) => {
    const el = form.querySelector(`[name="${CSS.escape(name)}"]`);
    const label = el && (form.querySelector(`label[for="${CSS.escape(el.id)}"]`) || el.closest("fieldset")?.querySelector("legend"));
    return label ? label.textContent.replace(/\*/g, "").trim() : name;
  };

  const apply = (fields) => {
    for (const [name, list] of Object.entries(fields)) {
      const els = form.querySelectorAll(`[name="${CSS.escape(name)}"]`);
      for (const el of els) {
        if (el.type === "checkbox" || el.type === "radio") el.checked = list.includes(el.value);
        else el.value = list[0] ?? "";
      }
    }
  };

  const offerCopy = () => {
    const copy = readCopy();
    if (!copy || !banner) return;
    const current = values();
    const differing = Object.keys(copy.fields || {}).filter((name) => !same(copy.fields[name], current[name]));
    if (differing.length === 0) {
      localStorage.removeItem(KEY);
      return;
    }
    const when = new Date(copy.at);
    banner.querySelector("[data-local-copy-when]").textContent = isNaN(when)
      ? ""
      : `（${when.getMonth() + 1}月${when.getDate()}日 ${String(when.getHours()).padStart(2, "0")}:${String(when.getMinutes()).padStart(2, "0")}）`;
    banner.querySelector("[data-local-copy-fields]").textContent = [...new Set(differing.map(labelOf))].join("、");
    banner.hidden = false;
    banner.querySelector('[data-local-copy="restore"]').onclick = () => {
      apply(copy.fields);
      banner.hidden = true;
      writeCopy();
      htmx.trigger(form, "autosave-now");
    };
    banner.querySelector('[data-local-copy="discard"]').onclick = () => {
      localStorage.removeItem(KEY);
      banner.hidden = true;
    };
  };

  // ───── failures: shown and retried ─────
  const statusBox = document.getElementById("autosave-status");
  const showFailure = (message, { retryIn = null, loginUrl = null, reloadUrl = null, retry = true } = {}) => {
    if (!failureBox) return;
    // The status line must not keep saying 「✓ 保存しました」 under a failure.
    if (statusBox) statusBox.textContent = "保存されていない入力があります（この端末に残しています）。";
    failureBox.replaceChildren();
    const text = document.createElement("span");
    text.textContent = `保存できませんでした。${message}`;
    failureBox.append(text);
    if (loginUrl) {
      const link = document.createElement("a");
      link.href = loginUrl;
      link.className = "btn btn-sm btn-primary ms-2";
      link.textContent = "ログインし直して続ける";
      link.addEventListener("click", () => {
        leaving = true;
      });
      failureBox.append(link);
    } else if (reloadUrl) {
      const link = document.createElement("a");
      link.href = reloadUrl;
      link.className = "btn btn-sm btn-primary ms-2";
      link.textContent = "最新の内容を読み込む（入力はあとで戻せます）";
      link.addEventListener("click", () => {
        writeCopy();
        leaving = true;
      });
      failureBox.append(link);
    } else if (retry) {
      const again = document.createElement("button");
      again.type = "button";
      again.className = "btn btn-sm btn-outline-danger";
      again.textContent = "今すぐもう一度保存する";
      again.addEventListener("click", () => retryNow());
      if (retryIn) {
        const note = document.createElement("span");
        note.textContent = ` ${Math.round(retryIn / 1000)}秒後に自動でもう一度保存します。入力はこの端末に残しています。`;
        failureBox.append(note);
      }
      failureBox.append(again);
    }
    failureBox.hidden = false;
  };
  const clearFailure = () => {
    failures = 0;
    clearTimeout(retryTimer);
    if (failureBox) {
      failureBox.hidden = true;
      failureBox.replaceChildren();
    }
  };
  const retryNow = () => {
    clearTimeout(retryTimer);
    htmx.trigger(form, "autosave-now");
  };
  const scheduleRetry = (message) => {
    const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)];
    failures += 1;
    showFailure(message, { retryIn: wait });
    clearTimeout(retryTimer);
    retryTimer = setTimeout(retryNow, wait);
  };

  // The same token everywhere on the page (static/js/fresh-token.js, loaded on every agents' page).
  const setToken = (token) => window.freshCsrfToken.setToken(token);

  const sessionExpired = () => {
    writeCopy();
    showFailure("ログインの有効期限が切れました。入力はこの端末に残しています。ログインし直すと、この申込に戻って入力を戻せます。", {
      loginUrl: form.dataset.loginUrl,
    });
  };

  const refreshTokenAndRetry = async () => {
    try {
      const response = await fetch(form.dataset.csrfUrl, { credentials: "same-origin", headers: { "HX-Request": "true" } });
      if (response.status === 401) return sessionExpired();
      if (!response.ok) return scheduleRetry(`安全のための確認（CSRF）に失敗しました（${response.status}）。`);
      const data = await response.json();
      setToken(data.token);
      failures += 1;
      if (failures > 3) return scheduleRetry("安全のための確認（CSRF）に続けて失敗しています。");
      retryNow();
    } catch (e) {
      scheduleRetry("通信できません（ネットワークの接続を確かめてください）。");
    }
  };

  // ───── the autosave requests ─────
  const ours = (event) => event.detail && event.detail.elt === form;

  form.addEventListener("htmx:beforeRequest", (event) => {
    if (!ours(event)) return;
    if (leaving) {
      event.preventDefault();
      return;
    }
    inFlight = true;
    sentValues = values();
  });

  // The server's own words for a refusal (the conflict message of a 409), from the status it rendered.
  const serverMessage = (xhr, fallback) => {
    try {
      const doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
      const node = doc.querySelector("[data-autosave-message]");
      return (node && node.textContent.trim()) || fallback;
    } catch (e) {
      return fallback;
    }
  };

  const done = () => {
    inFlight = false;
    const pending = waiters;
    waiters = [];
    for (const resolve of pending) resolve();
  };

  form.addEventListener("htmx:afterRequest", (event) => {
    if (!ours(event)) return;
    const xhr = event.detail.xhr;
    const status = xhr ? xhr.status : 0;
    if (status === 200 && !xhr.getResponseHeader("HX-Redirect")) {
      clearFailure();
      savedValues = sentValues;
      // Invalid fields were not saved: they stay unsaved (kept locally) until fixed.
      for (const item of document.querySelectorAll("#autosave-status [data-field]")) {
        delete savedValues[item.dataset.field];
      }
      markFields();
      writeCopy();
    } else if (status === 409) {
      // Someone else (or another tab) saved first: retrying cannot help. Say so, keep the input here, and
      // offer to load the latest version (the local copy is offered back there).
      clearFailure();
      writeCopy();
      showFailure(`${serverMessage(xhr, "この申込は、別の人が先に保存しました。")} 入力はこの端末に残しています。`, {
        reloadUrl: form.dataset.reloadUrl,
      });
    } else if (status === 404) {
      // Logged in as someone who may not see this application (another agency, in another tab).
      clearFailure();
      writeCopy();
      showFailure(
        "この申込は、いまログインしている利用者には表示されません（別のタブで別の代理店の利用者としてログインした可能性があります）。入力はこの端末に残しています。この申込の代理店の利用者としてログインし直してください。",
        { loginUrl: form.dataset.loginUrl },
      );
    } else if (status === 401) {
      sessionExpired();
    } else if (status === 403) {
      refreshTokenAndRetry();
    } else if (status === 0) {
      scheduleRetry("通信できません（ネットワークの接続を確かめてください）。");
    } else {
      scheduleRetry(`サーバーでエラーが起きました（${status}）。`);
    }
    done();
  });
  form.addEventListener("htmx:sendError", (event) => {
    if (ours(event) && inFlight) {
      scheduleRetry("通信できません（ネットワークの接続を確かめてください）。");
      done();
    }
  });

  // An invalid field keeps what was typed, with its message beside it (from the status the server sent).
  const markFields = () => {
    for (const old of form.querySelectorAll(".field-autosave-error")) old.remove();
    for (const el of form.querySelectorAll("[data-autosave-invalid]")) {
      el.removeAttribute("data-autosave-invalid");
      el.removeAttribute("aria-invalid");
      el.classList.remove("is-invalid");
    }
    for (const item of document.querySelectorAll("#autosave-status [data-field]")) {
      const el = form.querySelector(`[name="${CSS.escape(item.dataset.field)}"]`);
      if (!el) continue;
      const note = document.createElement("div");
      note.className = "field-autosave-error";
      note.id = `${el.id || el.name}-autosave-error`;
      note.textContent = item.dataset.message;
      el.setAttribute("data-autosave-invalid", "");
      el.setAttribute("aria-invalid", "true");
      el.classList.add("is-invalid");
      el.setAttribute("aria-describedby", `${el.getAttribute("aria-describedby") || ""} ${note.id}`.trim());
      (el.closest(".mb-3") || el.parentElement).append(note);
    }
  };

  // A postal-code candidate picked: the new prefecture/city fields are saved like typed ones.
  document.body.addEventListener("htmx:oobAfterSwap", (event) => {
    if (event.detail.target && event.detail.target.id === "address-fields") {
      form.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  let copyTimer = null;
  form.addEventListener("input", () => {
    clearTimeout(copyTimer);
    copyTimer = setTimeout(writeCopy, 300);
  });
  form.addEventListener("change", () => writeCopy());

  // ───── leaving and transitions ─────
  const settled = () => (inFlight ? new Promise((resolve) => waiters.push(resolve)) : Promise.resolve());

  form.addEventListener("submit", (event) => {
    const submitter = event.submitter;
    if (inFlight) {
      // Let the save in flight land first (its new version goes into the form), then submit again.
      event.preventDefault();
      settled().then(() => form.requestSubmit(submitter));
      return;
    }
    leaving = true;
    writeCopy(); // kept until the page that comes back shows the values saved
  });

  window.addEventListener("beforeunload", (event) => {
    if (leaving) return;
    if (inFlight || isDirty() || (failureBox && !failureBox.hidden)) {
      writeCopy();
      event.preventDefault();
      event.returnValue = "";
    }
  });
  window.addEventListener("pagehide", () => writeCopy());

  // ───── focus never hidden behind the sticky actions bar (WCAG 2.4.11) ─────
  const bar = form.querySelector(".form-actions");
  if (bar) {
    const sticky = () => getComputedStyle(bar).position === "sticky";
    const pad = () => {
      document.documentElement.style.scrollPaddingBottom = sticky() ? `${bar.offsetHeight + 16}px` : "";
    };
    if (window.ResizeObserver) new ResizeObserver(pad).observe(bar);
    pad();
    document.addEventListener("focusin", (event) => {
      const el = event.target;
      if (!(el instanceof Element) || bar.contains(el)) return;
      // After the browser's own scroll into view: lift the field above the bar if it still sits under it.
      const lift = () => {
        if (!sticky() || document.activeElement !== el) return;
        const a = el.getBoundingClientRect();
        const b = bar.getBoundingClientRect();
        const overlaps = a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right;
        if (overlaps) window.scrollBy({ top: a.bottom - b.top + 16, behavior: "instant" });
      };
      requestAnimationFrame(lift);
      // The browser's scroll to the field may be smooth (Bootstrap's scroll-behavior): check again when done.
      window.addEventListener("scrollend", lift, { once: true });
    });
  }

  // ───── start ─────
  savedValues = values();
  const errors = document.querySelectorAll("#form-errors li");
  if (errors.length) writeCopy();
  offerCopy();
  window.applicationAutosave = { isDirty, settled, values }; // for the browser tests' waits
})();
