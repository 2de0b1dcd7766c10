"""What the browser tests share besides fixtures: the first user, the phone's viewport,
where screenshots go, logging in, and watching a page's console."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

USER = "alex"
PASSWORD = "correct horse battery staple"
PHONE = {"width": 390, "height": 844}  # an iPhone 12 to 15's viewport in CSS pixels


def artifacts_dir() -> Path:
    """Where screenshots go: $EXECBRIEF_ARTIFACTS, else tests/browser/artifacts/."""
    folder = Path(os.environ.get("EXECBRIEF_ARTIFACTS") or Path(__file__).parent / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Console:
    """What the page said in its console: CSP violations and script errors fail a test."""

    messages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """CSP refusals, script errors, and console errors but for the failed API calls
        a test causes on purpose (a 422 while typing, a 409, a revoked link's 404)."""
        return [
            m
            for m in self.messages
            if "Content Security Policy" in m
            or "Refused to" in m
            or (m.startswith("error:") and not _expected(m))
        ] + self.errors


def watch(page: Any) -> Console:
    console = Console()
    page.on(
        "console",
        lambda m: console.messages.append(f"{m.type}: {m.text} @ {m.location.get('url', '')}"),
    )
    page.on("pageerror", lambda e: console.errors.append(f"page error: {e}"))
    return console


def _expected(message: str) -> bool:
    return "Failed to load resource" in message and ("/api/" in message or "/s/" in message)


def log_in(page: Any, server: Any, user: str = USER) -> None:
    """Log in through the login page, as a person would."""
    page.goto(f"{server.url}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", server.users[user])
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/incidents")
