"""The web workspace's use cases (execbrief serve): the live preview, saving a version
with the conflict check, the incident list, versions and their comparison, downloads,
the ledger and the next update. The routes in execbrief.web call these; a command could
too.

The preview is what the editor asks for as the user types, so it renders no PDF and no
chart: the brief, the handout's HTML and the findings at their place in the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from execbrief.app.clock import parse_now
from execbrief.errors import InputError

if TYPE_CHECKING:
    from execbrief.core.incident import Incident
    from execbrief.store.repository import Store
    from execbrief.store.workspace import Workspace

SOURCE_NAME = "incident"  # the text's name in error messages (it has no file)


class NotFound(Exception):
    """No such incident, version or share link."""


@dataclass
class Conflict(Exception):
    """A save on an old version: what the latest version says differently, fact by fact."""

    incident_id: str
    based_on: int
    latest: int
    differences: list[dict[str, Any]]  # latest saved -> the text sent, fact by fact
    changed_since: list[dict[str, Any]]  # the version it was based on -> the latest


def _read(
    text: str, moment: datetime | None, spans: dict[str, tuple[int, int]] | None = None
) -> Incident:
    from execbrief.sources.incident_file import incident_from_text

    if not text.strip():
        raise InputError.single(
            "the incident is empty", hint="start from `execbrief init`'s template"
        )
    return incident_from_text(text, SOURCE_NAME, now=moment, spans=spans)


def body_limit() -> int:
    """The most bytes a request's incident text may have: an incident file's limit."""
    from execbrief.sources.text_file import MAX_BYTES

    return MAX_BYTES


def handout_stylesheet() -> str:
    """The handout's CSS, for pages that show it (the preview, the CEO's page): served as
    a file, since the pages allow no inline style."""
    from execbrief.render.html import stylesheet

    return stylesheet()


def where_stored(db: str | None) -> str:
    """The database `db` names, in words, its password hidden."""
    from execbrief.store.database import database_url, shown_url

    return shown_url(database_url(db))


def decode_body(raw: bytes) -> str:
    """A request's body as text: at most the size an incident file may have, UTF-8."""
    from execbrief.sources.text_file import MAX_BYTES, decode

    if len(raw) > MAX_BYTES:
        raise InputError.single(
            f"the incident is larger than {MAX_BYTES // 1_000_000} MB",
            hint="an incident file is a few kilobytes; check what was pasted",
        )
    return decode(raw, SOURCE_NAME)


def _placed(
    text: str, spans: dict[str, tuple[int, int]], findings: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each finding with `position`: offsets, line and column in `text` (None for a
    sentence of the brief's own, which is not in the text)."""
    from execbrief.sources.text_spans import locate

    out = []
    for f in findings:
        where = locate(text, spans, f)
        out.append({**f, "position": None if where is None else where._asdict()})
    return out


def preview(text: str, now: str | None = None) -> dict[str, Any]:
    """The brief for `text` without saving: the handout's HTML (no chart), the language
    findings placed in the text, what needs the CEO now, and whether it is ready."""
    from execbrief.app.briefing import brief_for
    from execbrief.render.figures import needs_you_now
    from execbrief.render.html import body

    moment = parse_now(now)
    spans: dict[str, tuple[int, int]] = {}
    incident = _read(text, moment, spans)  # one parse: the facts and where each one is
    brief = brief_for(incident, moment)
    readiness = brief.readiness
    return {
        "handout_html": body(brief),
        "findings": _placed(text, spans, readiness.findings),
        "needs_you_now": needs_you_now(brief),
        "ready": readiness.verdict == "ready",
        "verdict": readiness.verdict,
        "reasons": readiness.reasons,
        "missing": readiness.missing,
    }


def _lines(text: str) -> dict[tuple[str | int, ...], int]:
    from execbrief.sources.incident_file import parse_json, parse_yaml, unwrap_draft

    try:
        parse = parse_json if text.lstrip().startswith(("{", "[")) else parse_yaml
        data, lines = parse(text, SOURCE_NAME)
        return unwrap_draft(data, lines)[1]
    except InputError:
        return {}


def _fact_changes(old: dict[str, Any] | None, new: dict[str, Any]) -> list[dict[str, Any]]:
    from execbrief.core.followup import changes

    return [
        {"field": c.field, "label": c.label, "kind": c.kind, "old": c.old, "new": c.new}
        for c in changes(old, new)
    ]


def save(
    store: Store,
    incident_id: str,
    text: str,
    by: str,
    expected_version: int | None,
    reason: str | None = None,
) -> dict[str, Any]:
    """Save `text` as the next version of `incident_id`, by `by`. `expected_version` is the
    version the editor started from (If-Match); None for a new incident. Conflict when the
    latest version is another (or the incident exists and none was given): nothing is
    written, and the differences say what the other save changed."""
    from execbrief.app.followup import save_parsed
    from execbrief.core.followup import incident_key
    from execbrief.store.brief_versions import VersionMoved

    if reason is not None and not reason.strip():
        raise InputError.single("say why the ledger should take the text's word", field="reason")
    moment = parse_now(None)
    incident = _read(text, moment)
    key = incident_key(incident)
    if key != incident_id:
        raise InputError.single(
            f"the text is incident '{key}', not '{incident_id}'",
            field="id",
            line=_lines(text).get(("id",)),
            hint=f"save it as '{key}', or set id: {incident_id} in the text",
        )
    try:
        saved = save_parsed(
            store,
            incident,
            moment,
            by,
            reason,
            name=SOURCE_NAME,
            lines=lambda: _lines(text),
            how="with a reason",
            expected_version=0 if expected_version is None else expected_version,
            source=text,
        )
    except VersionMoved as moved:
        if moved.latest == 0:
            raise NotFound(
                f"no saved incident '{incident_id}' (If-Match names a version of one)"
            ) from None
        latest = store.version(incident_id, moved.latest).facts
        base = None
        if 1 <= moved.expected < moved.latest:
            base = store.version(incident_id, moved.expected).facts
        raise Conflict(
            incident_id,
            moved.expected,
            moved.latest,
            _fact_changes(latest, incident.model_dump(mode="json")),
            _fact_changes(base, latest) if base is not None else [],
        ) from None
    return {
        "id": saved.result.incident_id,
        "version": saved.result.version,
        "created": saved.result.created,
        "ledger": [d.text() for d in saved.differences],
    }


def incident_list(workspace: Workspace) -> list[dict[str, Any]]:
    return [
        {
            "id": i.id,
            "title": i.title,
            "severity": i.severity,
            "state": i.state,
            "updated_at": i.updated_at.isoformat(),
            "version": i.version,
        }
        for i in workspace.listed()
    ]


def _require(store: Store, incident_id: str) -> int:
    if not store.has_incident(incident_id):
        raise NotFound(f"no saved incident '{incident_id}'")
    return store.latest_version(incident_id)


def _without_empty(value: Any) -> Any:
    """Facts as a person writes them: no empty fields."""
    if isinstance(value, dict):
        kept = {k: _without_empty(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_without_empty(v) for v in value]
    return value


def facts_text(facts: dict[str, Any]) -> str:
    """A version saved from a file (no text kept) as YAML the editor can open."""
    import yaml

    return str(yaml.safe_dump(_without_empty(facts), sort_keys=False, allow_unicode=True, width=88))


def _version(store: Store, incident_id: str, number: int) -> dict[str, Any]:
    latest = _require(store, incident_id)
    if not 1 <= number <= latest:
        raise NotFound(f"incident '{incident_id}' has versions 1 to {latest}, not {number}")
    v = store.version(incident_id, number)
    return {
        "id": incident_id,
        "version": v.number,
        "latest_version": latest,
        "saved_at": v.saved_at.isoformat(),
        "saved_by": v.saved_by,
        "title": v.facts.get("title"),
        "text": v.source if v.source is not None else facts_text(v.facts),
    }


def latest_text(store: Store, incident_id: str) -> dict[str, Any]:
    """The latest version's text (as the editor saved it; else its facts as YAML)."""
    return _version(store, incident_id, _require(store, incident_id))


def version_text(store: Store, incident_id: str, number: int) -> dict[str, Any]:
    return _version(store, incident_id, number)


def versions(store: Store, incident_id: str) -> list[dict[str, Any]]:
    _require(store, incident_id)
    return [
        {"version": v.number, "saved_at": v.saved_at.isoformat(), "saved_by": v.saved_by}
        for v in store.versions(incident_id)
    ]


def compare(store: Store, incident_id: str, old: int, new: int) -> dict[str, Any]:
    """The facts that changed from version `old` to `new`, each also in a CEO's words."""
    from execbrief.core.followup import changes
    from execbrief.core.followup.update import change_line
    from execbrief.core.incident import load_zone

    latest = _require(store, incident_id)
    for n in (old, new):
        if not 1 <= n <= latest:
            raise NotFound(f"incident '{incident_id}' has versions 1 to {latest}, not {n}")
    zone = load_zone(store.zone(incident_id))
    found = changes(store.version(incident_id, old).facts, store.version(incident_id, new).facts)
    return {
        "id": incident_id,
        "from": old,
        "to": new,
        "changes": [
            {
                "field": c.field,
                "label": c.label,
                "kind": c.kind,
                "old": c.old,
                "new": c.new,
                "text": change_line(c, zone),
            }
            for c in found
        ],
    }


def stored_brief(store: Store, incident_id: str, now: datetime) -> Any:
    """The brief of the latest version at `now`, its commitments as the ledger has them."""
    from execbrief.app.briefing import brief_for
    from execbrief.core.followup.ledger import as_planned
    from execbrief.core.incident import read_incident

    latest = _require(store, incident_id)
    incident = read_incident(store.version(incident_id, latest).facts)
    moment = max(now, incident.timeline.started)
    return brief_for(incident, moment, ledger=as_planned(store.commitments(incident_id)))


DOWNLOADS = {
    # name: (format, media type, file name)
    "md": ("md", "text/markdown; charset=utf-8", "brief.md"),
    "pdf": ("pdf", "application/pdf", "brief.pdf"),
    "pptx": (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "brief.pptx",
    ),
    "presenter": ("presenter", "text/markdown; charset=utf-8", "presenter.md"),
}


def download(store: Store, incident_id: str, name: str) -> tuple[bytes, str, str]:
    """One file of the latest version's brief: (content, media type, file name)."""
    from execbrief.render import render

    if name not in DOWNLOADS:
        raise NotFound(f"no download '{name}'; there are {', '.join(DOWNLOADS)}")
    fmt, media, filename = DOWNLOADS[name]
    brief = stored_brief(store, incident_id, parse_now(None))
    content = render(fmt, brief)
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    return data, media, f"{incident_id}-{filename}"


def ledger(store: Store, incident_id: str, now: str | None = None) -> list[dict[str, Any]]:
    """The incident's commitments as the ledger has them, each with its state in words."""
    from execbrief.core.followup.update import status_of, words_of
    from execbrief.core.incident import load_zone

    _require(store, incident_id)
    moment = parse_now(now)
    zone = load_zone(store.zone(incident_id))
    return [
        {
            "number": c.number,
            "what": c.what,
            "owner": c.owner,
            "due": c.current_due.isoformat(),
            "state": c.state,
            "status": status_of(c, zone, moment),
            "when": words_of(c, zone, moment),
            "done_at": None if c.done_at is None else c.done_at.isoformat(),
        }
        for c in store.commitments(incident_id)
    ]


def mark_done(
    store: Store, incident_id: str, number: int, by: str, note: str | None, link: str | None
) -> list[dict[str, Any]]:
    from execbrief.app.followup import mark_kept

    _require(store, incident_id)
    mark_kept(incident_id, number, None, note, store, link=link, by=by)
    return ledger(store, incident_id)


def slip(
    store: Store, incident_id: str, number: int, by: str, to: str, why: str
) -> list[dict[str, Any]]:
    from execbrief.app.followup import move_commitment

    _require(store, incident_id)
    move_commitment(incident_id, number, to, why, store, by=by)
    return ledger(store, incident_id)


def next_update(store: Store, incident_id: str) -> dict[str, Any]:
    """The "keep me informed" update drafted from the latest version and the ledger, as
    Markdown and as its parts, with the language notes on our own sentences."""
    import json

    from execbrief.app.updates import UpdateFormat, draft_update

    _require(store, incident_id)
    markdown, notes = draft_update(incident_id, UpdateFormat.md, None, store)
    parts, _ = draft_update(incident_id, UpdateFormat.json, None, store)
    return {"markdown": markdown, "update": json.loads(parts), "notes": notes}
