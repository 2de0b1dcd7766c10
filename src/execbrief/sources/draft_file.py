"""Writing an imported draft as an incident file, and reading one back for --merge.

How provenance travels, since the incident model refuses unknown keys:

- YAML (the default): each imported value carries a trailing `# from SOURCE` comment. The
  file is a plain incident file; `execbrief brief` reads it as it is. When reading a draft
  back (--merge), a value with a `# from` comment counts as imported; any other value was
  written by hand and always wins. So: when you correct an imported value, delete its
  `# from` comment.
- JSON: an envelope `{"execbrief_draft": 1, "incident": {...}, "provenance": {field:
  source}, "still_needed": ..., "unknown": ..., "notes": [...], "conflicts": [...]}`. The
  incident file loader accepts this envelope and reads its `incident`; `provenance` plays
  the part of the comments.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from execbrief.core.incident import (
    IMPORTABLE,
    Draft,
    DraftEvent,
    Fact,
    Incident,
    IncidentInvalid,
    Timeline,
    TimeValueError,
    audience_zone,
    dotted,
    parse_moment,
    read_incident,
)
from execbrief.errors import InputError
from execbrief.sources.incident_file import MAX_BYTES, decode, parse_json, parse_yaml
from execbrief.sources.text_file import read_capped
from execbrief.sources.yaml_comments import Kept, hand_comments

ENVELOPE_KEY = "execbrief_draft"
_FROM = re.compile(r"\s# from (.+)$")
_SURROGATE = re.compile("[\ud800-\udfff]")

PathKey = tuple[str | int, ...]


def _key(name: str) -> PathKey:
    return tuple(name.split("."))


def _text_time(value: Any) -> Any:
    if isinstance(value, datetime):
        written = value.isoformat()
        return written[: -len("+00:00")] + "Z" if written.endswith("+00:00") else written
    return value


@dataclass
class Composed:
    """The incident data of a draft, ready to write, and what to tell the engineer."""

    data: dict[str, Any]
    provenance: dict[PathKey, str]
    still_needed: dict[str, str]
    unknown: dict[str, str]
    notes: list[str]
    conflicts: list[str]
    problems: list[str] = field(default_factory=list)
    kept: dict[PathKey, Kept] = field(default_factory=dict)  # the engineer's own comments


def _set(data: dict[str, Any], path: PathKey, value: Any) -> None:
    node = data
    for part in path[:-1]:
        child = node.get(part)  # type: ignore[arg-type]
        if not isinstance(child, dict):
            child = {}
            node[part] = child  # type: ignore[index]
        node = child
    node[path[-1]] = value  # type: ignore[index]


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    order = list(Incident.model_fields)
    out = {k: data[k] for k in order if k in data}
    out.update({k: v for k, v in data.items() if k not in out})
    timeline = out.get("timeline")
    if isinstance(timeline, dict):
        inner = [k for k in Timeline.model_fields if k in timeline]
        out["timeline"] = {k: timeline[k] for k in inner} | {
            k: v for k, v in timeline.items() if k not in inner
        }
    return out


def compose(
    draft: Draft,
    base: dict[str, Any] | None = None,
    kept: dict[PathKey, Kept] | None = None,
) -> Composed:
    data: dict[str, Any] = copy.deepcopy(base) if base else {"execbrief": 1}
    provenance: dict[PathKey, str] = {}
    for name in IMPORTABLE:
        fact = draft.facts.get(name)
        if fact is None:
            continue
        _set(data, _key(name), _text_time(fact.value))
        if not fact.by_hand:
            provenance[_key(name)] = fact.source
    if draft.events or isinstance(data.get("timeline"), dict):
        events = []
        for i, event in enumerate(draft.events):
            events.append({"at": _text_time(event.at), "what": event.what})
            if not event.by_hand:
                provenance[("timeline", "events", i)] = event.source
        if events or "timeline" in data:
            _set(data, ("timeline", "events"), events)
    data = _ordered(data)
    present = {name for name in draft.facts} | {
        name for name in ("title", "timeline.started") if _get(data, _key(name)) is not None
    }
    still = {k: v for k, v in draft.missing_required().items() if k not in present}
    composed = Composed(
        data,
        provenance,
        still,
        {k: v for k, v in draft.unknown.items() if _get(data, _key(k)) is None and k not in still},
        list(draft.notes),
        [c.sentence() for c in draft.conflicts],
        kept=dict(kept or {}),
    )
    if not still:
        try:
            read_incident(data)
        except IncidentInvalid as exc:
            composed.problems = [f"{p.field}: {p.message}" for p in exc.problems]
    return composed


def _get(data: Any, path: PathKey) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _scalar(value: Any) -> str:
    out = yaml.safe_dump(value, default_flow_style=True, width=10**9, allow_unicode=True)
    out = out.rstrip("\n")
    return out[: -len("\n...")] if out.endswith("\n...") else out


def _emit(
    node: dict[str, Any],
    path: PathKey,
    indent: int,
    out: list[str],
    notes: dict[PathKey, str],
    kept: dict[PathKey, Kept],
) -> None:
    pad = " " * indent
    for key, value in node.items():
        here = (*path, key)
        tail = f"  # from {_one_line(notes[here])}" if here in notes else ""
        mine = kept.pop(here, None)
        if mine is not None:
            out.extend(f"{pad}{comment}" for comment in mine.above)
            if mine.after is not None:
                tail = f"{tail}  {mine.after}"
        if isinstance(value, dict) and value:
            out.append(f"{pad}{_scalar(key)}:{tail}")
            _emit(value, here, indent + 2, out, notes, kept)
        elif isinstance(value, list) and value and all(isinstance(v, dict) and v for v in value):
            out.append(f"{pad}{_scalar(key)}:{tail}")
            for i, item in enumerate(value):
                lines: list[str] = []
                _emit(item, (*here, i), indent + 4, lines, notes, kept)
                lines[0] = f"{pad}  - {lines[0][indent + 4 :]}"
                if (*here, i) in notes:
                    lines[0] += f"  # from {_one_line(notes[(*here, i)])}"
                out.extend(lines)
        else:
            out.append(f"{pad}{_scalar(key)}: {_scalar(value)}{tail}")


def _one_line(words: str) -> str:
    return " ".join(words.split())


def _comment_block(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return ["#", f"# {title}"] + [f"#   {_one_line(item)}" for item in items]


def to_yaml(composed: Composed, sources: list[str]) -> str:
    head = [
        "# Incident draft made by `execbrief import` from: " + ", ".join(sources),
        "# Each imported value names its source in a '# from' comment. If you change an",
        "# imported value, delete its '# from' comment: the value is then yours, and later",
        "# imports (--merge) never change it. Check it with: execbrief brief THIS-FILE",
    ]
    head += _comment_block(
        "Still needed before `execbrief brief` accepts this draft:",
        [f"{k}: {v}" for k, v in composed.still_needed.items()],
    )
    head += _comment_block("Problems to fix:", composed.problems)
    head += _comment_block(
        "Not known from the sources (add them if you know):",
        [f"{k}: {v}" for k, v in composed.unknown.items()],
    )
    head += _comment_block("Notes from the sources:", composed.notes)
    head += _comment_block("Sources disagreed (check these):", composed.conflicts)
    body: list[str] = []
    kept = dict(composed.kept)
    _emit(composed.data, (), 0, body, composed.provenance, kept)
    # Comments whose key is gone, and those that followed the last key: at the end, whole.
    body += [comment for mine in kept.values() for comment in mine.above]
    body += [mine.after for mine in kept.values() if mine.after is not None]
    # The blank line ends the header: comments after it are the engineer's (yaml_comments).
    return _printable("\n".join([*head, "", *body]) + "\n")


def to_json(composed: Composed) -> str:
    document = {
        ENVELOPE_KEY: 1,
        "incident": composed.data,
        "provenance": {dotted(k): v for k, v in composed.provenance.items()},
        "still_needed": composed.still_needed,
        "problems": composed.problems,
        "unknown": composed.unknown,
        "notes": composed.notes,
        "conflicts": composed.conflicts,
    }
    return _printable(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _printable(text: str) -> str:
    """A payload may carry lone surrogates (JSON's "\\ud800"), which no file or terminal
    can hold in UTF-8: each becomes U+FFFD, so the draft is written, not a traceback."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def _moment_or_text(value: Any, zone: Any) -> Any:
    try:
        return parse_moment(value, zone)
    except TimeValueError:
        return value


def read_existing(path: Path) -> tuple[Draft, dict[str, Any], dict[PathKey, Kept]]:
    """An earlier draft or a hand-written incident file, as a Draft plus its full data and
    the engineer's own comments (YAML).

    Values with provenance (a '# from' comment, or the JSON envelope's map) are imported;
    all others were written by hand and win over anything imported later.
    """
    name = str(path)
    try:
        text = decode(read_capped(path, MAX_BYTES, field="--merge"), name)
    except FileNotFoundError:
        raise InputError.single("no such file", file=name, field="--merge") from None
    except IsADirectoryError:
        raise InputError.single("this is a folder, not an incident file", file=name) from None
    except OSError as exc:
        raise InputError.single(f"cannot read: {exc.strerror}", file=name) from None
    provenance: dict[str, str] = {}
    kept: dict[PathKey, Kept] = {}
    if text.lstrip().startswith("{"):
        data, _ = parse_json(text, name)
        if isinstance(data, dict) and ENVELOPE_KEY in data:
            raw = data.get("provenance")
            provenance = {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
            data = data.get("incident")
    else:
        data, lines = parse_yaml(text, name)
        kept = hand_comments(text)
        rows = text.splitlines()
        for key, line in lines.items():
            found = _FROM.search(rows[line - 1]) if 0 < line <= len(rows) else None
            if found and key:
                provenance[dotted(key)] = found.group(1).strip()
    if not isinstance(data, dict):
        raise InputError.single(
            "the file does not hold incident fields", file=name, field="--merge"
        )
    zone = audience_zone(data)
    hand = f"written by hand in {path.name}"
    facts: dict[str, Fact] = {}
    for field_name in IMPORTABLE:
        value = _get(data, _key(field_name))
        if value is None:
            continue
        if field_name.startswith("timeline."):
            value = _moment_or_text(value, zone)
        source = provenance.get(field_name)
        facts[field_name] = Fact(value, source or hand, by_hand=source is None)
    events: list[DraftEvent] = []
    timeline = data.get("timeline")
    raw_events = timeline.get("events") if isinstance(timeline, dict) else None
    for i, event in enumerate(raw_events if isinstance(raw_events, list) else []):
        at = _moment_or_text(event.get("at"), zone) if isinstance(event, dict) else None
        if not isinstance(at, datetime) or not isinstance(event.get("what"), str):
            raise InputError.single(
                "this event needs a time with an offset and a 'what'",
                file=name,
                field=f"timeline.events[{i}]",
            )
        source = provenance.get(f"timeline.events[{i}]")
        events.append(DraftEvent(at, event["what"], source or hand, by_hand=source is None))
    return Draft(facts, tuple(events)), data, kept
