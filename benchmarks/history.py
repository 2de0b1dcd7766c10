"""`execbrief similar` and `execbrief report` over 10,000 incidents and 50,000
commitments, on SQLite and PostgreSQL (issue 18).

Targets from the issue: `similar` within 200 ms, the quarter's report within 3 s. Peers in
the same run, interleaved: the Python floor `python -c "import yaml, pydantic"`, the CLI's
own floor `execbrief --help` (what every command pays to start), and the history query
alone in the database's own client (`sqlite3`, `psql`). Also the classifier's precision
and recall per class on the labelled cause texts (tests/data/cause_texts.csv), and the
in-process split of `similar` (open the store, read the candidates, rank, read the few
shown and their ledgers).

    PYTHONPATH=src python benchmarks/history.py [--runs 5] [--backend sqlite|postgresql|both]

The commands run this checkout's src/ (PYTHONPATH is set for them), its bytecode compiled
first as pip does for an installed wheel. `similar` is timed for INC-00042 (3,645
incidents before it) and for the latest incident (all 10,000 before it). The data comes
from tools/history_data.py. Reported per command: the best wall-clock run (the target is
judged on it, as in benchmarks/due.py: a shared machine only ever adds time), the median
and the median CPU time. Exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from due import _execbrief, _pg_admin, _pg_user, measure, scratch_schema  # noqa: E402
from history_data import NOW, load  # noqa: E402

TARGETS = {
    "similar INC-00042": 0.2,
    "similar (the latest incident)": 0.2,
    "report --format json": 3.0,
    "report --out (md, pdf, pptx)": 3.0,
}
TARGET_ID = "INC-00042"
QUARTER = ("2026-10-01", "2026-12-31")
HISTORY_SQL = (
    "SELECT incident_id, started, service, cause_class, safeguard_gap FROM incident_history "
    "WHERE started < '2026-12-01'"
)


def classifier_scores() -> None:
    from execbrief.core.history import classify

    with (ROOT / "tests" / "data" / "cause_texts.csv").open(encoding="utf-8") as f:
        rows = [(r["text"], r["cause_class"]) for r in csv.DictReader(f)]
    truth: Counter[str] = Counter()
    said: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for text, expected in rows:
        got = classify(text).cause_class
        truth[expected] += 1
        said[got] += 1
        hits[expected] += got == expected
    print(
        f"classifier on {len(rows)} labelled cause texts: "
        f"{sum(hits.values()) / len(rows):.0%} right"
    )
    print(f"  {'class':22} precision  recall")
    for c in sorted(truth):
        precision = hits[c] / said[c] if said[c] else 0.0
        print(f"  {c:22} {precision:9.0%} {hits[c] / truth[c]:7.0%}")
    if said["other"]:
        print(f"  ({said['other']} left as 'other': no rule word and no close example)")


def latest(db: str) -> str:
    from execbrief.store import open_store

    store = open_store(db)
    try:
        return store.past_incidents()[-1].id
    finally:
        store.close()


def in_process(db: str, key: str) -> None:
    from execbrief.core.history import ranked

    t0 = time.perf_counter()
    from execbrief.store.database import database_url
    from execbrief.store.history_query import history_reader

    with history_reader(database_url(db)) as reader:
        assert reader is not None
        t1 = time.perf_counter()
        target = reader.past_incident(key)
        candidates = reader.candidates(target, 10)
        t2 = time.perf_counter()
        top = ranked(target, candidates, limit=10)
        t3 = time.perf_counter()
        reader.past_incidents(ids=[p.id for p, *_ in top])
        reader.ledgers([p.id for p, *_ in top])
        t4 = time.perf_counter()
    print(
        f"  in process, similar {key} (modules already imported): open {t1 - t0:.3f} s, "
        f"read {len(candidates)} candidates {t2 - t1:.3f} s, rank {t3 - t2:.3f} s, "
        f"read the {len(top)} shown and their ledgers {t4 - t3:.3f} s"
    )


def bench(backend: str, runs: int, workdir: Path) -> bool:
    schema = user = None
    if backend == "sqlite":
        db = str(workdir / "history.db")
        peer = (
            ["sqlite3", db, HISTORY_SQL]
            if shutil.which("sqlite3")
            else [
                sys.executable,
                "-c",
                f"import sqlite3; sqlite3.connect({db!r}).execute({HISTORY_SQL!r}).fetchall()",
            ]
        )
    else:
        user = _pg_user()
        if user is None:
            print("postgresql: skipped, no server answered on 127.0.0.1:5432")
            return True
        schema, db, conninfo = scratch_schema(user)
        peer = ["psql", conninfo, "-qAtc", HISTORY_SQL]
    try:
        started = time.perf_counter()
        load(db)
        print(
            f"{backend}: generated 10,000 incidents, 50,000 commitments in "
            f"{time.perf_counter() - started:.1f} s"
        )
        now = ["--now", NOW.isoformat(), "--db", db]
        last = latest(db)
        commands = {
            "similar INC-00042": [*_execbrief(), "similar", TARGET_ID, *now],
            "similar (the latest incident)": [*_execbrief(), "similar", last, *now],
            "report --format json": [
                *_execbrief(),
                "report",
                "--from",
                QUARTER[0],
                "--to",
                QUARTER[1],
                "--format",
                "json",
                *now,
            ],
            "report --out (md, pdf, pptx)": [
                *_execbrief(),
                "report",
                "--from",
                QUARTER[0],
                "--to",
                QUARTER[1],
                "--out",
                str(workdir / f"report-{backend}"),
                "--force",
                *now,
            ],
            "peer: execbrief --help (start-up)": [*_execbrief(), "--help"],
            "peer: python -c 'import yaml, pydantic'": [
                sys.executable,
                "-c",
                "import yaml, pydantic",
            ],
            f"peer: the history query alone ({peer[0].rsplit('/', 1)[-1]})": peer,
        }
        results = measure(commands, runs)
        ok = True
        for name, (best, median, cpu) in results.items():
            target = TARGETS.get(name)
            verdict = ""
            if target is not None:
                met = best <= target
                ok &= met
                verdict = f"  target {target:g} s: {'met' if met else 'MISSED'}"
            print(
                f"  {name:44} best {best:6.3f} s  median {median:6.3f} s  cpu {cpu:6.3f} s{verdict}"
            )
        in_process(db, TARGET_ID)
        in_process(db, last)
        return ok
    finally:
        if schema is not None and user is not None:
            _pg_admin(user, f'DROP SCHEMA "{schema}" CASCADE')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    import compileall

    # The commands run this checkout, not whatever the virtualenv's editable install
    # points at; compiled once, as an installed wheel is.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    compileall.compile_dir(ROOT / "src" / "execbrief", quiet=1)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    classifier_scores()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        for backend in backends:
            ok &= bench(backend, args.runs, Path(folder))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
