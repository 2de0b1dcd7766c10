"""Making the Brief: read the incident and the configured rules, let the core compose,
render it, and write its files.

`execbrief brief`, `execbrief demo` and `execbrief save` all come here, so the brief that
is shown and the brief that is stored are the same object from the same inputs. Keep this
module's top-level imports light: the command line imports it for `Format` on every run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from execbrief.app.clock import parse_now
from execbrief.errors import InputError

if TYPE_CHECKING:
    from execbrief.core.incident import Incident
    from execbrief.core.story import Brief
    from execbrief.core.story.planned_commitments import PlannedCommitment
    from execbrief.render.batch import Helper

RULES_ENV = "EXECBRIEF_RULES"
DEMO_EXAMPLE = "checkout-outage.yaml"


class Format(StrEnum):
    """What `brief` and `demo` print (--format); the files --out writes are fixed."""

    text = "text"
    json = "json"
    md = "md"
    html = "html"


def configured_rules_files() -> list[Path]:
    """Rules files named in EXECBRIEF_RULES (a company's standing contract and policy
    clocks), separated like PATH; read before any --rules files."""
    value = os.environ.get(RULES_ENV, "")
    return [Path(part) for part in value.split(os.pathsep) if part.strip()]


def brief_for(
    incident: Incident,
    now: datetime,
    rules_files: Sequence[Path] = (),
    ledger: list[PlannedCommitment] | None = None,
    history: str | None = None,
) -> Brief:
    """The Brief for `incident` at `now`: bundled, configured and given rules, and the
    language check with the bundled glossary and the user's own; with `ledger`, the
    commitments as the store's ledger has them; with `history`, what past incidents say
    of it recurring (app.history.evidence_for)."""
    from execbrief.core.story import compose
    from execbrief.sources.glossary_file import load_lexicon

    lexicon = load_lexicon()
    rules_files = [*configured_rules_files(), *rules_files]
    if not rules_files and not incident.exposure.given:
        # Every bundled rule needs an exposure fact: none given, none can apply (saves ~50 ms).
        return compose(incident, now, rules=[], lexicon=lexicon, ledger=ledger, history=history)
    from execbrief.sources.obligation_rules import load_rules

    rules = load_rules(rules_files)
    return compose(incident, now, rules=rules, lexicon=lexicon, ledger=ledger, history=history)


def ledger_for(incident: Incident, db: str | None) -> tuple[list[PlannedCommitment] | None, str]:
    """The incident's commitments from the store's ledger when it is saved there (--db,
    else $EXECBRIEF_DATABASE_URL), and where they came from, in words; (None, ...) when
    the brief must take them from the file."""
    if db is None and not os.environ.get("EXECBRIEF_DATABASE_URL"):
        return None, "from the file (no --db given)"
    from execbrief.core.followup import incident_key
    from execbrief.core.followup.ledger import as_planned
    from execbrief.store import open_store
    from execbrief.store.database import shown_url

    store = open_store(db)
    key = incident_key(incident)
    where = shown_url(store.url)
    try:
        if not store.has_incident(key):
            return None, f"from the file ('{key}' is not saved in {where})"
        return as_planned(store.commitments(key)), f"from the ledger of '{key}' in {where}"
    finally:
        store.close()


def incident_at(file: Path, now: str | None) -> tuple[Incident, datetime]:
    """The incident in `file` and the moment to brief it at (--now, else the clock);
    InputError for a bad file, a bad --now, a --now before the incident began, or a fact
    dated after --now."""
    from execbrief.sources.incident_file import load_incident

    moment = parse_now(now)
    return load_incident(file, now=moment), moment


def demo_incident(now: str | None) -> tuple[Incident, datetime]:
    """The bundled example incident, and the moment to brief it at: --now, else an hour
    after it was resolved (so the demo reads the same on any day)."""
    from datetime import timedelta
    from importlib.resources import files

    from execbrief.sources.incident_file import incident_from_text

    source = files("execbrief").joinpath("examples", DEMO_EXAMPLE)
    incident = incident_from_text(source.read_text(encoding="utf-8"), DEMO_EXAMPLE)
    t = incident.timeline
    end = t.resolved or t.mitigated or t.started
    return incident, parse_now(now) if now else end + timedelta(hours=1)


def render_brief(brief: Brief, fmt: Format, *, color: bool = False) -> str:
    """The brief as `fmt` prints it; `color` for a terminal that shows colour (text only)."""
    if fmt is Format.text:
        from execbrief.render.terminal import render as render_text

        return render_text(brief, color=color)
    from execbrief.render import renderer

    rendered = renderer(fmt.value)(brief)
    assert isinstance(rendered, str)  # --format offers text formats only
    return rendered


def deliver_brief(
    incident: Incident,
    fmt: Format,
    now: datetime,
    show: Callable[[str], object],
    *,
    out: Path | None = None,
    template: Path | None = None,
    rules_files: Sequence[Path] = (),
    color: bool = False,
    force: bool = False,
    ledger: list[PlannedCommitment] | None = None,
    history: str | None = None,
) -> tuple[Brief, list[Path]]:
    """Compose the brief, hand its text in `fmt` to `show`, and with `out` write every
    file format there; returns the brief and the paths written. `show` is called before any file is
    written, so the reader sees the brief as soon as it is ready. InputError for the
    user's mistakes, raised before any work where they can be seen up front; among them
    a file in `out` that execbrief may not replace (app/files.py), unless `force`."""
    if template is not None and out is None:
        raise InputError.single(
            "--template styles the deck, which is written only with --out",
            field="--template",
            hint="add --out FOLDER to write brief.pptx (and the other files) there",
        )
    if template is not None:
        from execbrief.render.deck import open_template

        open_template(template)  # before any work, so a bad template fails fast
    if out is not None:
        from execbrief.app.files import refuse_others

        refuse_others(brief_targets(out), force=force)
    if out is None:
        brief = brief_for(incident, now, rules_files, ledger, history)
        show(render_brief(brief, fmt, color=color))
        return brief, []
    from execbrief.render.batch import pdf_helper

    with pdf_helper() as helper:  # starts printing machinery while the brief is composed
        brief = brief_for(incident, now, rules_files, ledger, history)
        show(render_brief(brief, fmt, color=color))
        try:
            return brief, write_brief_files(brief, out, template, helper)
        except OSError as exc:
            raise InputError.single(
                f"cannot write the brief: {exc.strerror}", file=str(out), field="--out"
            ) from None


def write_brief_files(
    brief: Brief, out: Path, template: Path | None = None, helper: Helper | None = None
) -> list[Path]:
    """Render every file format first, then write each atomically: a failure in one
    renderer leaves the folder as it was. OSError when the folder cannot be written."""
    from execbrief.app.files import record_written, write_atomic, write_atomic_bytes
    from execbrief.render import file_formats
    from execbrief.render.batch import render_files

    targets = {name: out / filename for name, filename in file_formats().items()}
    for name, content in render_files(brief, helper, template=template).items():
        if isinstance(content, bytes):
            write_atomic_bytes(targets[name], content)
        else:
            write_atomic(targets[name], content)
    record_written(list(targets.values()))  # so the next run may replace them
    return list(targets.values())


def brief_targets(out: Path) -> list[Path]:
    """The files `brief --out` writes in `out`."""
    from execbrief.render import file_formats

    return [out / filename for filename in file_formats().values()]
