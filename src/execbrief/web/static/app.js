// execbrief workspace: what every page shares. No inline script anywhere (the CSP
// forbids it): pages pass their data in data-* attributes and <meta> tags.
"use strict";

window.execbrief = (function () {
  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // fetch with the session cookie and, on every state-changing request, the CSRF header.
  async function api(method, url, options) {
    const opts = options || {};
    const headers = Object.assign({}, opts.headers || {});
    if (method !== "GET" && method !== "HEAD") headers["X-CSRF-Token"] = csrfToken();
    let body = opts.body;
    if (opts.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.json);
    }
    const response = await fetch(url, {
      method: method,
      headers: headers,
      body: body,
      credentials: "same-origin",
      signal: opts.signal,
    });
    if (response.status === 401 && !opts.allowUnauthorized) {
      window.location.assign("/login?next=" + encodeURIComponent(window.location.pathname));
    }
    let data = null;
    const type = response.headers.get("Content-Type") || "";
    if (type.indexOf("json") !== -1) {
      try {
        data = await response.json();
      } catch (e) {
        data = null;
      }
    }
    return { status: response.status, ok: response.ok, data: data, response: response };
  }

  function debounce(fn, ms) {
    let timer = null;
    return function () {
      const args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  // Build DOM from text only: nothing the user typed ever goes through innerHTML.
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(function ([key, value]) {
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function say(node, text, kind) {
    if (!node) return;
    node.textContent = text || "";
    node.className = "note" + (kind ? " " + kind : "");
  }

  // An API's error answer in words: 422's {errors:[{field, line, message}]}, else detail.
  function problemText(result) {
    const data = result.data || {};
    if (Array.isArray(data.errors) && data.errors.length) {
      return data.errors
        .map(function (e) {
          const where = [e.line ? "line " + e.line : null, e.field].filter(Boolean).join(", ");
          return (where ? where + ": " : "") + e.message + (e.hint ? " (" + e.hint + ")" : "");
        })
        .join("\n");
    }
    if (typeof data.detail === "string") return data.detail;
    if (typeof data.message === "string") return data.message;
    return "The server answered " + result.status + ".";
  }

  function when(iso) {
    if (!iso) return "never";
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString();
  }

  document.addEventListener("DOMContentLoaded", function () {
    const out = document.getElementById("log-out");
    if (out) {
      out.addEventListener("click", async function () {
        await api("DELETE", "/api/session", { allowUnauthorized: true });
        window.location.assign("/login");
      });
    }
    document.querySelectorAll("time[datetime]").forEach(function (t) {
      t.textContent = when(t.getAttribute("datetime"));
      t.title = t.getAttribute("datetime");
    });
  });

  return { api: api, debounce: debounce, el: el, say: say, problemText: problemText, when: when };
})();
