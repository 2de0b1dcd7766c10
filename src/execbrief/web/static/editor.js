// The editor: the incident's text with the language findings marked in place, the CEO's
// one-pager previewed beside it as you type, saving with If-Match (a 409 shows what the
// other save changed; nothing is overwritten without your say), and exports dropped on it.
"use strict";

(function () {
  const { api, debounce, el, say, problemText } = window.execbrief;
  const PREVIEW_DELAY_MS = 300;

  const root = document.getElementById("editor");
  if (!root) return;
  const textarea = document.getElementById("text");
  const marks = document.getElementById("marks");
  const backdrop = marks.parentElement;
  const box = document.getElementById("text-box");
  const status = document.getElementById("preview-status");
  const findingList = document.getElementById("findings");
  const problemList = document.getElementById("problems");
  const count = document.getElementById("finding-count");
  const preview = document.getElementById("preview");
  const ready = document.getElementById("ready");
  const urgent = document.getElementById("needs-you-now");
  const saveMessage = document.getElementById("save-message");
  const canEdit = root.dataset.canEdit === "yes";

  const state = {
    incident: root.dataset.incident || null,
    version: root.dataset.version ? Number(root.dataset.version) : null,
    inFlight: null,
    asked: 0,
    savedText: textarea.value,
    spans: [],
    checkedText: null,
  };
  window.execbrief.editor = state;

  // -- where a finding is in the text ---------------------------------------------------

  // The preview places each finding in the text sent (`position`: offsets into it); a
  // finding in a sentence of the brief's own has none. Marks are painted only when the
  // text is still the one that was checked, so they never sit on the wrong words.
  function findingSpan(f) {
    const p = f.position;
    return p && Number.isInteger(p.start) && Number.isInteger(p.end) ? [p.start, p.end] : null;
  }

  // -- the highlight layer --------------------------------------------------------------

  function paintMarks(text, findings) {
    const spans = [];
    findings.forEach(function (f, i) {
      const span = findingSpan(f);
      if (span && span[1] > span[0]) spans.push({ start: span[0], end: span[1], f: f, i: i });
    });
    spans.sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    const nodes = [];
    let pos = 0;
    spans.forEach(function (s) {
      if (s.start < pos) return; // overlapping: the first one is marked
      nodes.push(document.createTextNode(text.slice(pos, s.start)));
      nodes.push(
        el("mark", {
          class: "finding " + (s.f.severity || "warning"),
          "data-finding": s.i,
          "data-category": s.f.category || "",
          text: text.slice(s.start, s.end),
        })
      );
      pos = s.end;
    });
    // a last empty line still takes a line's height in the textarea
    nodes.push(document.createTextNode(text.slice(pos) + "\n"));
    marks.replaceChildren.apply(marks, nodes);
    syncScroll();
    return spans;
  }

  function syncScroll() {
    backdrop.scrollTop = textarea.scrollTop;
    backdrop.scrollLeft = textarea.scrollLeft;
  }

  textarea.addEventListener("scroll", syncScroll);

  // A finding in the list, clicked: its words are selected in the text (which scrolls there).
  findingList.addEventListener("click", function (event) {
    const item = event.target.closest("li[data-finding]");
    const span = item && state.spans.find(function (s) { return String(s.i) === item.dataset.finding; });
    if (!span || textarea.value !== state.checkedText) return;
    textarea.focus();
    textarea.setSelectionRange(span.start, span.end);
  });

  function showFindings(findings, spans) {
    state.spans = spans;
    const located = new Set(spans.map(function (s) { return s.i; }));
    findingList.replaceChildren.apply(
      findingList,
      findings.map(function (f, i) {
        return el("li", { class: f.severity || "warning", "data-finding": i }, [
          el("span", { class: "where", text: (f.field || (f.line ? "line " + f.line : "")) + " · " + (f.category || "") }),
          el("br"),
          el("q", { text: f.text || "" }),
          " " + (f.message || ""),
          f.suggestion ? el("span", { class: "muted", text: " Instead: " + f.suggestion }) : null,
          located.has(i) ? null : el("span", { class: "muted", text: " (in the brief's own words)" }),
        ]);
      })
    );
    count.textContent = findings.length === 1 ? "1 finding" : findings.length + " findings";
  }

  function showProblems(errors) {
    problemList.replaceChildren.apply(
      problemList,
      (errors || []).map(function (e) {
        const where = [e.line ? "line " + e.line : null, e.field].filter(Boolean).join(" · ");
        return el("li", { class: "error" }, [
          el("span", { class: "where", text: where }),
          where ? el("br") : null,
          e.message + (e.hint ? " " : ""),
          e.hint ? el("span", { class: "muted", text: e.hint }) : null,
        ]);
      })
    );
  }

  // -- the preview: the handout in a shadow root with its own style sheet ---------------

  const shadow = preview.attachShadow({ mode: "open" });

  function showHandout(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    // the page's own inline styles and any script would break the CSP: the style sheet
    // comes from /static/handout.css instead, and nothing else is taken
    doc.querySelectorAll("script, style, link, meta, base, iframe, object, embed").forEach(function (n) { n.remove(); });
    doc.querySelectorAll("[style]").forEach(function (n) { n.removeAttribute("style"); });
    const main = el("main");
    Array.from(doc.body.childNodes).forEach(function (n) { main.appendChild(document.importNode(n, true)); });
    const sheet = el("link", { rel: "stylesheet", href: root.dataset.handoutCss });
    shadow.replaceChildren(sheet, main);
  }

  function showReady(data) {
    const isReady = !!data.ready;
    const reasons = Array.isArray(data.reasons) ? data.reasons.filter(Boolean) : [];
    ready.textContent = isReady
      ? "Ready for the CEO."
      : "Not ready yet" + (reasons.length ? ": " + reasons.join("; ") : ".");
    ready.className = "ready " + (isReady ? "yes" : "no");
    const lines = Array.isArray(data.needs_you_now) ? data.needs_you_now : [];
    urgent.replaceChildren.apply(urgent, lines.map(function (line) {
      return el("li", { text: typeof line === "string" ? line : JSON.stringify(line) });
    }));
  }

  async function refresh() {
    const text = textarea.value;
    if (state.inFlight) state.inFlight.abort();
    const controller = new AbortController();
    state.inFlight = controller;
    const asked = ++state.asked;
    status.textContent = "Checking…";
    let result;
    try {
      result = await api("POST", "/api/preview", {
        body: text,
        headers: { "Content-Type": "application/yaml; charset=utf-8" },
        signal: controller.signal,
      });
    } catch (e) {
      if (e.name === "AbortError") return;
      status.textContent = "The server did not answer; the preview is not up to date.";
      return;
    }
    if (asked !== state.asked) return; // a newer request is on its way
    state.inFlight = null;
    if (result.status === 200 && result.data) {
      const findings = result.data.findings || [];
      const spans = textarea.value === text ? paintMarks(text, findings) : [];
      state.checkedText = text;
      showFindings(findings, spans);
      showProblems([]);
      showHandout(result.data.handout_html || "");
      showReady(result.data);
      status.textContent = "Checked.";
      root.dataset.checked = String(asked);
    } else if (result.status === 422) {
      const errors = (result.data && result.data.errors) || [];
      showProblems(errors);
      paintMarks(text, []);
      findingList.replaceChildren();
      count.textContent = "";
      status.textContent = "The file has a mistake; the preview shows the last good version.";
      root.dataset.checked = String(asked);
    } else {
      status.textContent = problemText(result);
    }
  }

  const refreshSoon = debounce(refresh, PREVIEW_DELAY_MS);
  textarea.addEventListener("input", function () {
    paintMarksKeepingOld();
    refreshSoon();
  });

  // While the next check is on its way, the old marks would sit on the wrong words:
  // keep the layer's text in step with what is typed, marks dropped until the answer.
  function paintMarksKeepingOld() {
    marks.replaceChildren(document.createTextNode(textarea.value + "\n"));
    syncScroll();
  }

  // -- saving ---------------------------------------------------------------------------

  function incidentIdFromText(text) {
    const m = /^id:[ \t]*["']?([^"'#\n]*?)["']?[ \t]*(#.*)?$/m.exec(text);
    return m && m[1].trim() ? m[1].trim() : null;
  }

  const conflict = {
    box: document.getElementById("conflict"),
    rows: document.getElementById("conflict-rows"),
    theirs: document.getElementById("conflict-theirs-rows"),
    summary: document.getElementById("conflict-summary"),
    latest: null,
  };

  function valueText(v) {
    if (v === null || v === undefined) return "(not given)";
    return typeof v === "string" ? v : JSON.stringify(v);
  }

  function changeRows(tbody, changes, none) {
    const rows = changes.map(function (d) {
      return el("tr", {}, [
        el("td", { text: d.label || d.field || "" }),
        el("td", { class: "old", text: valueText(d.old) }),
        el("td", { class: "new", text: valueText(d.new) }),
      ]);
    });
    if (!rows.length) rows.push(el("tr", {}, [el("td", { colspan: 3, class: "muted", text: none })]));
    tbody.replaceChildren.apply(tbody, rows);
  }

  // A 409: `changed_since` is what the other save changed (from the version this editor
  // started from to the latest); `differences` is what saving this text would change in
  // the latest. Both are shown; nothing is saved until the editor chooses.
  function showConflict(data) {
    const body = data || {};
    conflict.latest = body.version || null;
    document.querySelectorAll(".conflict-base").forEach(function (n) { n.textContent = String(body.based_on || state.version || ""); });
    document.querySelectorAll(".conflict-latest").forEach(function (n) { n.textContent = String(conflict.latest || ""); });
    conflict.summary.textContent =
      (body.detail ? body.detail + ". " : "") + "Your text is kept here, not saved.";
    changeRows(conflict.theirs, body.changed_since || [], "No fact differs; only the text's wording did.");
    changeRows(conflict.rows, body.differences || [], "Your text says the same facts as the saved version.");
    conflict.box.hidden = false;
    conflict.box.scrollIntoView({ block: "nearest" });
  }

  async function save(overVersion) {
    const text = textarea.value;
    const id = state.incident || incidentIdFromText(text);
    if (!id) {
      say(saveMessage, "Write the incident's id on the id: line first (for example INC-2291).", "bad");
      return;
    }
    const headers = { "Content-Type": "application/yaml; charset=utf-8" };
    const base = overVersion || state.version;
    if (base) headers["If-Match"] = String(base);
    say(saveMessage, "Saving…");
    const result = await api("PUT", "/api/incidents/" + encodeURIComponent(id), { body: text, headers: headers });
    if (result.status === 200 && result.data) {
      conflict.box.hidden = true;
      state.incident = result.data.id || id;
      state.version = Number(result.data.version);
      state.savedText = text;
      root.dataset.incident = state.incident;
      root.dataset.version = String(state.version);
      document.getElementById("version-label").textContent = "version " + state.version;
      say(saveMessage, "Saved as version " + state.version + ".", "good");
      const path = "/incidents/" + encodeURIComponent(state.incident);
      if (window.location.pathname !== path) window.history.replaceState(null, "", path);
      document.dispatchEvent(new CustomEvent("execbrief:saved", { detail: { id: state.incident, version: state.version } }));
    } else if (result.status === 409) {
      say(saveMessage, "Not saved: someone else saved first. See what they changed below.", "bad");
      showConflict(result.data);
    } else if (result.status === 422) {
      say(saveMessage, "Not saved: the file has a mistake.", "bad");
      showProblems((result.data && result.data.errors) || []);
    } else if (result.status === 403) {
      say(saveMessage, "Not saved: your account can read but not change incidents.", "bad");
    } else {
      say(saveMessage, "Not saved. " + problemText(result), "bad");
    }
  }

  if (canEdit) {
    document.getElementById("save").addEventListener("click", function () { save(null); });
    textarea.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && event.key === "s") {
        event.preventDefault();
        save(null);
      }
    });
    document.getElementById("conflict-theirs").addEventListener("click", async function () {
      const result = await api("GET", "/api/incidents/" + encodeURIComponent(state.incident) + "/text");
      if (result.status !== 200) {
        say(saveMessage, problemText(result), "bad");
        return;
      }
      textarea.value = result.data.text;
      state.version = Number(result.data.version);
      state.savedText = textarea.value;
      document.getElementById("version-label").textContent = "version " + state.version;
      conflict.box.hidden = true;
      say(saveMessage, "Loaded version " + state.version + " as saved.", "good");
      refresh();
    });
    document.getElementById("conflict-mine").addEventListener("click", function () {
      if (conflict.latest) save(conflict.latest);
    });
  }

  window.addEventListener("beforeunload", function (event) {
    if (canEdit && textarea.value !== state.savedText) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // -- importing an export: dropped on the text, or picked ------------------------------

  async function importFile(file) {
    if (!file) return;
    if (file.size > 5000000) {
      say(saveMessage, "That file is larger than 5 megabytes; an export is smaller.", "bad");
      return;
    }
    say(saveMessage, "Reading " + file.name + "…");
    const content = await file.text();
    const source = document.getElementById("import-source").value || null;
    const result = await api("POST", "/api/import", {
      json: { name: file.name, content: content, source: source, current: textarea.value },
    });
    if (result.status === 200 && result.data && result.data.text) {
      textarea.value = result.data.text;
      const notes = [].concat(result.data.problems || [], result.data.conflicts || []);
      const needed = Object.keys(result.data.still_needed || {});
      say(
        saveMessage,
        "Imported " + file.name + " (" + result.data.source + "). " +
          (needed.length ? "Still to fill in: " + needed.join(", ") + ". " : "") +
          (notes.length ? notes.join(" ") : "Check it, then save."),
        needed.length || notes.length ? "warn" : "good"
      );
      refresh();
    } else {
      say(saveMessage, "Not imported. " + problemText(result), "bad");
    }
  }

  if (canEdit) {
    const picker = document.getElementById("import-file");
    document.getElementById("import-pick").addEventListener("click", function () { picker.click(); });
    picker.addEventListener("change", function () {
      importFile(picker.files[0]);
      picker.value = "";
    });
    ["dragenter", "dragover"].forEach(function (name) {
      box.addEventListener(name, function (event) {
        if (!event.dataTransfer || Array.from(event.dataTransfer.types).indexOf("Files") === -1) return;
        event.preventDefault();
        box.classList.add("dropping");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      box.addEventListener(name, function () { box.classList.remove("dropping"); });
    });
    box.addEventListener("drop", function (event) {
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      event.preventDefault();
      importFile(event.dataTransfer.files[0]);
    });
  }

  paintMarksKeepingOld();
  refresh();
})();
