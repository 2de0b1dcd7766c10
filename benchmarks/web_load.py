"""Load on `execbrief serve` (issue 17): editors typing, each asking for a live preview.

    python benchmarks/web_load.py [--editors 20,50] [--seconds 60] [--interval 0.3]
                                  [--backend sqlite|postgresql|both] [--accounts 5]
                                  [--servers 1]

For each backend a fresh store is made (a temporary SQLite file; a schema of its own in
the local PostgreSQL, 127.0.0.1:5432, trust auth, database `test`, user postgres or root,
dropped afterwards), editor accounts are added with `execbrief user add`, and a real
`execbrief serve` starts on 127.0.0.1 in a subprocess (--servers N: N of them on the one
store, as behind a load balancer, the editors spread over them). Then, for each number
of editors, every editor logs in (its own session and CSRF token) and POSTs /api/preview
with a typical incident (examples/checkout-outage.yaml, each request slightly different,
as typing makes it) every --interval seconds for --seconds: a request starts on the
editor's next tick, or at once when the previous answer came late. Reported: requests,
p50/p95/p99/max latency in ms as the client saw it, and errors (any answer but 200, or
no answer) by kind, with the load average.

Then two editors save the same incident at the same moment, both from version 1: exactly
one save must win (200) and the other get 409 with the differences; the winner's facts
are in the store and the loser saves again from the new version without losing either.

Goal (issue 17): p95 <= 150 ms at 20 editors and no errors. Exit 1 when it is missed or
the conflict check fails. The client runs on the same machine as the server, so its own
time is in the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from due import PG, _pg_admin, _pg_user  # the same PostgreSQL set-up as the other benchmarks

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "src" / "execbrief" / "examples" / "checkout-outage.yaml"
GOAL_P95_MS = 150.0
GOAL_EDITORS = 20
PASSWORD = "load test password 17"


def _env(db: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env["EXECBRIEF_DATABASE_URL"] = db
    return env


def _execbrief(*args: str) -> list[str]:
    return [sys.executable, "-m", "execbrief", *args]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def database(backend: str):  # type: ignore[no-untyped-def]
    """A URL (or path) of an empty store on `backend`, removed afterwards; None when
    PostgreSQL does not answer."""
    if backend == "sqlite":
        folder = tempfile.mkdtemp(prefix="execbrief-load-")
        try:
            yield str(Path(folder) / "load.db")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    user = _pg_user()
    if user is None:
        yield None
        return
    schema = f"execbrief_load_{uuid.uuid4().hex[:8]}"
    _pg_admin(user, f'CREATE SCHEMA "{schema}"')
    try:
        yield (
            f"postgresql+psycopg://{user}@{PG['host']}:{PG['port']}/{PG['dbname']}"
            f"?options=-csearch_path%3D{schema}"
        )
    finally:
        _pg_admin(user, f'DROP SCHEMA "{schema}" CASCADE')


def _start(db: str, log: Any) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        _execbrief("serve", "--host", "127.0.0.1", "--port", str(port), "--db", db),
        env=_env(db),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.seek(0)
            raise SystemExit(f"execbrief serve did not start:\n{log.read().decode()}")
        try:
            httpx.get(f"{url}/login", timeout=2)
            return process, url
        except httpx.TransportError:
            time.sleep(0.2)


@contextmanager
def serving(db: str, accounts: int, servers: int):  # type: ignore[no-untyped-def]
    """Editor accounts and `servers` running `execbrief serve` processes on `db` (one
    store, as behind a load balancer): yields (urls, names)."""
    names = [f"editor{i:02d}" for i in range(1, accounts + 1)]
    for name in names:
        done = subprocess.run(
            _execbrief("user", "add", name, "--role", "editor", "--password-stdin"),
            input=f"{PASSWORD}\n".encode(),
            env=_env(db),
            capture_output=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise SystemExit(f"execbrief user add {name} failed:\n{done.stderr.decode()}")
    with tempfile.TemporaryFile() as log:
        running: list[subprocess.Popen[bytes]] = []
        try:
            urls = []
            for _ in range(servers):
                process, url = _start(db, log)
                running.append(process)
                urls.append(url)
            yield urls, names
        finally:
            for process in running:
                process.terminate()
            for process in running:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


async def log_in(url: str, name: str) -> tuple[httpx.AsyncClient, str]:
    """An editor's own client (its cookies) and CSRF token."""
    client = httpx.AsyncClient(base_url=url, timeout=10.0)
    answer = await client.post("/api/session", json={"username": name, "password": PASSWORD})
    if answer.status_code != 200:
        await client.aclose()
        raise SystemExit(f"log in as {name}: {answer.status_code} {answer.text[:200]}")
    return client, str(answer.json()["csrf_token"])


def typed(text: str, n: int) -> str:
    """The example as an editor has it after `n` keystrokes: a changing ticket count, so
    no answer can be served from an identical earlier request."""
    return text.replace("support_tickets: 340", f"support_tickets: {340 + n % 97}")


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


async def editor(
    client: httpx.AsyncClient, csrf: str, text: str, interval: float, until: float, tally: Tally
) -> None:
    loop = asyncio.get_running_loop()
    await asyncio.sleep(random.uniform(0, interval))  # editors do not type in step
    n = 0
    tick = loop.time()
    while tick < until:
        n += 1
        started = time.perf_counter()
        try:
            answer = await client.post(
                "/api/preview",
                content=typed(text, n).encode(),
                headers={"X-CSRF-Token": csrf, "Content-Type": "application/yaml"},
            )
            elapsed = (time.perf_counter() - started) * 1000
            if answer.status_code == 200 and "handout_html" in answer.json():
                tally.latencies_ms.append(elapsed)
            else:
                tally.errors[f"HTTP {answer.status_code}"] += 1
        except httpx.HTTPError as exc:
            tally.errors[type(exc).__name__] += 1
        tick = max(tick + interval, loop.time())
        await asyncio.sleep(max(0.0, tick - loop.time()))


async def run_load(
    urls: list[str], names: list[str], editors: int, seconds: float, interval: float
) -> Tally:
    text = EXAMPLE.read_text(encoding="utf-8")
    sessions = [await log_in(urls[i % len(urls)], names[i % len(names)]) for i in range(editors)]
    for client, csrf in sessions:  # one warm-up answer each, outside the figures
        await client.post("/api/preview", content=text.encode(), headers={"X-CSRF-Token": csrf})
    tally = Tally()
    until = asyncio.get_running_loop().time() + seconds
    await asyncio.gather(
        *(editor(client, csrf, text, interval, until, tally) for client, csrf in sessions)
    )
    for client, _ in sessions:
        await client.aclose()
    return tally


def percentiles(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {k: values[0] if values else float("nan") for k in ("p50", "p95", "p99", "max")}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "max": max(values)}


async def conflict_check(urls: list[str], names: list[str], db: str) -> list[str]:
    """Two editors (on two server processes when there are two) save the same incident
    from version 1 at once: one 200, one 409 with differences; nothing of either is lost.
    Returns the failures (empty when it holds)."""
    from execbrief.store import open_store

    text = EXAMPLE.read_text(encoding="utf-8").replace("id: INC-2291", "id: INC-LOAD-1")
    first, second = names[0], names[1 % len(names)]
    (a, a_csrf), (b, b_csrf) = await log_in(urls[0], first), await log_in(urls[-1], second)
    failures: list[str] = []
    try:
        made = await a.put(
            "/api/incidents/INC-LOAD-1", content=text.encode(), headers={"X-CSRF-Token": a_csrf}
        )
        if made.status_code != 200:
            return [f"first save: {made.status_code} {made.text[:200]}"]
        version = str(made.json()["version"])
        mine = text.replace("support_tickets: 340", "support_tickets: 410")
        theirs = text.replace("failed_transactions: 1150", "failed_transactions: 1400")
        answers = await asyncio.gather(
            a.put(
                "/api/incidents/INC-LOAD-1",
                content=mine.encode(),
                headers={"X-CSRF-Token": a_csrf, "If-Match": version},
            ),
            b.put(
                "/api/incidents/INC-LOAD-1",
                content=theirs.encode(),
                headers={"X-CSRF-Token": b_csrf, "If-Match": version},
            ),
        )
        codes = sorted(answer.status_code for answer in answers)
        if codes != [200, 409]:
            return [f"two saves from version {version} answered {codes}, not [200, 409]"]
        a_won = answers[0].status_code == 200
        won, lost = (answers[0], answers[1]) if a_won else (answers[1], answers[0])
        loser, loser_csrf = (b, b_csrf) if a_won else (a, a_csrf)
        if not lost.json().get("differences"):
            failures.append(f"the 409 names no differences: {lost.text[:200]}")
        store = open_store(db)
        saved = store.version("INC-LOAD-1", store.latest_version("INC-LOAD-1")).facts["impact"]
        kept = saved["support_tickets"] == 410 if a_won else saved["failed_transactions"] == 1400
        if not kept:
            failures.append("the winning save is not the latest version in the store")
        # the loser puts both changes together and saves from the version the 409 showed
        both = mine.replace("failed_transactions: 1150", "failed_transactions: 1400")
        again = await loser.put(
            "/api/incidents/INC-LOAD-1",
            content=both.encode(),
            headers={"X-CSRF-Token": loser_csrf, "If-Match": str(won.json()["version"])},
        )
        if again.status_code != 200:
            failures.append(f"saving again from the new version: {again.status_code}")
        final = store.version("INC-LOAD-1", store.latest_version("INC-LOAD-1")).facts["impact"]
        if (final["support_tickets"], final["failed_transactions"]) != (410, 1400):
            failures.append("after the second save a change is missing")
        store.close()
    finally:
        await a.aclose()
        await b.aclose()
    return failures


def _load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--editors", default="20,50", help="comma-separated editor counts")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--interval", type=float, default=0.3)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--accounts", type=int, default=5, help="editor accounts to add")
    parser.add_argument(
        "--servers", type=int, default=1, help="serve processes on the one store (editors spread)"
    )
    args = parser.parse_args()
    counts = [int(n) for n in args.editors.split(",") if n.strip()]
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    missed: list[str] = []
    print(
        f"{args.seconds:g} s per run, a preview every {args.interval * 1000:g} ms per editor, "
        f"{args.servers} serve process(es), {os.cpu_count()} CPUs; "
        f"load average before: {_load_average()}"
    )
    print(
        f"{'backend':<11}{'editors':>8}{'requests':>10}{'req/s':>8}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}  errors"
    )
    for backend in backends:
        with database(backend) as db:
            if db is None:
                print(f"{backend:<11} skipped: no PostgreSQL answered on 127.0.0.1:5432")
                continue
            with serving(db, args.accounts, args.servers) as (urls, names):
                for count in counts:
                    tally = asyncio.run(run_load(urls, names, count, args.seconds, args.interval))
                    p = percentiles(tally.latencies_ms)
                    done = len(tally.latencies_ms) + sum(tally.errors.values())
                    errors = ", ".join(f"{k}: {v}" for k, v in tally.errors.items()) or "0"
                    print(
                        f"{backend:<11}{count:>8}{done:>10}{done / args.seconds:>8.1f}"
                        f"{p['p50']:>9.1f}{p['p95']:>9.1f}{p['p99']:>9.1f}{p['max']:>9.1f}"
                        f"  {errors}   (load {_load_average()})"
                    )
                    if tally.errors:
                        missed.append(f"{backend}, {count} editors: errors {errors}")
                    if count <= GOAL_EDITORS and not p["p95"] <= GOAL_P95_MS:
                        missed.append(f"{backend}, {count} editors: p95 {p['p95']:.0f} ms")
                failures = asyncio.run(conflict_check(urls, names, db))
                print(
                    f"{backend:<11} two editors save one incident at once: "
                    + (
                        "one 200, one 409 with the differences, nothing lost"
                        if not failures
                        else "; ".join(failures)
                    )
                )
                missed += [f"{backend}: {f}" for f in failures]
    if missed:
        print("goal missed: " + "; ".join(missed))
        return 1
    if GOAL_EDITORS not in counts:
        # A run at other loads says nothing about the goal: it is not claimed met.
        print(
            f"no errors; goal not checked: it is p95 <= {GOAL_P95_MS:g} ms at "
            f"{GOAL_EDITORS} editors, and this run had {', '.join(map(str, counts))}"
        )
        return 0
    print(
        f"goal met: p95 <= {GOAL_P95_MS:g} ms at {GOAL_EDITORS} editors "
        f"({args.seconds:g} s runs), no errors"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
