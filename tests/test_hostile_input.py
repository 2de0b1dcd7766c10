"""Hostile and broken input (issue 19): it never hangs, crashes or injects.

Each test runs the real command line in a subprocess, with a time limit, and with a
memory limit where the input is endless, so a regression fails here rather than filling
the machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "src" / "execbrief" / "examples" / "checkout-outage.yaml"
NOW = "2026-11-20T17:30:00Z"
MEMORY_MB = 400  # the CLI needs ~60 MB; an endless read is stopped long before the machine is


def run(
    *args: str,
    stdin: bytes | None = None,
    memory_mb: int | None = MEMORY_MB,
    timeout: float = 60,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if memory_mb is not None:
            size = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    result = subprocess.run(
        [sys.executable, "-m", "execbrief", *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        preexec_fn=limit,
        env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1", **(env or {})},
        cwd=cwd,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 2 with a message naming each of `words`, and no traceback."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.startswith("error: ")
    for word in words:
        assert word in result.stderr


# --- 2. bounded reads ---------------------------------------------------------------------

ENDLESS = "/dev/zero"  # stat() says 0 bytes; reading it whole never ends


@pytest.mark.parametrize(
    ("args", "cap"),
    [
        (["brief", ENDLESS], "5 MB"),
        (["check", ENDLESS], "5 MB"),
        (["import", "pagerduty", ENDLESS], "20 MB"),
        (["import", "alertmanager", ENDLESS], "20 MB"),
        (["import", "prometheus", ENDLESS, "--impact", "value < 1"], "150 MB"),
    ],
)
def test_an_endless_device_is_refused_within_its_cap(args: list[str], cap: str):
    refused(run(*args), ENDLESS, cap)


def test_endless_stdin_is_refused_within_the_cap():
    refused(run("check", "-", stdin=b"word " * 1_200_000), "<stdin>", "5 MB")


def test_a_pipe_that_never_ends_is_refused(tmp_path: Path):
    fifo = tmp_path / "incident.yaml"
    os.mkfifo(fifo)
    stop = threading.Event()

    def write_forever() -> None:
        try:
            with fifo.open("wb") as stream:
                while not stop.is_set():
                    stream.write(b"# " + b"x" * 65_000 + b"\n")
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=write_forever, daemon=True)
    writer.start()
    try:
        refused(run("brief", str(fifo), "--now", NOW), str(fifo), "5 MB")
    finally:
        stop.set()


@pytest.mark.parametrize("option", ["--rules", "--glossary", "--merge"])
def test_an_oversized_side_file_is_refused_with_its_option(tmp_path: Path, option: str):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * 5_100_000 + b"\n")
    if option == "--merge":
        payload = tmp_path / "pd.json"
        payload.write_text((ROOT / "tests/fixtures/import/pd_incident.json").read_text())
        args = ["import", "pagerduty", str(payload), "--merge", str(big)]
    elif option == "--glossary":
        args = ["check", str(EXAMPLE), "--glossary", str(big)]
    else:
        args = ["brief", str(EXAMPLE), "--now", NOW, "--rules", str(big)]
    refused(run(*args), str(big), "2 MB" if option == "--rules" else "5 MB", option)
