"""The `execbrief` command. It parses arguments, calls the core, prints, and maps errors
to exit codes (SPEC section 7): 0 ok, 1 problems found, 2 bad usage or input, 3 an
outside system failed. Heavy modules are imported inside the commands that use them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from execbrief.briefing import brief_for
from execbrief.cli_support import NowOption, reports_errors
from execbrief.clock import parse_now
from execbrief.errors import InputError

if TYPE_CHECKING:
    from execbrief.core.brief import Brief
    from execbrief.core.incident import Incident
    from execbrief.render.batch import Helper

app = typer.Typer(
    name="execbrief",
    help="Turn an incident's facts into a brief for the CEO: headline, one-pager, "
    "spoken script and the tough questions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: starts ~90 ms faster than Rich-formatted help
)

DEMO_EXAMPLE = "checkout-outage.yaml"


class Format(StrEnum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"


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


def _show(brief: Brief, fmt: Format) -> None:
    if fmt is Format.text:
        from execbrief.render.terminal import render as render_text

        sys.stdout.write(render_text(brief, color=sys.stdout.isatty()))
        return
    from execbrief.render import renderer

    text = renderer(fmt.value)(brief)
    assert isinstance(text, str)  # --format offers text formats only
    sys.stdout.write(text)


def _brief_command(
    incident: Incident,
    fmt: Format,
    now: datetime,
    out: Path | None,
    template: Path | None = None,
    rules_files: Sequence[Path] = (),
) -> None:
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


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="What to print: text, json, md or html.")
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Also write brief.md, brief.html, brief.pdf, brief.pptx and brief.json into "
        "this folder.",
        file_okay=False,
    ),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option(
        "--template",
        help="A company .pptx whose slide master the deck (brief.pptx) uses.",
        dir_okay=False,
    ),
]
RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        help="Your own obligation rules (YAML, same shape as the bundled legal rules), "
        "e.g. contract or policy clocks; repeat for several files. A rule with a bundled "
        "rule's id replaces it. Files named in EXECBRIEF_RULES are read first.",
        dir_okay=False,
    ),
]


@app.command()
@reports_errors
def brief(
    file: Annotated[Path, typer.Argument(help="The incident file (YAML or JSON).")],
    fmt: FormatOption = Format.text,
    now: NowOption = None,
    out: OutOption = None,
    rules: RulesOption = None,
    template: TemplateOption = None,
) -> None:
    """Write the brief for an incident file, with the legal and contract clocks its facts start."""
    from execbrief.sources.incident_file import load_incident

    incident = load_incident(file)
    moment = parse_now(now)
    if moment < incident.timeline.started and incident.timeline.mitigated is None:
        raise InputError.single(
            "--now is before the incident started",
            field="--now",
            hint="give a time after timeline.started, or leave --now out",
        )
    _brief_command(incident, fmt, moment, out, template, rules or ())


@app.command()
@reports_errors
def demo(
    fmt: FormatOption = Format.text,
    now: Annotated[
        str | None,
        typer.Option("--now", help="Default: an hour after the example incident was resolved."),
    ] = None,
    out: OutOption = None,
    template: TemplateOption = None,
) -> None:
    """Brief a bundled example incident (a checkout outage), to see what execbrief makes."""
    from datetime import timedelta
    from importlib.resources import files

    from execbrief.sources.incident_file import incident_from_text

    source = files("execbrief").joinpath("examples", DEMO_EXAMPLE)
    incident = incident_from_text(source.read_text(encoding="utf-8"), DEMO_EXAMPLE)
    t = incident.timeline
    end = t.resolved or t.mitigated or t.started
    moment = parse_now(now) if now else end + timedelta(hours=1)
    _brief_command(incident, fmt, moment, out, template)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the incident file, for editors and validators."""
    import json

    from execbrief.core.incident import Incident

    document = Incident.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "execbrief incident file, format 1"
    sys.stdout.write(json.dumps(document, indent=2) + "\n")


@app.command()
@reports_errors
def init(
    file: Annotated[
        Path,
        typer.Argument(help="Where to write the template; '-' prints it."),
    ] = Path("incident.yaml"),
) -> None:
    """Write a commented incident template to fill in."""
    from importlib.resources import files

    template = files("execbrief").joinpath("templates", "incident.yaml").read_text("utf-8")
    if str(file) == "-":
        sys.stdout.write(template)
        return
    if file.exists():
        raise InputError.single(
            "the file already exists; execbrief never overwrites your work",
            file=str(file),
            hint="pick another name, or move the old file away first",
        )
    from execbrief.outputs import write_new

    try:
        write_new(file, template)
    except FileExistsError:
        raise InputError.single(
            "the file appeared while we were writing; it was left as it is", file=str(file)
        ) from None
    except OSError as exc:
        raise InputError.single(f"cannot write: {exc.strerror}", file=str(file)) from None
    sys.stderr.write(
        f"wrote {file}: fill in title and timeline.started, then run `execbrief brief {file}`\n"
    )


@app.command()
def version() -> None:
    """Print execbrief's version."""
    from importlib.metadata import version as installed

    sys.stdout.write(f"execbrief {installed('execbrief')}\n")


# Commands that live in their own modules (`cli_*.py`); each has `register(app)`.
# Keep their heavy imports inside the command functions: every module here is imported
# on every run, including `execbrief --help`.
COMMAND_MODULES: list[str] = [
    "execbrief.cli_followup",
    "execbrief.cli_import",
    "execbrief.cli_language",
]

for _module in COMMAND_MODULES:
    import_module(_module).register(app)


def main() -> None:
    """Run the Typer app. The console script starts at execbrief.entry:main, which runs a
    plain `check` without Typer and hands everything else to this."""
    try:
        app()
    except BrokenPipeError:
        # The reader went away (`execbrief brief x.yaml | head`): stop quietly, as cat does.
        from execbrief.entry import silence_stdout

        silence_stdout()
        raise SystemExit(0) from None
