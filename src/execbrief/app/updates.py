"""The "keep me informed" update and the reminders (SPEC section 6): drafted from the
store's latest version and ledger, checked by the language checker, sent by e-mail or
Slack; and the commitments as a calendar file. Heavy modules are imported inside the
functions, so that `execbrief --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from execbrief.app.clock import parse_now
from execbrief.app.delivery import Channel
from execbrief.app.followup import open_store_at, who
from execbrief.errors import InputError

if TYPE_CHECKING:
    from execbrief.core.followup import Update
    from execbrief.core.incident import Incident
    from execbrief.store.repository import Store


class UpdateFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


def _stored_update(
    incident: str, now: str | None, db: str | Store | None
) -> tuple[Update, Incident]:
    from execbrief.core.followup import changes, compose_update
    from execbrief.core.incident import read_incident

    moment = parse_now(now)
    store = open_store_at(db)
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
    incident: str, fmt: UpdateFormat, now: str | None, db: str | Store | None
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
    db: str | Store | None,
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
    store = open_store_at(db)
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
    store = open_store_at(db)
    facts = store.version(incident, store.latest_version(incident)).facts
    commitments = store.commitments(incident)
    data = ics(incident, str(facts.get("title", incident)), commitments, datetime.now(UTC))
    try:
        write_atomic(out, data.decode("utf-8"))
        record_written([out])
    except OSError as exc:
        raise InputError.single(f"cannot write: {exc.strerror}", file=str(out)) from None
    return sum(1 for c in commitments if c.pending)
