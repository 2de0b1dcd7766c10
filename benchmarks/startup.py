"""Start-up benchmark: execbrief's commands against the import floor, in the same run.

The floor is what any YAML-and-pydantic tool pays before doing anything:
`python -c "import yaml, pydantic"`. Targets (issue 15): `execbrief --help` within 2.5x
the floor, `execbrief brief EXAMPLE --format json` within 5x. Every command is declared
once, in Typer, so a brief pays for importing Typer and Click; what keeps it fast is that
Rich, the renderers and the database are imported only by the commands that use them.

    python benchmarks/startup.py [--runs 21]

The package's bytecode is compiled first, as pip does for an installed wheel (an editable
install under PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module on every
run). Runs are interleaved (floor, help, brief, floor, ...) so that load on a shared machine
hits all three alike; medians are reported. Exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "checkout-outage.yaml"


def _execbrief() -> list[str]:
    script = Path(sys.executable).parent / "execbrief"
    return [str(script)] if script.exists() else [sys.executable, "-m", "execbrief"]


def commands() -> dict[str, list[str]]:
    return {
        "floor: import yaml, pydantic": [sys.executable, "-c", "import yaml, pydantic"],
        "execbrief --help": [*_execbrief(), "--help"],
        "execbrief brief EXAMPLE --format json": [
            *_execbrief(),
            "brief",
            str(EXAMPLE),
            "--format",
            "json",
            "--now",
            "2026-11-20T17:30:00Z",
        ],
    }


TARGETS = {"execbrief --help": 2.5, "execbrief brief EXAMPLE --format json": 5.0}


def time_once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    runs = commands()
    import compileall

    import execbrief

    compileall.compile_dir(Path(execbrief.__file__).parent, quiet=1)
    for argv in runs.values():  # warm the file cache and the bytecode cache
        time_once(argv)
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.runs):
        for name, argv in runs.items():
            samples[name].append(time_once(argv))
    floor_name = next(iter(runs))
    floor = statistics.median(samples[floor_name])
    missed = False
    print(f"{'command':<42} {'median':>9} {'min':>9} {'x floor':>8} {'target':>7}")
    for name, values in samples.items():
        median = statistics.median(values)
        ratio = median / floor
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            ok = ratio <= target
            missed |= not ok
            verdict = f"{'<=' if ok else '>'}{target}x {'ok' if ok else 'MISSED'}"
        print(
            f"{name:<42} {median * 1000:>7.1f}ms {min(values) * 1000:>7.1f}ms "
            f"{ratio:>7.2f}x {verdict}"
        )
    print(f"({args.runs} interleaved runs each, Python {sys.version.split()[0]})")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
