"""Follow-through on a brief (SPEC section 6): save briefs, track the commitments made in
them, draft the "keep me informed" update, compare saved versions.

Each use case opens the store (a file path or a postgresql:// URL, else
$EXECBRIEF_DATABASE_URL, else a file in the user's data folder), asks the core what to do,
and returns what it found or made. SQLAlchemy, Alembic and icalendar are imported inside
the functions, so that `execbrief --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from execbrief.app.clock import parse_now
from execbrief.app.delivery import Channel
from execbrief.errors import InputError

if TYPE_CHECKING:
    from execbrief.core.followup import Difference, TrackedCommitment, Update
    from execbrief.core.followup.changes import Change
    from execbrief.core.incident import Incident
    from execbrief.store.repository import SaveResult, Store


class UpdateFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


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


def _store(db: str | None) -> Store:
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


def _refuse(file: Path, incident: Incident, found: list[Difference]) -> InputError:
    """Each difference that needs a reason, at its place in the file."""
    from execbrief.errors import InputProblem, Place

    lines = _file_lines(file)
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
                Place(str(file), line, dotted),
                f"the file and the ledger differ: {d.text()}",
                (f"to agree with the ledger, write {d.agree}; " if d.agree else "")
                + "or save with --reason TEXT to record the file's word in the ledger",
            )
        )
    return InputError(problems)


def save_incident(file: Path, now: str | None, db: str | None, reason: str | None = None) -> Saved:
    """Store the incident in `file` and a new version of its brief at `now`, unless its
    facts are the same as the latest version's. The commitments it makes are checked
    against the ledger: a difference that needs a reason is refused (InputError naming
    each) unless `reason` is given, and then recorded as events with it."""
    import hashlib
    import json

    from execbrief.app.briefing import brief_for
    from execbrief.core.followup import differences, incident_key, reconcile, wanted
    from execbrief.core.history import past_incident
    from execbrief.core.story import document
    from execbrief.render.json_document import plain
    from execbrief.sources.incident_file import load_incident

    if reason is not None and not reason.strip():
        raise InputError.single("say why the ledger should take the file's word", field="--reason")
    incident = load_incident(file)
    moment = parse_now(now)
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
            raise _refuse(file, incident, blocking)
        return reconcile(stored, promised, reason.strip() if reason else None)

    brief = brief_for(incident, moment)
    key = incident_key(incident)
    result = _store(db).save(
        key,
        title=incident.title,
        state=_state(incident),
        zone=incident.zone.key,
        facts=facts,
        document=plain(document(brief)),
        digest=digest,
        plan=plan,
        saved_at=moment,
        who=who(),
        reason=reason.strip() if reason else None,
        past=past_incident(key, incident, brief.assessment),
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
        rows = _store(db).due(horizon)
    tracked: dict[tuple[str, int], TrackedCommitment] = {}
    if show_all and any(row.state == "kept" for row in rows):  # when kept: from the ledger
        store = _store(db)
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
    db: str | None,
    link: str | None = None,
    now: str | None = None,
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

    _store(db).change_commitments(incident, change, current, who=who())


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
    db: str | None,
    *,
    earlier: bool = False,
    now: str | None = None,
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
    store = _store(db)
    zone = load_zone(store.zone(incident))

    def change(commitments: list[TrackedCommitment], _open: bool) -> list[TrackedCommitment]:
        target = _only(number)(commitments)
        try:
            moved = move(target, new_due, why.strip(), moment, zone=zone, earlier=earlier)
        except CommitmentChangeError as exc:
            raise InputError.single(str(exc), field=exc.field) from None
        return [moved if c.number == number else c for c in commitments]

    store.change_commitments(incident, change, moment, who=who())
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

    _store(db).change_commitments(incident, change, moment, who=who(), reason=why.strip())


def _stored_update(incident: str, now: str | None, db: str | None) -> tuple[Update, Incident]:
    from execbrief.core.followup import changes, compose_update
    from execbrief.core.incident import read_incident

    moment = parse_now(now)
    store = _store(db)
    latest = store.latest_version(incident)
    current = store.version(incident, latest)
    previous = store.version(incident, latest - 1).facts if latest > 1 else None
    facts = read_incident(current.facts)
    draft = compose_update(
        incident,
        facts,
        latest,
        changes(previous, current.facts),
        store.commitments(incident),
        moment,
    )
    return draft, facts


def draft_update(
    incident: str, fmt: UpdateFormat, now: str | None, db: str | None
) -> tuple[str, list[str]]:
    """The "keep me informed" update for `incident` at `now`, rendered in `fmt`, and the
    language checker's notes on its own sentences (ours to fix before the CEO sees it)."""
    from execbrief.render import update as render_update

    draft, facts = _stored_update(incident, now, db)
    notes = _language_notes(draft, facts)
    show = {
        UpdateFormat.text: render_update.text,
        UpdateFormat.md: render_update.markdown,
        UpdateFormat.json: render_update.as_json,
    }[fmt]
    return show(draft), notes


def send_update(
    incident: str,
    now: str | None,
    db: str | None,
    channel: Channel,
    *,
    to: Sequence[str] = (),
    webhook: str | None = None,
) -> tuple[str, list[str]]:
    """Deliver the update by e-mail or Slack; returns where it went and the language
    notes. A server that fails is an OutsideSystemError (exit 3)."""
    from execbrief.app.delivery import Outgoing, deliver
    from execbrief.render import update as render_update

    draft, facts = _stored_update(incident, now, db)
    message = Outgoing(draft.title, render_update.text(draft), render_update.slack(draft))
    where = deliver(message, channel, to=to, webhook=webhook)
    return where, _language_notes(draft, facts)


def _addresses(owner: str | None, to: Sequence[str]) -> list[str]:
    """The addresses for `owner`: 'OWNER=address' entries for them, else the plain ones."""
    mine = [
        t.split("=", 1)[1]
        for t in to
        if "=" in t and owner and t.split("=", 1)[0].strip().lower() == owner.strip().lower()
    ]
    return mine or [t for t in to if "=" not in t]


def remind(
    now: str | None,
    within: str,
    db: str | None,
    channel: Channel | None,
    *,
    to: Sequence[str] = (),
    webhook: str | None = None,
) -> list[dict[str, Any]]:
    """Tell each owner of the promises due within `within` or missed that they have not
    been told of in that state; one message per owner. Each message sent is recorded in
    the ledger ("reminded"), so a second run sends nothing twice. With no `channel`, only
    list what would be sent (nothing is recorded)."""
    from execbrief.app.delivery import Outgoing, check_addresses, deliver
    from execbrief.core.followup.remind import Reminder, reminder_subject, reminders_due
    from execbrief.core.incident import load_zone
    from execbrief.render.update import slack_blocks

    moment = parse_now(now)
    window = _window(within)
    store = _store(db)
    owed: list[Reminder] = []
    for incident, zone in store.incident_ids():
        title = str(store.version(incident, store.latest_version(incident)).facts.get("title"))
        owed += reminders_due(
            incident, title, store.commitments(incident), load_zone(zone), moment, window
        )
    by_owner: dict[str | None, list[Reminder]] = {}
    for r in owed:
        by_owner.setdefault(r.owner, []).append(r)
    if channel is Channel.email:  # every owner needs an address before anything is sent
        for owner in by_owner:
            if not _addresses(owner, to):
                raise InputError.single(
                    f"no address for {owner or 'the promises with no owner'}",
                    field="--to",
                    hint="--to 'OWNER=address' for each owner, or a plain --to address "
                    "for everyone without one",
                )
            check_addresses([a for a in _addresses(owner, to)])
    sent: list[dict[str, Any]] = []
    for owner, items in by_owner.items():
        subject = reminder_subject(owner, items)
        lines = [r.line for r in items]
        message = Outgoing(
            subject,
            subject + "\n\n" + "".join(f"- {line}\n" for line in lines),
            slack_blocks(subject, [("What to do", lines)]),
        )
        where = "not sent (no --send)"
        if channel is not None:
            where = deliver(message, channel, to=_addresses(owner, to), webhook=webhook)
            for incident in dict.fromkeys(r.incident for r in items):
                store.record_events(
                    incident, [r.event(moment, who()) for r in items if r.incident == incident]
                )
        sent.append(
            {
                "owner": owner,
                "sent_to": where,
                "subject": subject,
                "reminders": [
                    {
                        "incident": r.incident,
                        "number": r.number,
                        "what": r.what,
                        "state": r.state,
                        "due": r.due,
                        "text": r.line,
                    }
                    for r in items
                ],
            }
        )
    return sent


def _window(text: str) -> timedelta:
    """--within: '24h', '90m', '2d'."""
    import re

    found = re.fullmatch(r"\s*(\d{1,4})\s*([mhd])\s*", text)
    if not found:
        raise InputError.single(
            f"'{text}' is not a window", field="--within", hint="e.g. 24h, 90m or 2d"
        )
    unit = {"m": "minutes", "h": "hours", "d": "days"}[found.group(2)]
    return timedelta(**{unit: int(found.group(1))})


def _language_notes(draft: Update, facts: Incident) -> list[str]:
    """The executive-language checker over the draft's sentences. Words quoted from the
    incident file are reported under their own fields by `execbrief check`, not here."""
    from execbrief.core.story.incident_text import check_generated
    from execbrief.sources.glossary_file import load_lexicon

    texts = [
        (f"update.{title}[{n}]", item)
        for title, items in draft.lines()
        for n, item in enumerate(items)
    ]
    return [
        f"{finding.field}: {finding.message} ('{finding.text}')"
        + (f"; say instead: {finding.suggestion}" if finding.suggestion else "")
        for finding in check_generated(texts, facts, load_lexicon())
    ]


def write_calendar(incident: str, out: Path, db: str | None, *, force: bool = False) -> int:
    """Write the incident's commitments as calendar events with reminders (.ics) to
    `out`; returns how many are open. InputError when `out` is a file execbrief may not
    replace (app/files.py), unless `force`."""
    from execbrief.app.files import record_written, refuse_others, write_atomic
    from execbrief.render.calendar import calendar as ics

    refuse_others([out], force=force)
    store = _store(db)
    facts = store.version(incident, store.latest_version(incident)).facts
    commitments = store.commitments(incident)
    data = ics(incident, str(facts.get("title", incident)), commitments, datetime.now(UTC))
    try:
        write_atomic(out, data.decode("utf-8"))
        record_written([out])
    except OSError as exc:
        raise InputError.single(f"cannot write: {exc.strerror}", file=str(out)) from None
    return sum(1 for c in commitments if c.pending)


def version_changes(
    incident: str, old: int | None, new: int | None, db: str | None
) -> Changes | None:
    """The facts that changed between two saved versions (default: the last two); None
    when only version 1 is saved and no version was asked for."""
    from execbrief.core.followup import changes

    store = _store(db)
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
    for s in _store(db).incidents():
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
