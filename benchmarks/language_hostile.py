"""The language checker's time on hostile text, from 1 kB to 1 MB: it must grow linearly.

    python benchmarks/language_hostile.py [--largest 1000000]

Shapes are those of tests/test_language_hostile.py (long runs of capitals after a bracket,
runs of "!", open brackets, 100 kB words...). For each shape the checker runs on texts of
1 kB, 10 kB, 100 kB and 1 MB, nothing cached; the last column is the time per kB at the
largest size over that at 1 kB (about 1 for linear growth; 1,000 for quadratic). Exit 1
when a shape grows faster than linearly by more than a factor of 10 (noise on a shared
machine, and small texts' fixed costs, stay well under that).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from execbrief.core.language import CheckContext, check_text
from execbrief.sources.glossary_file import load_lexicon
from test_language_hostile import hostile


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--largest", type=int, default=1_000_000)
    args = parser.parse_args()
    lexicon = load_lexicon(use_config=False)
    context = CheckContext(cause_status="suspected", severity="SEV1")
    sizes = [s for s in (1_000, 10_000, 100_000, 1_000_000) if s <= args.largest]
    print(f"{'shape':<42}" + "".join(f"{s // 1000:>8} kB" for s in sizes) + "   growth")
    worst = 0.0
    for shape in hostile(1000):
        times = []
        for size in sizes:
            text = hostile(size)[shape]
            lexicon.memory.clear()
            start = time.perf_counter()
            check_text(text, lexicon, context)
            times.append(time.perf_counter() - start)
        growth = (times[-1] / sizes[-1]) / max(times[0] / sizes[0], 1e-9)
        worst = max(worst, growth)
        cells = "".join(f"{t * 1000:>9.1f}ms" for t in times)
        print(f"{shape:<42}{cells}   {growth:>6.1f}")
    print(f"worst growth of time per kB from 1 kB to {sizes[-1] // 1000} kB: {worst:.1f}")
    return 0 if worst <= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
