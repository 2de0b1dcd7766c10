"""The peers our benchmarks compare against, installed from the package registry into
their own environment (benchmarks/.peers, not the project's), so execbrief never depends
on them. Created on first use; later runs reuse it."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

PEERS = Path(__file__).resolve().parent / ".peers"
PACKAGES = ["proselint", "textstat", "pysbd"]


def peer_python() -> Path:
    python = PEERS / "bin" / "python"
    if not python.exists():
        venv.create(PEERS, with_pip=True)
    check = subprocess.run(
        [str(python), "-c", "import proselint, textstat, pysbd"], capture_output=True
    )
    if check.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PACKAGES], check=True)
    return python


def run_in_peers(code: str, payload: object) -> object:
    """Run `code` in the peers' environment; it reads JSON on stdin and prints JSON."""
    result = subprocess.run(
        [str(peer_python()), "-c", code],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"peer run failed ({result.returncode})")
    return json.loads(result.stdout)
