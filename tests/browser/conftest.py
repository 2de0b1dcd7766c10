"""Browser tests: a real `execbrief serve` on 127.0.0.1 with a temporary SQLite store and
one editor, driven by Playwright through the system's Chromium (never a downloaded one).

In CI (the environment variable CI is set, as `.ci/run` does) a missing Chromium or a
missing Playwright fails the tests; on a developer's machine without them they are
skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from browser.browser_support import PASSWORD, USER, watch

ROOT = Path(__file__).resolve().parents[2]


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: browser tests must run)", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str:
    """The system's Chromium: $EXECBRIEF_CHROMIUM, else `chromium` on the PATH."""
    given = os.environ.get("EXECBRIEF_CHROMIUM")
    found = given or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found or not Path(found).exists():
        _missing("no Chromium found: install the OS package `chromium` (.ci/run does)")
    assert found is not None
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(db: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env["EXECBRIEF_DATABASE_URL"] = db
    env.pop("EXECBRIEF_USER", None)
    return env


def execbrief(*args: str) -> list[str]:
    return [sys.executable, "-m", "execbrief", *args]


def add_user(db: str, name: str, password: str, role: str = "editor") -> None:
    """`execbrief user add NAME --role ROLE --password-stdin`, as an administrator would."""
    done = subprocess.run(
        execbrief("user", "add", name, "--role", role, "--password-stdin"),
        input=password.encode() + b"\n",
        env=_env(db),
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()


@dataclass
class Server:
    url: str
    db: str
    process: subprocess.Popen[bytes]
    log: Path
    users: dict[str, str] = field(default_factory=dict)

    def add_user(self, name: str, password: str, role: str = "editor") -> None:
        add_user(self.db, name, password, role)
        self.users[name] = password


def start_server(folder: Path) -> Server:
    """A first editor, then `execbrief serve` on a free port; returns once it answers."""
    db = str(folder / "web.db")
    add_user(db, USER, PASSWORD)
    port = free_port()
    log = folder / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            execbrief("serve", "--host", "127.0.0.1", "--port", str(port), "--db", db),
            env=_env(db),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"execbrief serve stopped:\n{log.read_text()}")
        try:
            httpx.get(f"{url}/login", timeout=2)
            break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        process.terminate()
        raise AssertionError(f"execbrief serve did not answer in 60 s:\n{log.read_text()}")
    return Server(url, db, process, log, {USER: PASSWORD})


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("serve"))
    yield running
    running.process.terminate()
    try:
        running.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        running.process.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable,
            # root in a container has no user namespaces for Chromium's sandbox
            args=["--no-sandbox"] if os.geteuid() == 0 else [],
        )
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    made = browser.new_context(viewport={"width": 1280, "height": 900})
    yield made
    made.close()


@pytest.fixture
def page(context: Any) -> Iterator[Any]:
    opened = context.new_page()
    console = watch(opened)
    yield opened
    problems = console.problems()
    assert not problems, "the browser console reported:\n" + "\n".join(problems)
