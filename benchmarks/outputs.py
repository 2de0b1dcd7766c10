"""Output benchmark: `execbrief brief EXAMPLE --out DIR` (every format), with the share of
each format, and the deck against a bare python-pptx deck of the same slide count.

    python benchmarks/outputs.py [--runs 5]

Three things are timed, interleaved run by run so that load on a shared machine hits them
alike; medians are reported:

- the whole command as a user runs it (a fresh process: imports, brief, all six files);
- each format's renderer in a fresh process, in the order --out writes them, so each
  format's share includes the imports it is first to pay for (matplotlib is paid by HTML);
- a bare python-pptx deck with the same number of slides, each with a title, a text box
  and notes, saved to memory: the floor for the deck.

Target (issue 4): the whole command in at most 3 s. Exit 1 when it is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "checkout-outage.yaml"
NOW = "2026-11-20T17:30:00Z"
TARGET_SECONDS = 3.0

SHARES = """
import json, sys, time
from datetime import datetime
from pathlib import Path
start = time.perf_counter()
from execbrief.core.story.brief import compose
from execbrief.sources.incident_file import load_incident
from execbrief.render import file_formats, render
brief = compose(load_incident(Path(sys.argv[1])), datetime.fromisoformat(sys.argv[2]))
times = {"brief (load, compose)": time.perf_counter() - start}
for name in file_formats():
    t = time.perf_counter()
    render(name, brief)
    times[name] = time.perf_counter() - t
print(json.dumps(times))
"""

BARE_DECK = """
import io, json, sys, time
start = time.perf_counter()
from pptx import Presentation
from pptx.util import Inches
deck = Presentation()
deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
for n in range(int(sys.argv[1])):
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = f"Slide {n}"
    box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(10), Inches(3))
    box.text_frame.text = "x" * 300
    slide.notes_slide.notes_text_frame.text = "spoken words " * 40
deck.save(io.BytesIO())
print(json.dumps({"bare": time.perf_counter() - start}))
"""

DECK_ONLY = """
import json, sys, time
from datetime import datetime
from pathlib import Path
from execbrief.core.story.brief import compose
from execbrief.sources.incident_file import load_incident
brief = compose(load_incident(Path(sys.argv[1])), datetime.fromisoformat(sys.argv[2]))
from execbrief.render import timeline_chart
drawing = []
draw = timeline_chart.png
def timed_png(*args, **kwargs):
    t = time.perf_counter()
    try:
        return draw(*args, **kwargs)
    finally:
        drawing.append(time.perf_counter() - t)
timeline_chart.png = timed_png
start = time.perf_counter()
from execbrief.render.deck import render
data = render(brief)
print(json.dumps({"deck": time.perf_counter() - start, "chart": sum(drawing)}))
"""


def _execbrief() -> list[str]:
    script = Path(sys.executable).parent / "execbrief"
    return [str(script)] if script.exists() else [sys.executable, "-m", "execbrief"]


def _timed(argv: list[str]) -> tuple[float, float]:
    """Wall time, and CPU time (user + system, the PDF helper included): on a shared,
    busy machine the CPU time shows the work done when the wall time is inflated."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _json(argv: list[str]) -> dict[str, float]:
    found: dict[str, float] = json.loads(
        subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    )
    return found


def _slide_count() -> int:
    from io import BytesIO

    from pptx import Presentation

    from execbrief.render.deck import SLIDES

    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [*_execbrief(), "brief", str(EXAMPLE), "--out", folder, "--now", NOW],
            check=True,
            capture_output=True,
        )
        slides = len(Presentation(BytesIO((Path(folder) / "brief.pptx").read_bytes())).slides)
    assert slides == SLIDES
    return slides


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import compileall

    import execbrief

    compileall.compile_dir(Path(execbrief.__file__).parent, quiet=1)
    slides = _slide_count()  # also warms the file cache, font cache and bytecode
    python = sys.executable
    whole: list[float] = []
    cpu: list[float] = []
    shares: dict[str, list[float]] = {}
    bare: list[float] = []
    deck: list[float] = []
    chart: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        command = [*_execbrief(), "brief", str(EXAMPLE), "--out", folder, "--now", NOW]
        for _ in range(args.runs):
            wall, used = _timed(command)
            whole.append(wall)
            cpu.append(used)
            for name, value in _json([python, "-c", SHARES, str(EXAMPLE), NOW]).items():
                shares.setdefault(name, []).append(value)
            bare.append(_json([python, "-c", BARE_DECK, str(slides)])["bare"])
            alone = _json([python, "-c", DECK_ONLY, str(EXAMPLE), NOW])
            deck.append(alone["deck"])
            chart.append(alone["chart"])
    total = statistics.median(whole)
    print(f"execbrief brief EXAMPLE --out DIR: median {total:.2f} s, min {min(whole):.2f} s")
    print(f"  CPU time (user + system, both processes): median {statistics.median(cpu):.2f} s")
    print(f"  load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    medians = {name: statistics.median(values) for name, values in shares.items()}
    measured = sum(medians.values())
    print(f"\n{'part (fresh process, in --out order)':<40} {'median':>8} {'share':>7}")
    for name, value in medians.items():
        print(f"{name:<40} {value:>7.2f}s {value / measured:>6.0%}")
    bare_median, deck_median = statistics.median(bare), statistics.median(deck)
    chart_median = statistics.median(chart)
    print(
        f"\nPPTX alone (imports included): {deck_median:.2f} s, of which the timeline chart "
        f"(matplotlib import and drawing) {chart_median:.2f} s\n"
        f"bare python-pptx deck of {slides} slides: {bare_median:.2f} s\n"
        f"ratio {deck_median / bare_median:.1f}x; without the chart "
        f"{(deck_median - chart_median) / bare_median:.1f}x"
    )
    ok = total <= TARGET_SECONDS
    print(f"\ntarget {TARGET_SECONDS:.1f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
