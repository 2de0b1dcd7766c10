"""`execbrief due` over 10,000 incidents and 50,000 commitments, on SQLite and PostgreSQL.

Issue 6's target: the whole command (start-up, query, output) within 0.5 s on each
backend. Peers in the same run: the same query alone, through the database's own client
(`sqlite3` CLI, `psql`), and the Python floor `python -c "import yaml, pydantic"`.

    python benchmarks/due.py [--runs 9] [--backend sqlite|postgresql|both]

The generator writes data shaped like a busy year: 10,000 incidents, 5 commitments each,
due from 60 days before --now to 30 days after; almost all past ones kept, a few overdue,
some moved. PostgreSQL (127.0.0.1:5432, trust auth, database `test`, user postgres or
root) gets its own schema, dropped afterwards. Runs are interleaved. Reported per command:
the best wall-clock run (the target is
judged on it, as timeit advises, since a shared machine only ever adds time), the median,
and the median CPU time (user + system), with the load average. Exit 1 when a target is
missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
INCIDENTS = 10_000
PER_INCIDENT = 5
TARGET_SECONDS = 0.5
PG = {"host": "127.0.0.1", "port": 5432, "dbname": "test"}

DUE_SQL = (
    "SELECT incident_id, number, what, owner, current_due, state, due_at FROM commitments "
    "WHERE state IN ('open', 'slipped') AND due_at <= '{horizon}' "
    "ORDER BY due_at, incident_id, number"
)


def _execbrief() -> list[str]:
    script = Path(sys.executable).parent / "execbrief"
    return [str(script)] if script.exists() else [sys.executable, "-m", "execbrief"]


def rows(
    seed: int = 6,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Incidents, their first brief version, and commitments: deterministic for a seed."""
    rng = random.Random(seed)
    incidents, versions, commitments = [], [], []
    events: list[dict[str, Any]] = []
    from execbrief.store.models import EVENT_DETAILS

    empty = dict.fromkeys(EVENT_DETAILS)
    whats = ["Root cause report", "Lasting fix in place", "Next update to you", "Customer email"]
    for i in range(INCIDENTS):
        key = f"INC-{i:05d}"
        started = NOW - timedelta(days=rng.uniform(0, 90))
        incidents.append(
            {
                "id": key,
                "title": f"Incident {i}",
                "state": rng.choice(["resolved"] * 8 + ["mitigated", "ongoing"]),
                "zone": "America/New_York",
                "latest_version": 1,
                "row_version": 1,
                "updated_at": started,
            }
        )
        facts = {"id": key, "title": f"Incident {i}", "timeline": {"started": started.isoformat()}}
        versions.append(
            {
                "incident_id": key,
                "number": 1,
                "saved_at": started,
                "digest": uuid.UUID(int=rng.getrandbits(128)).hex * 2,
                "facts": facts,
                "document": {"headline": f"Incident {i}"},
            }
        )
        for n in range(1, PER_INCIDENT + 1):
            due_at = NOW + timedelta(minutes=rng.randint(-60 * 24 * 60, 30 * 24 * 60))
            past = due_at < NOW
            state = (
                ("kept" if rng.random() < 0.95 else "open")
                if past
                else rng.choice(["open"] * 9 + ["slipped"])
            )
            first_due = due_at - timedelta(days=2) if state == "slipped" else due_at
            commitments.append(
                {
                    "incident_id": key,
                    "number": n,
                    "what": rng.choice(whats),
                    "owner": rng.choice([None, "Priya Shah", "Ops team"]),
                    "source": "file",
                    "state": state,
                    "current_due": due_at.isoformat(),
                    "due_at": due_at,
                }
            )
            # The ledger the row is derived from: made, then moved or done.
            made = {"what": commitments[-1]["what"], "owner": commitments[-1]["owner"]}
            history = [
                {"kind": "made", "at": started, "source": "file", "due": first_due.isoformat()}
                | made
            ]
            if state == "slipped":
                history.append(
                    {
                        "kind": "slipped",
                        "at": started,
                        "due": due_at.isoformat(),
                        "old_due": first_due.isoformat(),
                        "reason": "parts are late",
                    }
                )
            if state == "kept":
                history.append({"kind": "done", "at": due_at, "done_at": due_at})
            for event in history:
                events.append(
                    empty | {"incident_id": key, "seq": len(events) + 1, "number": n} | event
                )
    return incidents, versions, commitments, events


def generate(db: str) -> None:
    """Create the schema with execbrief's own migrations, then bulk-load the rows."""
    from sqlalchemy import insert

    from execbrief.store import open_store
    from execbrief.store.models import commitments, events, incidents, versions

    store = open_store(db)
    inc, ver, com, led = rows()
    with store.engine.begin() as connection:
        connection.execute(insert(incidents), inc)
        connection.execute(insert(versions), ver)
        connection.execute(insert(commitments), com)
        connection.execute(insert(events), led)
    if store.url.startswith("postgresql"):
        with store.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    store.close()


def _pg_user() -> str | None:
    import psycopg

    for user in ("postgres", "root"):
        try:
            with psycopg.connect(user=user, connect_timeout=3, **PG):  # type: ignore[arg-type]
                return user
        except psycopg.Error:
            continue
    return None


def time_once(argv: list[str], ok: tuple[int, ...] = (0, 1)) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of `argv`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in ok:
        raise SystemExit(f"{argv[0]} failed ({result.returncode}): {result.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def measure(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float, float]]:
    """Per command: the fastest wall-clock run, the median, and the median CPU time."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm caches once
        time_once(argv)
    for _ in range(runs):
        for name, argv in commands.items():
            wall, cpu = time_once(argv)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {
        name: (min(walls[name]), statistics.median(walls[name]), statistics.median(cpus[name]))
        for name in commands
    }


def _listed(db: str) -> tuple[int, int]:
    out = subprocess.run(
        [*_execbrief(), "due", "--db", db, "--now", NOW.isoformat(), "--format", "json"],
        capture_output=True,
        text=True,
    )
    items = json.loads(out.stdout)
    return len(items), sum(1 for item in items if item["status"] == "overdue")


def bench(backend: str, runs: int, workdir: Path) -> bool:
    horizon = (NOW + timedelta(hours=24)).astimezone(UTC).replace(tzinfo=None)
    sql = DUE_SQL.format(horizon=horizon.strftime("%Y-%m-%d %H:%M:%S.%f"))
    schema = None
    if backend == "sqlite":
        db = str(workdir / "bench.db")
        peer_name = "peer: the query alone in the sqlite3 CLI"
        if shutil.which("sqlite3") is None:
            peer = [
                sys.executable,
                "-c",
                f"import sqlite3; sqlite3.connect({db!r}).execute({sql!r}).fetchall()",
            ]
            peer_name = "peer: the query alone via python sqlite3"
        else:
            peer = ["sqlite3", db, sql]
        plan_sql = f"EXPLAIN QUERY PLAN {sql}"
    else:
        user = _pg_user()
        if user is None:
            print("postgresql: skipped, no server answered on 127.0.0.1:5432")
            return True
        schema, db, conninfo = scratch_schema(user)
        peer = ["psql", conninfo, "-qAtc", sql]
        peer_name = "peer: the query alone in psql"
        plan_sql = f"EXPLAIN {sql}"
    try:
        started = time.perf_counter()
        generate(db)
        print(
            f"{backend}: generated {INCIDENTS:,} incidents, {INCIDENTS * PER_INCIDENT:,} "
            f"commitments in {time.perf_counter() - started:.1f} s"
        )
        listed, overdue = _listed(db)
        print(f"{backend}: `execbrief due` lists {listed:,} ({overdue:,} overdue)")
        print(f"{backend}: plan: {_plan(db, plan_sql)}")
        commands = {
            "floor: python -c 'import yaml, pydantic'": [
                sys.executable,
                "-c",
                "import yaml, pydantic",
            ],
            peer_name: peer,
            "execbrief due --format json": [
                *_execbrief(),
                "due",
                "--db",
                db,
                "--now",
                NOW.isoformat(),
                "--format",
                "json",
            ],
            "execbrief due (text)": [*_execbrief(), "due", "--db", db, "--now", NOW.isoformat()],
        }
        results = measure(commands, runs)
    finally:
        if schema is not None:
            _pg_admin(_pg_user() or "postgres", f'DROP SCHEMA "{schema}" CASCADE')
    ok = True
    print(f"{backend}: {'':<48} {'best':>7} {'median':>7} {'cpu':>7}   (ms; load {_load()})")
    for name, (best, median, cpu) in results.items():
        target = name.startswith("execbrief")
        met = best <= TARGET_SECONDS
        ok = ok and (met or not target)
        verdict = ("ok" if met else "MISSED") + f" (target {TARGET_SECONDS} s)" if target else ""
        print(
            f"{backend}: {name:<48} {best * 1000:7.0f} {median * 1000:7.0f} {cpu * 1000:7.0f}"
            f"   {verdict}"
        )
    return ok


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def scratch_schema(user: str) -> tuple[str, str, str]:
    """A new, empty schema in the test database: its name, a store URL and a psql conninfo
    that both use it (drop it with `_pg_admin(user, 'DROP SCHEMA ... CASCADE')`)."""
    schema = f"execbrief_bench_{uuid.uuid4().hex[:8]}"
    _pg_admin(user, f'CREATE SCHEMA "{schema}"')
    db = f"postgresql://{user}@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
    conninfo = f"host=127.0.0.1 port=5432 dbname=test user={user} options=-csearch_path={schema}"
    return schema, db, conninfo


def _pg_admin(user: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(user=user, autocommit=True, **PG) as connection:  # type: ignore[arg-type]
        connection.execute(sql)


def _plan(db: str, sql: str) -> str:
    from execbrief.store import open_store

    store = open_store(db)
    with store.engine.connect() as connection:
        lines = [" ".join(str(v) for v in row) for row in connection.exec_driver_sql(sql)]
    store.close()
    return " | ".join(lines)[:300]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "execbrief")], check=True
    )
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory() as folder:
        results = [bench(backend, args.runs, Path(folder)) for backend in backends]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
