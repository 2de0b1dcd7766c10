"""`execbrief brief`, `demo`, `schema` and `init`: make a brief, or start an incident file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from execbrief.app.briefing import Format
from execbrief.cli.support import DbOption, NowOption, command, note, show

if TYPE_CHECKING:
    from datetime import datetime

    from execbrief.core.incident import Incident
    from execbrief.core.story.planned_commitments import PlannedCommitment

FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="What to print: text, json, md or html.")
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        metavar="FOLDER",
        help="Also write the handout (brief.md, brief.html, brief.pdf, brief.pptx), "
        "brief.json and the presenter pack (presenter.md) into this folder.",
        file_okay=False,
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="With --out: replace files there that execbrief did not write, or that were "
        "changed since it wrote them. Without it they are left alone and the command stops.",
    ),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option(
        "--template",
        metavar="FILE",
        help="A company .pptx whose slide master the deck (brief.pptx) uses.",
        dir_okay=False,
    ),
]
RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        metavar="FILE",
        help="Your own obligation rules (YAML, same shape as the bundled legal rules), "
        "e.g. contract or policy clocks; repeat for several files. A rule with a bundled "
        "rule's id replaces it. Files named in EXECBRIEF_RULES are read first.",
        dir_okay=False,
    ),
]


def _deliver(
    incident: Incident,
    moment: datetime,
    fmt: Format,
    out: Path | None,
    template: Path | None,
    rules: list[Path] | None = None,
    force: bool = False,
    ledger: list[PlannedCommitment] | None = None,
    history: str | None = None,
) -> None:
    from execbrief.app.briefing import deliver_brief

    if incident.local_time_note:  # before the brief, so it is seen whatever follows
        note(f"note: {incident.local_time_note}")
    color = sys.stdout.isatty()
    brief, written = deliver_brief(
        incident,
        fmt,
        moment,
        lambda text: show(text, styled=color and fmt is Format.text),
        out=out,
        template=template,
        rules_files=rules or (),
        color=color,
        force=force,
        ledger=ledger,
        history=history,
    )
    if written:
        note("wrote " + ", ".join(str(p) for p in written))
    if brief.readiness.verdict == "not_ready":
        # SPEC section 7: the command worked and found problems. The reasons are in the
        # text view and presenter.md; say them here too, for --format json and md.
        note("not ready for the meeting: " + "; ".join(brief.readiness.reasons))
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    @command(app)
    def brief(
        file: Annotated[
            Path, typer.Argument(metavar="FILE", help="The incident file (YAML or JSON).")
        ],
        fmt: FormatOption = Format.text,
        now: NowOption = None,
        out: OutOption = None,
        rules: RulesOption = None,
        template: TemplateOption = None,
        force: ForceOption = False,
        db: DbOption = None,
    ) -> None:
        """Write the brief for an incident file, with the legal and contract clocks its
        facts start. With --db (or EXECBRIEF_DATABASE_URL), the commitments and their
        states come from the store's ledger when the incident is saved there."""
        from execbrief.app.briefing import incident_at, ledger_for
        from execbrief.app.history import evidence_for

        incident, moment = incident_at(file, now)
        ledger, source = ledger_for(incident, db)
        if db is not None or ledger is not None:
            note(f"commitments: {source}")
        history = evidence_for(incident, db, moment)
        _deliver(incident, moment, fmt, out, template, rules, force, ledger, history)

    @command(app)
    def demo(
        fmt: FormatOption = Format.text,
        now: Annotated[
            str | None,
            typer.Option(
                "--now",
                metavar="TIME",
                help="Default: an hour after the example incident was resolved.",
            ),
        ] = None,
        out: OutOption = None,
        template: TemplateOption = None,
        force: ForceOption = False,
    ) -> None:
        """Brief a bundled example incident (a checkout outage), to see what execbrief makes."""
        from execbrief.app.briefing import demo_incident

        incident, moment = demo_incident(now)
        _deliver(incident, moment, fmt, out, template, force=force)

    @command(app)
    def schema() -> None:
        """Print the JSON Schema of the incident file, for editors and validators."""
        import json

        from execbrief.app.templates import incident_schema

        show(json.dumps(incident_schema(), indent=2) + "\n")

    @command(app)
    def init(
        file: Annotated[
            Path,
            typer.Argument(metavar="FILE", help="Where to write the template; '-' prints it."),
        ] = Path("incident.yaml"),
    ) -> None:
        """Write a commented incident template to fill in."""
        from execbrief.app.templates import incident_template, write_incident_template

        if str(file) == "-":
            show(incident_template())
            return
        write_incident_template(file)
        note(f"wrote {file}: fill in title and timeline.started, then run `execbrief brief {file}`")
