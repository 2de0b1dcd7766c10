"""Deeply nested JSON into the importers (issue 19 item 7): time and peak memory.

`execbrief import slack` on "[" * 100000 once grew to 24 GB and was killed after 47 s:
the streaming parser (ijson) builds a path for every level, so memory grew with the square
of the depth. Every importer now counts the nesting on the bytes before a parser sees
them and refuses beyond 64 levels (sources/payload.py, DepthGuard).

Each case runs the installed command in a fresh process under /usr/bin/time -v (peak RSS)
with an address-space cap, so a regression fails fast instead of filling the machine:

    python benchmarks/import_nesting.py [--depths 1000 20000 100000] [--cap-mb 4000]

Also times one realistic big export (200,000 Slack messages, about 66 MB, made on the fly)
to show what the guard costs when nothing is wrong. Exit 1 when a deep case is not refused
with exit 2 within 5 s and 100 MB.

Measured on the development machine (2 shared cores), before the guard and after:

    depth 20,000   import slack: 2.0 s, 1.0 GB, exit 2   ->  0.39 s, 35 MB, exit 2
    depth 100,000  import slack: 12.4 s, MemoryError traceback at the 4 GB cap, exit 1
                                                          ->  0.37 s, 36 MB, exit 2
    66 MB export   import slack: 2.2 s, 36 MB             ->  2.7 s, 37 MB
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

SOURCES = ("slack", "alertmanager", "pagerduty", "opsgenie", "statuspage")


def measure(args: list[str], cap_mb: int) -> tuple[float, int, int]:
    """Seconds, peak RSS in kB and exit code of `execbrief ARGS` in a fresh process."""
    command = [sys.executable, "-m", "execbrief", *args]
    shell = f"ulimit -v {cap_mb * 1000}; exec /usr/bin/time -v " + " ".join(
        f"'{part}'" for part in command
    )
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, check=False)
    report = done.stderr
    wall = re.search(
        r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", report
    )
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    status = re.search(r"Exit status: (\d+)", report)
    seconds = 0.0
    if wall:
        hours = int(wall.group(1) or 0)
        seconds = hours * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    return seconds, int(rss.group(1)) if rss else 0, int(status.group(1)) if status else -1


def big_export(path: Path, messages: int = 200_000) -> None:
    with path.open("w") as stream:
        stream.write("[")
        for i in range(messages):
            text = "incident declared" if i % 5000 == 0 else "chatter " + "x" * 200
            message = {"type": "message", "user": "U1", "text": text}
            message |= {"ts": f"{1795183500 + i}.000100", "user_profile": {"real_name": "A B"}}
            stream.write(("," if i else "") + json.dumps(message))
        stream.write("]")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--depths", type=int, nargs="+", default=[1_000, 20_000, 100_000])
    parser.add_argument("--cap-mb", type=int, default=4_000)
    options = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for depth in options.depths:
            deep = Path(tmp) / f"deep{depth}.json"
            deep.write_text("[" * depth)
            for source in SOURCES:
                seconds, rss, code = measure(["import", source, str(deep)], options.cap_mb)
                ok = code == 2 and seconds < 5 and rss < 100_000
                failed |= not ok
                print(
                    f"depth {depth:>7,}  {source:12} {seconds:6.2f} s  {rss / 1000:7.0f} MB  "
                    f"exit {code}{'' if ok else '  <- FAILS'}"
                )
        day = Path(tmp) / "incident" / "2026-11-20.json"
        day.parent.mkdir()
        big_export(day)
        seconds, rss, code = measure(["import", "slack", str(day)], options.cap_mb)
        size = day.stat().st_size / 1e6
        print(
            f"{size:.0f} MB export  slack        {seconds:6.2f} s  "
            f"{rss / 1000:7.0f} MB  exit {code}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
