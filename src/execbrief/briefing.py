"""Making the Brief at the edge: read the configured rules, let the core compose, then
print it and write its files.

`execbrief brief`, `execbrief demo` and `execbrief save` all come here, so the brief that
is shown and the brief that is stored are the same object from the same inputs. The
Typer command (cli.py) and the fast path that skips importing Typer (entry.py) both run
`run_brief`. Keep this module's top-level imports light: the entry point imports it
before any work starts.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from execbrief.errors import ExecbriefError, InputError
from execbrief.errors import report as print_error

if TYPE_CHECKING:
    from execbrief.core.incident import Incident
    from execbrief.core.story import Brief
    from execbrief.render.batch import Helper

RULES_ENV = "EXECBRIEF_RULES"


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


def brief_for(incident: Incident, now: datetime, rules_files: Sequence[Path] = ()) -> Brief:
    """The Brief for `incident` at `now`: bundled, configured and given rules, and the
    language check with the bundled glossary and the user's own."""
    from execbrief.core.story import compose
    from execbrief.sources.glossary_file import load_lexicon

    lexicon = load_lexicon()
    rules_files = [*configured_rules_files(), *rules_files]
    if not rules_files and not incident.exposure.given:
        # Every bundled rule needs an exposure fact: none given, none can apply (saves ~50 ms).
        return compose(incident, now, rules=[], lexicon=lexicon)
    from execbrief.sources.obligation_rules import load_rules

    return compose(incident, now, rules=load_rules(rules_files), lexicon=lexicon)


def run_brief(
    file: Path,
    fmt: str = Format.text,
    now: str | None = None,
    out: Path | None = None,
    rules_files: Sequence[Path] = (),
    template: Path | None = None,
) -> int:
    """Brief an incident file: print it in `fmt` (a Format or its value) and, with `out`,
    write every file format there. Returns the exit code: 0, or the error's own code
    after printing it to stderr."""
    try:
        from execbrief.clock import parse_now
        from execbrief.sources.incident_file import load_incident

        incident = load_incident(file)
        moment = parse_now(now)
        if moment < incident.timeline.started and incident.timeline.mitigated is None:
            raise InputError.single(
                "--now is before the incident started",
                field="--now",
                hint="give a time after timeline.started, or leave --now out",
            )
        deliver_brief(incident, Format(fmt), moment, out, template, rules_files)
    except ExecbriefError as exc:
        return print_error(exc)
    return 0


def deliver_brief(
    incident: Incident,
    fmt: Format,
    now: datetime,
    out: Path | None,
    template: Path | None = None,
    rules_files: Sequence[Path] = (),
) -> None:
    """Print the brief and, with `out`, write its files there; ExecbriefError for the
    user's mistakes, raised before any work where they can be seen up front."""
    if template is not None and out is None:
        raise InputError.single(
            "--template styles the deck, which is written only with --out",
            field="--template",
            hint="add --out FOLDER to write brief.pptx (and the other files) there",
        )
    if template is not None:
        from execbrief.render.deck import open_template

        open_template(template)  # before any work, so a bad template fails fast
    if out is None:
        _show(brief_for(incident, now, rules_files), fmt)
        return
    from execbrief.render.batch import pdf_helper

    with pdf_helper() as helper:  # starts printing machinery while the brief is composed
        brief = brief_for(incident, now, rules_files)
        _show(brief, fmt)
        try:
            written = _write_outputs(brief, out, template, helper)
        except OSError as exc:
            raise InputError.single(
                f"cannot write the brief: {exc.strerror}", file=str(out), field="--out"
            ) from None
    sys.stderr.write("wrote " + ", ".join(str(p) for p in written) + "\n")


def _show(brief: Brief, fmt: Format) -> None:
    if fmt is Format.text:
        from execbrief.render.terminal import render as render_text

        text = render_text(brief, color=sys.stdout.isatty())
    else:
        from execbrief.render import renderer

        rendered = renderer(fmt.value)(brief)
        assert isinstance(rendered, str)  # --format offers text formats only
        text = rendered
    try:
        sys.stdout.write(text)
        sys.stdout.flush()  # now, so that a closed pipe is met here rather than at exit
    except BrokenPipeError:
        # The reader went away (`execbrief brief x.yaml | head`): stop printing quietly,
        # as cat does, but still write the files --out asks for.
        from execbrief.entry import silence_stdout

        silence_stdout()


def _write_outputs(
    brief: Brief, out: Path, template: Path | None, helper: Helper | None
) -> list[Path]:
    """Render every file format first, then write each atomically: a failure in one
    renderer leaves the folder as it was."""
    from execbrief.outputs import write_atomic, write_atomic_bytes
    from execbrief.render import file_formats
    from execbrief.render.batch import render_files

    targets = {name: out / filename for name, filename in file_formats().items()}
    for name, content in render_files(brief, helper, template=template).items():
        if isinstance(content, bytes):
            write_atomic_bytes(targets[name], content)
        else:
            write_atomic(targets[name], content)
    return list(targets.values())
