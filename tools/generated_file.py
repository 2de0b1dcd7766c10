"""What every generator in tools/ does with its text: write the file, or with --check say
whether the file on disk is what it would write (tests call the same check)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def write_or_check(target: Path, text: str, description: str, command: str) -> int:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help=f"exit 1 if {target.name} is stale")
    args = parser.parse_args()
    if args.check:
        if not target.is_file() or target.read_text("utf-8") != text:
            print(f"{target} is out of date: run {command}", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, "utf-8")
    print(f"wrote {target}")
    return 0
