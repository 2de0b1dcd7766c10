// The login form: POST /api/session with JSON, then on to the page asked for.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  const form = document.getElementById("login");
  const message = document.getElementById("login-message");
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    execbrief.say(message, "");
    try {
      const result = await execbrief.api("POST", "/api/session", {
        json: { username: form.username.value, password: form.password.value },
        allowUnauthorized: true,
      });
      if (result.status === 200) {
        const next = form.dataset.next || "/incidents";
        window.location.assign(next.startsWith("/") && !next.startsWith("//") ? next : "/incidents");
        return;
      }
      if (result.status === 401) {
        execbrief.say(message, "That name and password do not match. Try again.", "bad");
      } else if (result.status === 429) {
        execbrief.say(message, "Too many failed tries: " + execbrief.problemText(result), "bad");
      } else {
        execbrief.say(message, execbrief.problemText(result), "bad");
      }
    } catch (e) {
      execbrief.say(message, "The server did not answer. Check your connection.", "bad");
    }
    button.disabled = false;
  });
});
