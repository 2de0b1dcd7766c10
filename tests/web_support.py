"""The web workspace under test: an app on a fresh store with an editor and a viewer, a
client logged in as either, and real `execbrief serve` processes on free ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx

with warnings.catch_warnings():  # Starlette asks for httpx2 in its test client; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from execbrief.app.accounts import add_user
from execbrief.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "src" / "execbrief" / "examples" / "checkout-outage.yaml"
CHECKOUT = EXAMPLE.read_text(encoding="utf-8")
CHECKOUT_ID = "INC-2291"
PASSWORD = "correct horse battery staple"


def make_app(db: str):
    app = create_app(db)
    now = datetime.now(UTC)
    space = app.state.workspace
    if space.user("alice") is None:
        add_user(space, "alice", PASSWORD, "editor", now)
        add_user(space, "bob", PASSWORD, "editor", now)
        add_user(space, "vera", PASSWORD, "viewer", now)
    return app


def log_in(client: httpx.Client, user: str = "alice") -> dict[str, str]:
    """Log `client` in; the headers a state-changing request needs (the CSRF token)."""
    r = client.post("/api/session", json={"username": user, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"X-CSRF-Token": r.json()["csrf_token"]}


def client(app, base_url: str = "http://testserver", address: str = "10.0.0.1") -> TestClient:
    """A client of the app from `address`."""
    return TestClient(app, base_url=base_url, client=(address, 50000))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_cli(*args: str, stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "execbrief", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


@contextmanager
def serving(db: str) -> Iterator[str]:
    """A real `execbrief serve` on a free port of 127.0.0.1; its base URL."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "execbrief", "serve", "--port", str(port), "--db", db],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(
                    "serve stopped: " + process.stderr.read().decode(errors="replace")  # type: ignore[union-attr]
                )
            try:
                httpx.get(base + "/api/session", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise AssertionError("serve did not answer within 60 s") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
