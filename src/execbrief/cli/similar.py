"""`execbrief similar`'s body, without Typer: the Typer command (history.py) and the quick
path (quick.py) both run it, so that they print and exit alike."""

from __future__ import annotations

from typing import Any, NamedTuple

from execbrief.cli.output import ListFormat, print_json, show
from execbrief.errors import ExecbriefError, report

# How `similar` says whether a past incident's fix was kept.
FIX_TEXT = {
    "kept": "fix kept on time",
    "kept_late": "fix kept late",
    "missed": "fix missed",
    "slipped": "fix moved to a later date",
    "open": "fix not due yet",
    None: "no fix on record",
}


class SimilarArgs(NamedTuple):
    incident: str
    fmt: ListFormat = ListFormat.text
    limit: int = 10
    now: str | None = None
    db: str | None = None


def _line(item: dict[str, Any]) -> str:
    from decimal import Decimal

    from execbrief.core.speech.numbers import count_range
    from execbrief.core.speech.times import duration

    minutes = item["customer_impact_minutes"]
    lasted = "still going on" if minutes is None else duration(Decimal(str(minutes)))
    users = item["users_affected"]
    hit = (
        "who was hit not recorded"
        if users is None
        else count_range(users["low"], users["high"], users["unit"] or "customers")
    )
    cause = item["cause_class"].replace("_", " ")
    if item["evidence"]:
        cause += " (" + ", ".join(item["evidence"]) + ")"
    return (
        f"{item['started'][:10]}  {item['id']}  {item['title']}\n"
        f"    {lasted}; {hit}; {cause}; {FIX_TEXT.get(item['fix_kept'], item['fix_kept'])}\n"
        f"    score {item['score']:.2f}: {'; '.join(item['why'])}\n"
    )


def run_similar(args: SimilarArgs) -> int:
    """Find and print the past incidents most like a saved one, and return the exit code:
    the body of `execbrief similar`, for Typer's command and the quick path alike."""
    from execbrief.app.history import similar_incidents

    try:
        target, items = similar_incidents(args.incident, args.db, args.now, args.limit)
    except ExecbriefError as exc:
        return report(exc)
    if args.fmt is ListFormat.json:
        print_json(items)
        return 0
    cause = target.cause_class.replace("_", " ")
    words = f" ({', '.join(target.evidence)})" if target.evidence else ""
    head = f"{target.id}: cause class {cause}{words}\n"
    if not items:
        show(head + "No similar incident on record before it.\n")
    else:
        show(head + "".join(_line(item) for item in items))
    return 0
