"""Follow-through on a brief (SPEC section 6): save briefs, track the commitments made in
them, list what is due, compare saved versions. The update, reminders and the calendar
file are in app/updates.py.

Each use case opens the store (a file path or a postgresql:// URL, else
$EXECBRIEF_DATABASE_URL, else a file in the user's data folder), asks the core what to do,
and returns what it found or made. SQLAlchemy, Alembic and icalendar are imported inside
the functions, so that `execbrief --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from execbrief.app.clock import parse_now
from execbrief.errors import InputError

if TYPE_CHECKING:
    from execbrief.core.followup import Difference, TrackedCommitment
    from execbrief.core.followup.changes import Change
    from execbrief.core.incident import Incident
    from execbrief.store.brief_versions import SaveResult
    from execbrief.store.repository import Store


class Changes(NamedTuple):
    """The facts that changed from one saved version to another."""

    from_version: int
    to_version: int
    found: list[Change]


class Saved(NamedTuple):
    """What `save` did: the version, and each difference between the file and the ledger
    (recorded as events when a reason was given; otherwise only the ones that need none)."""

    result: SaveResult
    differences: list[Difference]


def who() -> str | None:
    """Who records an event: $EXECBRIEF_USER, else the login name."""
    import getpass
    import os

    try:
        return os.environ.get("EXECBRIEF_USER") or getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return None


def open_store_at(db: str | Store | None) -> Store:
    """The store at `db` (a path or URL; else $EXECBRIEF_DATABASE_URL, else the default),
    its SQLAlchemy imported only when a command needs it; a store already open (the web
    server's) is used as it is."""
    if db is not None and not isinstance(db, str):
        return db
    from execbrief.store import open_store

    return open_store(db)


def _state(incident: Incident) -> str:
    if incident.timeline.resolved is not None:
        return "resolved"
    return "mitigated" if incident.timeline.mitigated is not None else "ongoing"


def _file_lines(file: Path) -> dict[tuple[str | int, ...], int]:
    """The line of each field path in the incident file (for naming a difference)."""
    from execbrief.sources.incident_file import parse_json, parse_yaml, unwrap_draft

    try:
        text = file.read_text(encoding="utf-8")
        parse = parse_json if text.lstrip().startswith(("{", "[")) else parse_yaml
        data, lines = parse(text, str(file))
        return unwrap_draft(data, lines)[1]
    except (OSError, UnicodeDecodeError, InputError):
        return {}


def _refuse(
    name: str,
    lines: dict[tuple[str | int, ...], int],
    incident: Incident,
    found: list[Difference],
    how: str,
) -> InputError:
    """Each difference that needs a reason, at its place in the file; `how` says how to
    give the reason (the command line's --reason, the web's reason field)."""
    from execbrief.errors import InputProblem, Place

    index = {" ".join(c.what.lower().split()): i for i, c in enumerate(incident.commitments)}
    problems = []
    for d in found:
        i = index.get(" ".join(d.what.lower().split()))
        key = {"status": "status", "due": "due", "owner": "owner", "done_at": "done_at"}
        path: tuple[str | int, ...] = ("commitments",) if i is None else ("commitments", i)
        if i is not None and d.field in key:
            path = (*path, key[d.field])
        line = next((lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in lines), None)
        dotted = "commitments" if i is None else f"commitments[{i}]"
        if i is not None and d.field in key:
            dotted += f".{key[d.field]}"
        problems.append(
            InputProblem(
                Place(name, line, dotted),
                f"the file and the ledger differ: {d.text()}",
                (f"to agree with the ledger, write {d.agree}; " if d.agree else "")
                + f"or save {how} to record the file's word in the ledger",
            )
        )
    return InputError(problems)


def save_incident(file: Path, now: str | None, db: str | None, reason: str | None = None) -> Saved:
    """Store the incident in `file` and a new version of its brief at `now`, unless its
    facts are the same as the latest version's. The commitments it makes are checked
    against the ledger: a difference that needs a reason is refused (InputError naming
    each) unless `reason` is given, and then recorded as events with it."""
    from execbrief.sources.incident_file import load_incident

    if reason is not None and not reason.strip():
        raise InputError.single("say why the ledger should take the file's word", field="--reason")
    incident = load_incident(file)
    return save_parsed(
        open_store_at(db),
        incident,
        parse_now(now),
        who(),
        reason,
        name=str(file),
        lines=lambda: _file_lines(file),
    )


def save_parsed(
    store: Store,
    incident: Incident,
    moment: datetime,
    by: str | None,
    reason: str | None,
    *,
    name: str,
    lines: Callable[[], dict[tuple[str | int, ...], int]],
    how: str = "with --reason TEXT",
    expected_version: int | None = None,
    source: str | None = None,
) -> Saved:
    """Save a read incident as `by` at `moment` (see save_incident). With
    `expected_version`, store.brief_versions.VersionMoved when someone saved since; `source`
    is the text as written, kept with the version (the web editor's)."""
    import hashlib
    import json

    from execbrief.app.briefing import brief_for
    from execbrief.core.followup import differences, incident_key, reconcile, wanted
    from execbrief.core.history import past_incident
    from execbrief.core.story import document
    from execbrief.render.json_document import plain

    facts = incident.model_dump(mode="json")
    digest = hashlib.sha256(
        json.dumps(facts, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    promised = wanted(incident, moment)
    seen: list[Difference] = []

    def plan(stored: list[TrackedCommitment]) -> list[TrackedCommitment]:
        found = differences(stored, promised)
        seen[:] = found
        blocking = [d for d in found if d.blocking]
        if blocking and reason is None:
            raise _refuse(name, lines(), incident, blocking, how)
        return reconcile(stored, promised, reason.strip() if reason else None)

    brief = brief_for(incident, moment)
    key = incident_key(incident)
    result = store.save(
        key,
        title=incident.title,
        state=_state(incident),
        zone=incident.zone.key,
        facts=facts,
        document=plain(document(brief)),
        digest=digest,
        plan=plan,
        saved_at=moment,
        who=by,
        reason=reason.strip() if reason else None,
        past=past_incident(key, incident, brief.assessment),
        expected_version=expected_version,
        source=source,
    )
    return Saved(result, seen)


def due_items(now: str | None, show_all: bool, db: str | None) -> list[dict[str, Any]]:
    """Commitments due within a day or overdue, across incidents (with `show_all`, also
    those not due yet and the kept ones), each with its status at `now`: `status` (open,
    due, overdue, kept: for cron), `state` (the brief's open, kept, kept_late, slipped,
    missed) and `when`, the state in words in the audience's time zone."""
    from execbrief.core.followup import due_horizon, due_status
    from execbrief.core.incident import load_zone, parse_due
    from execbrief.core.story.promise_state import promise_status, status_words
    from execbrief.store.database import database_url
    from execbrief.store.due_query import due_rows

    moment = parse_now(now)
    horizon = None if show_all else due_horizon(moment)
    rows = due_rows(database_url(db), horizon)  # the driver alone: quick from cron
    if rows is None:  # a new or older database: open the store, which migrates it
        rows = open_store_at(db).due(horizon)
    tracked: dict[tuple[str, int], TrackedCommitment] = {}
    if show_all and any(row.state == "kept" for row in rows):  # when kept: from the ledger
        store = open_store_at(db)
        for incident in sorted({row.incident for row in rows if row.state == "kept"}):
            tracked.update({(incident, c.number): c for c in store.commitments(incident)})
    items: list[dict[str, Any]] = []
    for row in rows:
        status = due_status(row.state, row.due_at, moment)
        if status is None:
            continue
        zone = load_zone(row.zone)
        due = parse_due(row.due, None)
        known = tracked.get((row.incident, row.number))
        done_at = known.done_at if known else None
        state = promise_status(
            kept=row.state == "kept",
            slipped=row.state == "slipped",
            due=due,
            done_at=done_at,
            zone=zone,
            now=moment,
        )
        items.append(
            {
                "incident": row.incident,
                "number": row.number,
                "what": row.what,
                "owner": row.owner,
                "due": row.due,
                "status": status,
                "state": state,
                "when": status_words(
                    state, due=due, done_at=done_at, reason=None, zone=zone, now=moment
                ),
            }
        )
    return items


def _only(number: int) -> Callable[[list[TrackedCommitment]], TrackedCommitment]:
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


def mark_kept(
    incident: str,
    number: int,
    at: str | None,
    note: str | None,
    db: str | Store | None,
    link: str | None = None,
    now: str | None = None,
    by: str | None = None,
) -> None:
    """Mark commitment `number` of `incident` kept, at `at` (else now), with a note and a
    link to the evidence. A time after now, or before the promise was made, is refused."""
    from execbrief.core.followup import CommitmentChangeError, keep

    current = parse_now(now)
    moment = current if at is None else _read_at(at)
    if moment > current:
        raise InputError.single(
            f"{_said(moment)} is after now ({_said(current)}): a promise is marked kept "
            "once it is done",
            field="--at",
            hint="leave --at out for now, or give the time it was done",
        )

    def change(commitments: list[TrackedCommitment], still_open: bool) -> list[TrackedCommitment]:
        _only(number)(commitments)
        try:
            return keep(commitments, number, moment, note, incident_open=still_open, link=link)
        except CommitmentChangeError as exc:
            raise InputError.single(str(exc), field=exc.field) from None

    open_store_at(db).change_commitments(incident, change, current, who=by or who())


def _said(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _read_at(value: str | None) -> datetime:
    try:
        return parse_now(value, "--at")
    except InputError as exc:
        raise InputError.single(
            exc.problems[0].message,
            field="--at",
            hint="a time with an offset, e.g. 2026-11-23T16:00:00Z",
        ) from None


def _read_to(value: str) -> date | datetime:
    from execbrief.core.incident import TimeValueError, parse_due

    try:
        return parse_due(value, None)
    except TimeValueError as exc:
        raise InputError.single(
            str(exc), field="--to", hint="a date (2026-12-02) or a time with an offset"
        ) from None


def move_commitment(
    incident: str,
    number: int,
    to: str,
    why: str,
    db: str | Store | None,
    *,
    earlier: bool = False,
    now: str | None = None,
    by: str | None = None,
) -> date | datetime:
    """Move commitment `number` of `incident` to `to`, keeping the old date and `why`;
    returns the new due date (or time). The new date must be ahead of now, and after the
    old one unless `earlier` says it comes forward on purpose."""
    from execbrief.core.followup import CommitmentChangeError, move
    from execbrief.core.incident import load_zone

    new_due = _read_to(to)
    if not why.strip():
        raise InputError.single("say why it moved", field="--why")
    moment = parse_now(now)
    store = open_store_at(db)
    zone = load_zone(store.zone(incident))

    def change(commitments: list[TrackedCommitment], _open: bool) -> list[TrackedCommitment]:
        target = _only(number)(commitments)
        try:
            moved = move(target, new_due, why.strip(), moment, zone=zone, earlier=earlier)
        except CommitmentChangeError as exc:
            raise InputError.single(str(exc), field=exc.field) from None
        return [moved if c.number == number else c for c in commitments]

    store.change_commitments(incident, change, moment, who=by or who())
    return new_due


def reopen_commitment(
    incident: str, number: int, why: str, db: str | None, now: str | None = None
) -> None:
    """Commitment `number` was marked kept but is not done after all: open it again."""
    from execbrief.core.followup import CommitmentChangeError
    from execbrief.core.followup.commitments import reopen

    if not why.strip():
        raise InputError.single("say why it is not done after all", field="--why")
    moment = parse_now(now)

    def change(commitments: list[TrackedCommitment], _open: bool) -> list[TrackedCommitment]:
        target = _only(number)(commitments)
        try:
            opened = reopen(target)
        except CommitmentChangeError as exc:
            raise InputError.single(str(exc), field=exc.field) from None
        return [opened if c.number == number else c for c in commitments]

    open_store_at(db).change_commitments(incident, change, moment, who=who(), reason=why.strip())


def version_changes(
    incident: str, old: int | None, new: int | None, db: str | Store | None
) -> Changes | None:
    """The facts that changed between two saved versions (default: the last two); None
    when only version 1 is saved and no version was asked for."""
    from execbrief.core.followup import changes

    store = open_store_at(db)
    latest = store.latest_version(incident)
    if latest == 1 and old is None and new is None:
        return None
    to_version = new if new is not None else latest
    from_version = old if old is not None else max(to_version - 1, 1)
    before = store.version(incident, from_version).facts
    after = store.version(incident, to_version).facts
    return Changes(from_version, to_version, changes(before, after))


def incident_list(db: str | None, now: str | None = None) -> list[dict[str, Any]]:
    """The saved incidents with their status, versions and next open commitment (its
    due date in ISO 8601, and `when`: its state in words in the audience's zone)."""
    from execbrief.core.incident import load_zone, parse_due
    from execbrief.core.story.promise_state import promise_status, status_words

    moment = parse_now(now)
    out = []
    for s in open_store_at(db).incidents():
        upcoming: dict[str, Any] | None = None
        if s.next is not None:
            zone = load_zone(s.next.zone)
            due = parse_due(s.next.due, None)
            slipped = s.next.state == "slipped"
            state = promise_status(
                kept=False, slipped=slipped, due=due, done_at=None, zone=zone, now=moment
            )
            upcoming = {
                "number": s.next.number,
                "what": s.next.what,
                "due": s.next.due,
                "state": state,
                "when": status_words(
                    state, due=due, done_at=None, reason=None, zone=zone, now=moment
                ),
            }
        out.append(
            {
                "incident": s.id,
                "title": s.title,
                "status": s.state,
                "versions": s.latest_version,
                "next": upcoming,
            }
        )
    return out
