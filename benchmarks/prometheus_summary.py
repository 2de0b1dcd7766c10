"""Prometheus importer benchmark: summarising a 1,000,000-sample matrix, with peers.

Target (issue 7): a query_range matrix of 1,000,000 samples summarised within 1 s,
vectorised. The matrix is generated here (never committed): SERIES series of POINTS
samples, a third of the series dipping below 1 for a while, some NaN. Timed in the same
run, interleaved, medians reported:

- vectorised: execbrief's read_matrix + summarise (numpy) on the parsed JSON;
- peer, json parsing alone: json.loads of the same response text (what any importer pays
  before it can look at one sample);
- peer, plain loop: the same summary (bad samples, series affected, window, each
  series' range) in pure Python.

    python benchmarks/prometheus_summary.py [--runs 5] [--samples 1000000]

Exit 1 when the vectorised summary misses the 1 s target.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from execbrief.sources import prometheus

TARGET_SECONDS = 1.0


def generate(samples: int, series: int = 200, seed: int = 7) -> dict[str, Any]:
    """A query_range answer with `samples` samples over `series` series."""
    rng = random.Random(seed)
    points = samples // series
    result = []
    for i in range(series):
        dip = (points // 3, points // 3 + points // 10) if i % 3 == 0 else (0, 0)
        values = []
        for j in range(points):
            if rng.random() < 0.001:
                text = "NaN"
            elif dip[0] <= j < dip[1]:
                text = f"{rng.uniform(0.2, 0.9):.4f}"
            else:
                text = f"{rng.uniform(1.0, 1.2):.4f}"
            values.append([1795183200 + 15 * j, text])
        result.append(
            {"metric": {"__name__": "checkout_ok", "pod": f"checkout-{i}"}, "values": values}
        )
    return {"status": "success", "data": {"resultType": "matrix", "result": result}}


def plain_loop(payload: dict[str, Any], threshold: float) -> tuple[int, int, float | None]:
    """The same summary as summarise(): bad samples, series affected, first and last bad
    sample, the first sample after the last bad one, each series' lowest and highest value."""
    bad = affected = 0
    first: float | None = None
    last: float | None = None
    lows: list[float] = []
    highs: list[float] = []
    for item in payload["data"]["result"]:
        hit = False
        low, high = math.inf, -math.inf
        for when, text in item["values"]:
            value = float(text)
            if math.isnan(value):
                continue
            if not math.isinf(value):
                low, high = min(low, value), max(high, value)
            if value < threshold:
                bad += 1
                hit = True
                first = when if first is None or when < first else first
                last = when if last is None or when > last else last
        affected += hit
        lows.append(low)
        highs.append(high)
    if last is not None:
        after = [w for item in payload["data"]["result"] for w, _ in item["values"] if w > last]
        min(after, default=None)
    return bad, affected, first


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--samples", type=int, default=1_000_000)
    args = parser.parse_args()
    payload = generate(args.samples)
    text = json.dumps(payload)
    test = prometheus.parse_test("value < 1")
    total = sum(len(s["values"]) for s in payload["data"]["result"])
    # Same answers from both ways of counting, or the timing means nothing.
    summary = prometheus.summarise(prometheus.read_matrix(payload), test)
    bad, affected, first = plain_loop(payload, 1.0)
    assert (summary.bad_samples, summary.affected, summary.first_bad) == (bad, affected, first)
    matrix = prometheus.read_matrix(payload)
    work: dict[str, Callable[[], object]] = {
        "vectorised summary (read_matrix + summarise)": lambda: prometheus.summarise(
            prometheus.read_matrix(payload), test
        ),
        "  of which read_matrix (Python lists to arrays)": lambda: prometheus.read_matrix(payload),
        "  of which summarise (numpy on the arrays)": lambda: prometheus.summarise(matrix, test),
        "peer: json.loads of the response alone": lambda: json.loads(text),
        "peer: the same summary as a plain Python loop": lambda: plain_loop(payload, 1.0),
    }
    times: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(args.runs):
        for name, job in work.items():
            times[name].append(timed(job))
    series = len(payload["data"]["result"])
    print(f"{total:,} samples in {series} series, {len(text) / 1e6:.0f} MB of JSON")
    print(f"{summary.affected} series affected, {summary.bad_samples:,} bad samples")
    print(f"medians of {args.runs} interleaved runs:")
    for name, runs in times.items():
        print(f"  {statistics.median(runs):7.3f} s  {name}")
    vectorised = statistics.median(times["vectorised summary (read_matrix + summarise)"])
    ok = vectorised <= TARGET_SECONDS
    print(f"target: vectorised summary within {TARGET_SECONDS:.0f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
