"""Follow-through commands: save briefs, track commitments, draft updates (SPEC section 6).

Each command opens the store (--db, else $EXECBRIEF_DATABASE_URL, else a file in the
user's data folder), asks the core what to do, and prints. SQLAlchemy, Alembic and
icalendar are imported inside the commands, so `execbrief --help` stays fast.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from execbrief.cli_support import NowOption, reports_errors
from execbrief.clock import parse_now
from execbrief.errors import InputError

if TYPE_CHECKING:
    from execbrief.core.followup import TrackedCommitment, Update
    from execbrief.core.incident import Incident
    from execbrief.store.repository import Store

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The database: a file path or a postgresql:// URL. Default: "
        "$EXECBRIEF_DATABASE_URL, else execbrief.db in your user data folder.",
    ),
]
IncidentArg = Annotated[str, typer.Argument(help="The incident id that `save` printed.")]
NumberArg = Annotated[int, typer.Argument(help="The commitment's number in its incident.", min=1)]


class ListFormat(StrEnum):
    text = "text"
    json = "json"


class UpdateFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


def _store(db: str | None) -> Store:
    from execbrief.store import open_store

    return open_store(db)


def _json(value: Any) -> None:
    import json

    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def _json_lines(items: list[dict[str, Any]]) -> None:
    """A JSON list with one item per line: readable, and the fast C encoder for long lists."""
    import json

    body = ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in items)
    sys.stdout.write("[\n" + body + "\n]\n" if items else "[]\n")


def _state(incident: Incident) -> str:
    if incident.timeline.resolved is not None:
        return "resolved"
    return "mitigated" if incident.timeline.mitigated is not None else "ongoing"


def _facts_incident(facts: dict[str, Any]) -> Incident:
    from execbrief.core.incident import read_incident

    return read_incident(facts)


def _change_error(exc: ValueError) -> InputError:
    return InputError.single(str(exc), field="N")


def _only(number: int) -> Any:
    def pick(commitments: list[TrackedCommitment]) -> TrackedCommitment:
        for c in commitments:
            if c.number == number:
                return c
        raise InputError.single(
            f"there is no commitment {number}; this incident has "
            f"{len(commitments)} (numbered from 1)",
            field="N",
            hint="`execbrief update INCIDENT` lists them with their numbers",
        )

    return pick


def save(
    file: Annotated[Path, typer.Argument(help="The incident file (YAML or JSON).")],
    now: NowOption = None,
    db: DbOption = None,
) -> None:
    """Store the incident and a new version of its brief; print the incident id."""
    import hashlib
    import json

    from execbrief.briefing import brief_for
    from execbrief.core.followup import incident_key, reconcile, wanted
    from execbrief.core.story import document
    from execbrief.render.json_document import plain
    from execbrief.sources.incident_file import load_incident

    incident = load_incident(file)
    moment = parse_now(now)
    facts = incident.model_dump(mode="json")
    digest = hashlib.sha256(
        json.dumps(facts, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    promised = wanted(incident, moment)
    result = _store(db).save(
        incident_key(incident),
        title=incident.title,
        state=_state(incident),
        zone=incident.zone.key,
        facts=facts,
        document=plain(document(brief_for(incident, moment))),
        digest=digest,
        plan=lambda stored: reconcile(stored, promised),
        saved_at=moment,
    )
    sys.stdout.write(result.incident_id + "\n")
    if result.created:
        sys.stderr.write(f"saved version {result.version}\n")
    else:
        sys.stderr.write(f"no change since version {result.version}; nothing new saved\n")


def due(
    now: NowOption = None,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="text or json.")
    ] = ListFormat.text,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list commitments not due yet, and kept ones.")
    ] = False,
    db: DbOption = None,
) -> None:
    """List commitments due within a day or overdue, across incidents. Exit 1 if any is
    overdue (for cron)."""
    from execbrief.core.followup import due_horizon, due_status
    from execbrief.store.database import database_url
    from execbrief.store.due_query import due_rows

    moment = parse_now(now)
    horizon = None if show_all else due_horizon(moment)
    rows = due_rows(database_url(db), horizon)  # the driver alone: quick from cron
    if rows is None:  # a new or older database: open the store, which migrates it
        rows = _store(db).due(horizon)
    items: list[dict[str, Any]] = []
    for row in rows:
        status = due_status(row.state, row.due_at, moment)
        if status is not None:
            items.append(
                {
                    "incident": row.incident,
                    "number": row.number,
                    "what": row.what,
                    "owner": row.owner,
                    "due": row.due,
                    "status": status,
                }
            )
    if fmt is ListFormat.json:
        _json_lines(items)
    elif not items:
        sys.stdout.write("Nothing due in the next 24 hours, and nothing overdue.\n")
    else:
        lines = []
        for item in items:
            owner = f" ({item['owner']})" if item["owner"] else ""
            lines.append(
                f"{item['status'].upper():<8} {item['incident']} #{item['number']}: "
                f"{item['what']}{owner}, due {item['due']}\n"
            )
        sys.stdout.write("".join(lines))
    if any(item["status"] == "overdue" for item in items):
        raise typer.Exit(1)


def done(
    incident: IncidentArg,
    number: NumberArg,
    at: Annotated[
        str | None, typer.Option("--at", help="When it was done, with an offset. Default: now.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A word on what was done.")] = None,
    db: DbOption = None,
) -> None:
    """Mark commitment N of an incident kept."""
    from execbrief.core.followup import CommitmentChangeError, keep

    moment = parse_now(at)

    def change(commitments: list[TrackedCommitment], still_open: bool) -> list[TrackedCommitment]:
        _only(number)(commitments)
        try:
            return keep(commitments, number, moment, note, incident_open=still_open)
        except CommitmentChangeError as exc:
            raise _change_error(exc) from None

    _store(db).change_commitments(incident, change, moment)
    sys.stderr.write(f"{incident} #{number}: kept\n")


def _read_to(value: str) -> date | datetime:
    from execbrief.core.incident import TimeValueError, parse_due

    try:
        return parse_due(value, None)
    except TimeValueError as exc:
        raise InputError.single(
            str(exc), field="--to", hint="a date (2026-12-02) or a time with an offset"
        ) from None


def slip(
    incident: IncidentArg,
    number: NumberArg,
    to: Annotated[str, typer.Option("--to", help="The new due date (or time with an offset).")],
    why: Annotated[str, typer.Option("--why", help="Why it moved, in a sentence for the CEO.")],
    db: DbOption = None,
) -> None:
    """Move commitment N to a new date, keeping the old date and the reason."""
    from execbrief.core.followup import CommitmentChangeError, move

    new_due = _read_to(to)
    if not why.strip():
        raise InputError.single("say why it moved", field="--why")
    moment = parse_now(None)

    def change(commitments: list[TrackedCommitment], _open: bool) -> list[TrackedCommitment]:
        target = _only(number)(commitments)
        try:
            moved = move(target, new_due, why.strip(), moment)
        except CommitmentChangeError as exc:
            raise _change_error(exc) from None
        return [moved if c.number == number else c for c in commitments]

    _store(db).change_commitments(incident, change, moment)
    sys.stderr.write(f"{incident} #{number}: moved to {new_due.isoformat()}\n")


def update(
    incident: IncidentArg,
    now: NowOption = None,
    fmt: Annotated[
        UpdateFormat, typer.Option("--format", "-f", help="text, md or json.")
    ] = UpdateFormat.text,
    db: DbOption = None,
) -> None:
    """Draft the "keep me informed" update: what changed, promises kept, moved or coming,
    and when the next update comes."""
    from execbrief.core.followup import changes, compose_update
    from execbrief.render import update as render_update

    moment = parse_now(now)
    store = _store(db)
    latest = store.latest_version(incident)
    current = store.version(incident, latest)
    previous = store.version(incident, latest - 1).facts if latest > 1 else None
    facts = _facts_incident(current.facts)
    draft = compose_update(
        incident,
        facts,
        latest,
        changes(previous, current.facts),
        store.commitments(incident),
        moment,
    )
    _language_check(draft, facts)
    show = {
        UpdateFormat.text: render_update.text,
        UpdateFormat.md: render_update.markdown,
        UpdateFormat.json: render_update.as_json,
    }[fmt]
    sys.stdout.write(show(draft))


def _language_check(draft: Update, facts: Incident) -> None:
    """Run the executive-language checker over the draft's sentences. Words quoted from
    the incident file are reported under their own fields by `execbrief check`, not here;
    anything left is ours to fix, so it is shown on stderr before the CEO sees it."""
    from execbrief.core.story.incident_text import check_generated
    from execbrief.sources.glossary_file import load_lexicon

    texts = [
        (f"update.{title}[{n}]", item)
        for title, items in draft.lines()
        for n, item in enumerate(items)
    ]
    for finding in check_generated(texts, facts, load_lexicon()):
        sys.stderr.write(
            f"language: {finding.field}: {finding.message} ('{finding.text}')"
            + (f"; say instead: {finding.suggestion}" if finding.suggestion else "")
            + "\n"
        )


def calendar(
    incident: IncidentArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="The .ics file to write.")],
    db: DbOption = None,
) -> None:
    """Write the incident's open commitments as calendar events with reminders (.ics)."""
    from datetime import UTC

    from execbrief.outputs import write_atomic
    from execbrief.render.calendar import calendar as ics

    store = _store(db)
    facts = store.version(incident, store.latest_version(incident)).facts
    commitments = store.commitments(incident)
    data = ics(incident, str(facts.get("title", incident)), commitments, datetime.now(UTC))
    try:
        write_atomic(out, data.decode("utf-8"))
    except OSError as exc:
        raise InputError.single(f"cannot write: {exc.strerror}", file=str(out)) from None
    count = sum(1 for c in commitments if c.pending)
    sys.stderr.write(f"wrote {out}: {count} open commitment(s)\n")


def diff(
    incident: IncidentArg,
    old: Annotated[
        int | None, typer.Option("--from", help="Older version. Default: last but one.")
    ] = None,
    new: Annotated[
        int | None, typer.Option("--to", help="Newer version. Default: the last.")
    ] = None,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="text or json.")
    ] = ListFormat.text,
    db: DbOption = None,
) -> None:
    """Show the facts that changed between two saved versions, old value to new."""
    from execbrief.core.followup import changes

    store = _store(db)
    latest = store.latest_version(incident)
    if latest == 1 and old is None and new is None:
        sys.stdout.write("Only version 1 is saved; there is nothing to compare yet.\n")
        return
    to_version = new if new is not None else latest
    from_version = old if old is not None else max(to_version - 1, 1)
    before = store.version(incident, from_version).facts
    after = store.version(incident, to_version).facts
    found = changes(before, after)
    if fmt is ListFormat.json:
        _json(
            {
                "incident": incident,
                "from": from_version,
                "to": to_version,
                "changes": [
                    {"field": c.field, "label": c.label, "old": c.old, "new": c.new} for c in found
                ],
            }
        )
        return
    if not found:
        sys.stdout.write(f"No fact changed from version {from_version} to {to_version}.\n")
        return
    sys.stdout.write(f"Version {from_version} -> {to_version}:\n")
    for c in found:
        old_text = "(none)" if c.old is None else str(c.old)
        new_text = "(none)" if c.new is None else str(c.new)
        sys.stdout.write(f"- {c.label} [{c.field}]: {old_text} -> {new_text}\n")


def list_incidents(
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="text or json.")
    ] = ListFormat.text,
    db: DbOption = None,
) -> None:
    """List saved incidents with their status and next commitment."""
    summaries = _store(db).incidents()
    items: list[dict[str, Any]] = [
        {
            "incident": s.id,
            "title": s.title,
            "status": s.state,
            "versions": s.latest_version,
            "next": None
            if s.next is None
            else {"number": s.next.number, "what": s.next.what, "due": s.next.due},
        }
        for s in summaries
    ]
    if fmt is ListFormat.json:
        _json(items)
        return
    if not items:
        sys.stdout.write("No incidents saved yet. `execbrief save FILE` adds one.\n")
        return
    for item in items:
        upcoming = item["next"]
        after = (
            f"next: #{upcoming['number']} {upcoming['what']}, due {upcoming['due']}"
            if upcoming
            else "nothing open"
        )
        sys.stdout.write(f"{item['incident']}  [{item['status']}]  {item['title']}  {after}\n")


def register(app: typer.Typer) -> None:
    for command in (save, due, done, slip, update, calendar, diff):
        app.command()(reports_errors(command))
    app.command("list")(reports_errors(list_incidents))
