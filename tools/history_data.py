"""Generate a store with a busy history: by default 10,000 incidents over two years and
50,000 commitments (5 each), for `execbrief similar` and `execbrief report` at scale.

    python tools/history_data.py DB [--incidents 10000] [--seed 18]

DB is a file path or a postgresql:// URL; the schema is made by execbrief's own
migrations, then the rows are bulk-loaded (the same tables `save` writes: incidents,
a small brief version, the ledger's events, the commitments and the history row).
Deterministic for a seed. Cause texts come from a few phrasings per cause class, so the
classifier does its real work on them.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

NOW = datetime(2026, 12, 4, 12, tzinfo=UTC)
SPAN_DAYS = 730
PER_INCIDENT = 5
SERVICES = [
    "Checkout",
    "Search",
    "Login",
    "Payments",
    "Mobile app",
    "Warehouse",
    "Email",
    "Reports",
    "Catalogue",
    "Accounts",
    "Shipping",
    "Support desk",
]
CAUSES = [
    "the {s} TLS certificate expired overnight",
    "automatic renewal of the {s} certificate failed",
    "a {s} setting was changed by hand in production",
    "a feature flag for {s} was switched on for everyone",
    "the {s} release had a bug in the new code",
    "a deploy of {s} shipped a broken page",
    "a traffic spike overloaded the {s} servers",
    "the {s} database disk filled up with logs",
    "our {s} vendor had an outage",
    "the third-party provider behind {s} stopped answering",
    "a cleanup job deleted {s} records",
    "an attacker used stolen credentials on {s}",
    "a DNS failure made {s} unreachable",
    "a router failure cut {s} off from the data centre",
]
GAPS = [
    "no alert warned us before the certificate ran out",
    "the release check was skipped for this change",
    "load tests did not cover this traffic",
    "nobody watched the supplier's status",
    "the job ran without a dry run",
    None,
]
WHATS = [
    "Root cause report",
    "Lasting fix in place",
    "Next update to you",
    "Notice to customers",
    "Customer email",
]


def rows(incidents: int = 10_000, seed: int = 18) -> dict[str, list[dict[str, Any]]]:
    """The rows of each table, deterministic for a seed."""
    from execbrief.core.history import PastIncident, classify
    from execbrief.store.history_rows import history_row

    rng = random.Random(seed)
    out: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("incidents", "versions", "commitments", "events", "history")
    }
    from execbrief.store.models import EVENT_DETAILS

    blank = dict.fromkeys(EVENT_DETAILS)
    for i in range(incidents):
        key = f"INC-{i:05d}"
        started = NOW - timedelta(days=rng.uniform(1, SPAN_DAYS))
        service = rng.choice(SERVICES)
        cause = rng.choice(CAUSES).format(s=service)
        gap = rng.choice(GAPS)
        minutes = Decimal(rng.randint(5, 600))
        detect = Decimal(rng.randint(1, 60))
        out["incidents"].append(
            {
                "id": key,
                "title": f"{service} failing",
                "state": "resolved",
                "zone": "America/New_York",
                "latest_version": 1,
                "row_version": 1,
                "updated_at": started,
            }
        )
        out["versions"].append(
            {
                "incident_id": key,
                "number": 1,
                "saved_at": started,
                "digest": f"{i:064d}",
                "facts": {
                    "id": key,
                    "title": f"{service} failing",
                    "timeline": {"started": started.isoformat()},
                },
                "document": {"headline": f"{service} failing"},
            }
        )
        classified = classify(" ".join(t for t in (cause, gap) if t))
        low = Decimal(rng.randint(0, 50)) * 1000
        past = PastIncident(
            id=key,
            title=f"{service} failing",
            started=started,
            severity=rng.choice(["SEV1", "SEV2", "SEV2", "SEV3", "SEV3", "SEV4"]),
            service=service,
            cause_text=cause,
            safeguard_gap=gap,
            cause_class=classified.cause_class,
            evidence=classified.evidence,
            impact_minutes=minutes,
            detect_minutes=detect,
            restore_minutes=minutes - 1,
            users_low=rng.randint(10, 50_000),
            users_high=None,
            users_unit="customers",
            revenue_low=low,
            revenue_high=low * 2,
            currency="USD",
            credits=Decimal(rng.randint(0, 20)) * 500,
            credits_currency="USD",
            response_cost=Decimal(rng.randint(1, 40)) * 120,
            response_currency="USD",
        )
        row = history_row(past)
        row["users_high"] = row["users_low"]
        out["history"].append(row)
        seq = 0
        for n in range(1, PER_INCIDENT + 1):
            due = (started + timedelta(days=rng.randint(1, 20))).date()
            due_at = datetime(due.year, due.month, due.day, 23, 59, tzinfo=UTC)
            made = started + timedelta(hours=2)
            what = WHATS[n - 1]
            seq += 1
            out["events"].append(
                {
                    **blank,
                    "incident_id": key,
                    "seq": seq,
                    "number": n,
                    "kind": "made",
                    "at": made,
                    "who": "generator",
                    "what": what,
                    "owner": "SRE team",
                    "source": "file",
                    "due": due.isoformat(),
                }
            )
            state = "open"
            if due_at < NOW and rng.random() < 0.9:
                done = due_at - timedelta(days=rng.choice([2, 1, 0, 0, -1, -3]))
                done = min(done, NOW)
                seq += 1
                out["events"].append(
                    {
                        **blank,
                        "incident_id": key,
                        "seq": seq,
                        "number": n,
                        "kind": "done",
                        "at": done,
                        "who": "generator",
                        "done_at": done,
                    }
                )
                state = "kept"
            out["commitments"].append(
                {
                    "incident_id": key,
                    "number": n,
                    "what": what,
                    "owner": "SRE team",
                    "source": "file",
                    "state": state,
                    "current_due": due.isoformat(),
                    "due_at": due_at,
                }
            )
    return out


def load(db: str, incidents: int = 10_000, seed: int = 18) -> None:
    """Make the schema in `db` with execbrief's migrations and bulk-load the rows."""
    from sqlalchemy import insert

    from execbrief.store import models, open_store

    data = rows(incidents, seed)
    store = open_store(db)
    tables = {
        "incidents": models.incidents,
        "versions": models.versions,
        "commitments": models.commitments,
        "events": models.events,
        "history": models.history,
    }
    with store.engine.begin() as connection:
        for name, table in tables.items():
            connection.execute(insert(table), data[name])
    if store.url.startswith("postgresql"):
        with store.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    started = time.perf_counter()
    load(args.db, args.incidents, args.seed)
    print(
        f"{args.incidents:,} incidents, {args.incidents * PER_INCIDENT:,} commitments in "
        f"{args.db} ({time.perf_counter() - started:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
