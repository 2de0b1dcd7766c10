"""The `execbrief` command. It parses arguments, calls the core, prints, and maps errors
to exit codes (SPEC section 7): 0 ok, 1 problems found, 2 bad usage or input, 3 an
outside system failed. Heavy modules are imported inside the commands that use them.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from typing import Annotated

import typer

from execbrief.briefing import Format, deliver_brief, run_brief
from execbrief.cli_support import NowOption, reports_errors
from execbrief.clock import parse_now
from execbrief.errors import InputError

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
def brief(
    file: Annotated[Path, typer.Argument(help="The incident file (YAML or JSON).")],
    fmt: FormatOption = Format.text,
    now: NowOption = None,
    out: OutOption = None,
    rules: RulesOption = None,
    template: TemplateOption = None,
) -> None:
    """Write the brief for an incident file, with the legal and contract clocks its facts start."""
    # The work, and the report of any error, is in briefing.run_brief, shared with the
    # fast path in entry.py that runs this command without importing Typer.
    code = run_brief(file, fmt, now, out, rules or (), template)
    if code:
        raise typer.Exit(code)


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
    deliver_brief(incident, fmt, moment, out, template)


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
