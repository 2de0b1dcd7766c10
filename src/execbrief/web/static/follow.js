// The follow-through page: mark a commitment done, move it with a reason, send the update.
"use strict";

(function () {
  const { api, say, problemText } = window.execbrief;
  const root = document.getElementById("follow");
  if (!root) return;
  const base = "/api/incidents/" + encodeURIComponent(root.dataset.incident);
  const message = document.getElementById("ledger-message");
  const slipForm = document.getElementById("slip-form");
  let slipping = null;

  document.getElementById("commitments").addEventListener("click", async function (event) {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const number = button.dataset.number;
    if (button.dataset.action === "done") {
      button.disabled = true;
      const result = await api("POST", base + "/commitments/" + number + "/done", { json: {} });
      if (result.ok) {
        window.location.reload();
      } else {
        say(message, "Not marked done. " + problemText(result), "bad");
        button.disabled = false;
      }
    } else if (button.dataset.action === "slip" && slipForm) {
      slipping = number;
      document.getElementById("slip-number").textContent = number;
      slipForm.hidden = false;
      document.getElementById("slip-to").focus();
    }
  });

  if (slipForm) {
    document.getElementById("slip-cancel").addEventListener("click", function () {
      slipForm.hidden = true;
      slipping = null;
    });
    slipForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      const result = await api("POST", base + "/commitments/" + slipping + "/slip", {
        json: { to: slipForm.to.value, why: slipForm.why.value },
      });
      if (result.ok) {
        window.location.reload();
      } else {
        say(message, "Not moved. " + problemText(result), "bad");
      }
    });
  }

  const sendForm = document.getElementById("send-form");
  if (sendForm) {
    sendForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      const out = document.getElementById("send-message");
      const to = document.getElementById("send-to").value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
      say(out, "Sending…");
      const result = await api("POST", base + "/update/send", {
        json: { channel: document.getElementById("send-channel").value, to: to },
      });
      if (result.ok) say(out, "Sent to " + result.data.sent_to + ".", "good");
      else say(out, "Not sent. " + problemText(result), "bad");
    });
  }
})();
