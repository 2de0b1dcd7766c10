// The editor's parts for a saved incident: downloads, versions and their comparison fact
// by fact, and the CEO's share links (made, shown once, revoked, when last opened).
"use strict";

(function () {
  const { api, el, say, problemText, when } = window.execbrief;
  const root = document.getElementById("editor");
  if (!root) return;
  const section = document.getElementById("saved-only");
  const canEdit = root.dataset.canEdit === "yes";

  function incident() { return root.dataset.incident; }
  function base() { return "/api/incidents/" + encodeURIComponent(incident()); }

  function valueText(v) {
    if (v === null || v === undefined) return "(not given)";
    return typeof v === "string" ? v : JSON.stringify(v);
  }

  // -- downloads ------------------------------------------------------------------------

  function setDownloads() {
    document.querySelectorAll("#downloads a[data-format]").forEach(function (a) {
      a.href = base() + "/download/" + a.dataset.format;
    });
  }

  // -- versions and comparing two -------------------------------------------------------

  const versionRows = document.getElementById("versions");
  const from = document.getElementById("compare-from");
  const to = document.getElementById("compare-to");
  const compareMessage = document.getElementById("compare-message");
  const compareTable = document.getElementById("compare-table");
  const compareRows = document.getElementById("compare-rows");

  async function loadVersions() {
    const result = await api("GET", base() + "/versions");
    if (result.status !== 200) return;
    const list = result.data || [];
    versionRows.replaceChildren.apply(
      versionRows,
      list.slice().reverse().map(function (v) {
        return el("tr", {}, [
          el("td", { text: String(v.version) }),
          el("td", {}, [el("time", { datetime: v.saved_at, text: when(v.saved_at) })]),
          el("td", { text: v.saved_by || "(from a file)" }),
        ]);
      })
    );
    [from, to].forEach(function (select, i) {
      select.replaceChildren.apply(
        select,
        list.map(function (v) { return el("option", { value: v.version, text: "version " + v.version }); })
      );
      const n = list.length;
      if (n) select.value = String(list[Math.max(0, n - 2 + i)].version);
    });
  }

  async function compare() {
    const result = await api("GET", base() + "/compare?from=" + from.value + "&to=" + to.value);
    if (result.status !== 200) {
      say(compareMessage, problemText(result), "bad");
      compareTable.hidden = true;
      return;
    }
    const changes = result.data.changes || [];
    say(
      compareMessage,
      changes.length
        ? changes.length + (changes.length === 1 ? " fact" : " facts") + " changed from version " + result.data.from + " to " + result.data.to + "."
        : "The facts are the same in both versions.",
      ""
    );
    compareRows.replaceChildren.apply(
      compareRows,
      changes.map(function (c) {
        return el("tr", {}, [
          el("td", {}, [c.label || c.field, el("br"), el("span", { class: "muted", text: c.text || "" })]),
          el("td", { class: "old", text: valueText(c.old) }),
          el("td", { class: "new", text: valueText(c.new) }),
        ]);
      })
    );
    compareTable.hidden = changes.length === 0;
  }

  document.getElementById("compare").addEventListener("click", compare);

  // -- share links ----------------------------------------------------------------------

  const shareRows = document.getElementById("shares");
  const shareMessage = document.getElementById("share-message");
  const shareNew = document.getElementById("share-new");
  const shareUrl = document.getElementById("share-url");

  function shareState(s) {
    if (s.state) return s.state;
    if (s.revoked_at) return "revoked";
    return new Date(s.expires_at) <= new Date() ? "expired" : "live";
  }

  async function loadShares() {
    const result = await api("GET", base() + "/shares");
    if (result.status !== 200) return;
    shareRows.replaceChildren.apply(
      shareRows,
      (result.data || []).map(function (s) {
        const live = shareState(s) === "live";
        const revoke = canEdit && live
          ? el("button", { type: "button", class: "danger", "data-share": s.id, text: "Revoke" })
          : el("span", { class: "badge " + (live ? "" : "missed"), text: shareState(s) });
        return el("tr", { "data-share-row": s.id }, [
          el("td", {}, [el("time", { datetime: s.created_at, text: when(s.created_at) }), s.created_by ? " by " + s.created_by : ""]),
          el("td", {}, [el("time", { datetime: s.expires_at, text: when(s.expires_at) })]),
          el("td", { class: "last-opened", text: s.last_opened ? when(s.last_opened) + (s.last_version_seen ? " (saw version " + s.last_version_seen + ")" : "") : "not opened yet" }),
          el("td", { text: String(s.views || 0) }),
          el("td", {}, [revoke]),
        ]);
      })
    );
  }

  shareRows.addEventListener("click", async function (event) {
    const button = event.target.closest("button[data-share]");
    if (!button) return;
    button.disabled = true;
    const result = await api("DELETE", "/api/shares/" + encodeURIComponent(button.dataset.share));
    if (result.status === 204) {
      say(shareMessage, "Revoked: the link no longer opens.", "good");
      shareNew.hidden = true;
      shareUrl.value = "";
    } else {
      say(shareMessage, "Not revoked. " + problemText(result), "bad");
    }
    loadShares();
  });

  if (canEdit) {
    document.getElementById("share").addEventListener("click", async function () {
      const days = Number(document.getElementById("share-days").value);
      const result = await api("POST", base() + "/shares", { json: { expires_in_days: days } });
      if (result.status === 201 && result.data) {
        shareUrl.value = result.data.url;
        shareNew.hidden = false;
        shareUrl.select();
        say(shareMessage, "");
      } else {
        say(shareMessage, "No link made. " + problemText(result), "bad");
      }
      loadShares();
    });
    document.getElementById("share-copy").addEventListener("click", async function () {
      try {
        await navigator.clipboard.writeText(shareUrl.value);
        say(shareMessage, "Copied.", "good");
      } catch (e) {
        shareUrl.select();
        say(shareMessage, "Press Ctrl+C (or Cmd+C) to copy the selected link.", "");
      }
    });
  }

  function loadAll() {
    if (!incident()) return;
    section.hidden = false;
    setDownloads();
    loadVersions();
    loadShares();
  }

  document.addEventListener("execbrief:saved", loadAll);
  document.addEventListener("DOMContentLoaded", loadAll);
})();
