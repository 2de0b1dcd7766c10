"""History's use cases: the incidents like this one (`execbrief similar`), and what they
say in the brief's "Will it happen again?"."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from execbrief.app.clock import parse_now
from execbrief.errors import InputError

if TYPE_CHECKING:
    from execbrief.core.followup.events import Event
    from execbrief.core.history import Match, PastIncident
    from execbrief.core.incident import Incident


def _fix_states(
    ledgers: dict[str, tuple[str, list[Event]]], now: datetime
) -> dict[str, str | None]:
    from execbrief.core.history.fixes import fix_state
    from execbrief.core.incident.times import load_zone

    return {key: fix_state(ledger, load_zone(zone), now) for key, (zone, ledger) in ledgers.items()}


def _minutes(value: Any) -> float | None:
    return None if value is None else float(value)


def match_document(m: Match, fix_kept: str | None) -> dict[str, Any]:
    """One line of `similar --format json` (SPEC section 9, with the facts shown)."""
    p = m.past
    return {
        "id": p.id,
        "title": p.title,
        "started": p.started.isoformat(),
        "cause_class": p.cause_class,
        "evidence": list(p.evidence),
        "score": m.score,
        "why": list(m.why),
        "fix_kept": fix_kept,
        "service": p.service,
        "severity": p.severity,
        "customer_impact_minutes": _minutes(p.impact_minutes),
        "users_affected": None
        if p.users_low is None
        else {"low": p.users_low, "high": p.users_high, "unit": p.users_unit},
    }


def similar_incidents(
    incident_id: str, db: str | None, now: str | None = None, limit: int = 10
) -> tuple[PastIncident, list[dict[str, Any]]]:
    """The saved incident and the past incidents most like it, with whether their fixes
    were kept (as of `now`)."""
    from execbrief.core.history import Match, ranked, similar
    from execbrief.store.database import database_url
    from execbrief.store.history_query import history_reader

    if limit < 1:
        raise InputError.single("--limit must be 1 or more", field="--limit", hint="e.g. 10")
    moment = parse_now(now)
    with history_reader(database_url(db)) as reader:
        if reader is not None:
            # Rank what `similar` compares of the past incidents that can come first, then
            # read the few shown whole.
            target = reader.past_incident(incident_id)
            top = ranked(target, reader.candidates(target, limit), limit=limit)
            pasts = {p.id: p for p in reader.past_incidents(ids=[t[0].id for t in top])}
            matches = [Match(pasts[t.id], score, why, same) for t, score, why, same in top]
            ledgers = reader.ledgers([m.past.id for m in matches])
    if reader is None:
        from execbrief.store import open_store

        store = open_store(db)
        try:
            target = store.past_incident(incident_id)
            matches = similar(target, store.past_incidents(until=target.started), limit=limit)
            ledgers = store.ledgers([m.past.id for m in matches])
        finally:
            store.close()
    states = _fix_states(ledgers, moment)
    return target, [match_document(m, states.get(m.past.id)) for m in matches]


def evidence_for(incident: Incident, db: str | None, now: datetime) -> str | None:
    """What the store's history says of this failure recurring (None without a store):
    the count in the year before, the last one's date and whether its fix was kept."""
    if db is None and not os.environ.get("EXECBRIEF_DATABASE_URL"):
        return None
    from execbrief.core.followup import incident_key
    from execbrief.core.history import past_incident, recurrence_evidence, same_failures, similar
    from execbrief.core.history.evidence import WINDOW
    from execbrief.core.impact import assess
    from execbrief.store import open_store

    target = past_incident(incident_key(incident), incident, assess(incident, now))
    store = open_store(db)
    try:
        pasts = store.past_incidents(since=target.started - WINDOW, until=target.started)
        recent = same_failures(target, similar(target, pasts, limit=len(pasts) or 1))
        last = [max(recent, key=lambda m: m.past.started).past.id] if recent else []
        ledgers = store.ledgers(last)
    finally:
        store.close()
    return recurrence_evidence(target, recent, _fix_states(ledgers, now), incident.zone)


REPORT_FILES = ("report.md", "report.pdf", "report.pptx", "severity.png", "trend.png")


def _day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError.single(
            f"'{value}' is not a date", field=option, hint="write it as YYYY-MM-DD, e.g. 2026-10-01"
        ) from None


def period_report(start: str, end: str, db: str | None, now: str | None = None) -> dict[str, Any]:
    """The figures of the incidents begun from `start` to `end` (days, inclusive, UTC) and
    of the promises made after them, as of `now`; each names its incidents."""
    from execbrief.core.history.fixes import outcomes
    from execbrief.core.history.period import Period, period_figures
    from execbrief.core.incident.times import load_zone
    from execbrief.store.database import database_url
    from execbrief.store.history_query import history_reader

    first, last = _day(start, "--from"), _day(end, "--to")
    if last < first:
        raise InputError.single(
            f"--to {end} is before --from {start}", field="--to", hint="give the later day"
        )
    moment = parse_now(now)
    since = datetime.combine(first, time(0), UTC)
    until = datetime.combine(last + timedelta(days=1), time(0), UTC)
    with history_reader(database_url(db)) as reader:
        if reader is not None:
            found = reader.past_incidents(since=since, until=until)
            ledgers = reader.ledgers([p.id for p in found])
    if reader is None:
        from execbrief.store import open_store

        store = open_store(db)
        try:
            found = store.past_incidents(since=since, until=until)
            ledgers = store.ledgers([p.id for p in found])
        finally:
            store.close()
    promises = [
        o
        for key, (zone, ledger) in ledgers.items()
        for o in outcomes(key, ledger, load_zone(zone), moment)
    ]
    return period_figures(Period(first, last), found, promises)


def write_report(figures: dict[str, Any], out: Path, *, force: bool = False) -> list[Path]:
    """report.md, report.pdf, report.pptx and the charts in `out`, each written whole;
    a file there that execbrief did not write is kept unless `force`."""
    from execbrief.app.files import record_written, refuse_others, write_atomic_bytes
    from execbrief.render import period_report
    from execbrief.render.report_helper import pdf_helper

    targets = [out / name for name in REPORT_FILES]
    refuse_others(targets, force=force)
    with pdf_helper() as helper:  # imports WeasyPrint while the charts are drawn here
        pictures = period_report.charts(figures)
        if helper is not None:
            helper.send(figures, pictures)
        contents: dict[str, bytes] = {
            "report.md": period_report.markdown(
                figures, {name: f"{name}.png" for name in pictures}
            ).encode("utf-8"),
            "report.pptx": period_report.deck(figures, pictures),
            **{f"{name}.png": data for name, data in pictures.items()},
        }
        printed = helper.collect() if helper is not None else None
    # When the helper failed, print here: any error surfaces as it would have.
    contents["report.pdf"] = printed or period_report.pdf(figures, pictures)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for path in targets:
            write_atomic_bytes(path, contents[path.name])
    except OSError as exc:
        raise InputError.single(
            f"cannot write the report: {exc.strerror}", file=str(out), field="--out"
        ) from None
    record_written(targets)
    return targets


def report_text(figures: dict[str, Any]) -> str:
    """The report's figures in words, for the terminal."""
    from execbrief.render.period_report import key_figures

    head = f"Incidents from {figures['from']} to {figures['to']}\n"
    return head + "".join(f"  {label}: {value}\n" for label, value in key_figures(figures))


def report_document(figures: dict[str, Any]) -> Any:
    """The figures as `report --format json` prints them (numbers, not Decimals)."""
    from execbrief.render.json_document import plain

    return plain(figures)


def import_history(source: str, file: Path, db: str | None, now: str | None = None) -> int:
    """Save every past incident in `file` (source `csv` or `pagerduty`) to the store with
    its history row; none is saved when any is wrong (each problem named by line or
    place and field). Promises are not invented for past incidents: none is recorded.
    Returns how many were saved anew."""
    import hashlib
    import json

    from execbrief.app.briefing import brief_for
    from execbrief.core.followup import incident_key
    from execbrief.core.history import past_incident
    from execbrief.core.incident import IncidentInvalid, read_incident
    from execbrief.core.story import document
    from execbrief.errors import InputProblem, Place
    from execbrief.render.json_document import plain
    from execbrief.sources.history_file import csv_incidents, pagerduty_incidents
    from execbrief.store import open_store

    moment = parse_now(now)
    rows: list[tuple[int | str, dict[str, Any]]] = []
    if source == "csv":
        rows = list(csv_incidents(file))
    elif source == "pagerduty":
        rows = list(pagerduty_incidents(file))
    else:
        raise InputError.single(
            f"unknown source '{source}'", field="SOURCE", hint="csv or pagerduty"
        )
    problems: list[InputProblem] = []
    incidents = []
    for where, facts in rows:
        line = where if isinstance(where, int) else None
        prefix = "" if line is not None else f"{where}: "
        try:
            incident = read_incident(facts)
        except IncidentInvalid as exc:
            problems += [
                InputProblem(Place(str(file), line, p.field), prefix + p.message, p.hint)
                for p in exc.problems
            ]
            continue
        if incident.timeline.started > moment:
            problems.append(
                InputProblem(
                    Place(str(file), line, "started"),
                    prefix + "began after --now: history holds past incidents only",
                )
            )
            continue
        incidents.append((incident, facts))
    if problems:
        raise InputError(problems)
    store = open_store(db)
    saved = 0
    try:
        for incident, _facts in incidents:
            key = incident_key(incident)
            brief = brief_for(incident, moment)
            digest = hashlib.sha256(
                json.dumps(incident.model_dump(mode="json"), sort_keys=True).encode()
            ).hexdigest()
            result = store.save(
                key,
                title=incident.title,
                state="resolved" if incident.timeline.mitigated else "ongoing",
                zone=incident.zone.key,
                facts=incident.model_dump(mode="json"),
                document=plain(document(brief)),
                digest=digest,
                plan=lambda stored: stored,  # past promises are not invented
                saved_at=moment,
                past=past_incident(key, incident, brief.assessment),
            )
            saved += result.created
    finally:
        store.close()
    return saved
