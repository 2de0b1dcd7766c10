"""History: `similar` (the past incidents like one saved incident; its body is in
similar.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from execbrief.cli.support import (
    DbOption,
    IncidentArg,
    ListFormat,
    NowOption,
    command,
    note,
    print_json,
    show,
)


def register(app: typer.Typer) -> None:
    @command(app)
    def similar(
        incident: IncidentArg,
        fmt: Annotated[
            ListFormat, typer.Option("--format", "-f", help="text or json.")
        ] = ListFormat.text,
        limit: Annotated[
            int, typer.Option("--limit", metavar="N", help="At most N incidents.")
        ] = 10,
        now: NowOption = None,
        db: DbOption = None,
    ) -> None:
        """List the past incidents most like a saved one: the same service, the same cause
        class (its evidence words shown) or a like safeguard gap; with each one's date,
        duration, who was hit and whether the fix promised after it was kept."""
        from execbrief.cli.similar import SimilarArgs, run_similar

        code = run_similar(SimilarArgs(incident, fmt, limit, now, db))
        if code:
            raise typer.Exit(code)


def register_report(app: typer.Typer) -> None:
    @command(app)
    def report(
        start: Annotated[
            str, typer.Option("--from", metavar="DATE", help="First day (YYYY-MM-DD, UTC).")
        ],
        end: Annotated[
            str, typer.Option("--to", metavar="DATE", help="Last day, included (YYYY-MM-DD).")
        ],
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                metavar="DIR",
                help="Write report.md, report.pdf, report.pptx and the charts there.",
            ),
        ] = None,
        fmt: Annotated[
            ListFormat,
            typer.Option(
                "--format", "-f", help="text or json (with the incidents behind each figure)."
            ),
        ] = ListFormat.text,
        force: Annotated[
            bool, typer.Option("--force", help="Replace files in DIR that execbrief did not write.")
        ] = False,
        now: NowOption = None,
        db: DbOption = None,
    ) -> None:
        """The period's report for the board: incidents by severity, customer impact, time
        to detect and restore (median, by month), money, causes that came back, promises
        kept on time, overdue items and notices sent on time."""
        from execbrief.app.history import (
            period_report,
            report_document,
            report_text,
            write_report,
        )

        figures = period_report(start, end, db, now)
        if fmt is ListFormat.json:
            print_json(report_document(figures))
        else:
            show(report_text(figures))
        if out is not None:
            written = write_report(figures, out, force=force)
            note("wrote " + ", ".join(str(p) for p in written))


def register_import(app: typer.Typer) -> None:
    @command(app, "backfill")
    def import_history(
        source: Annotated[
            str, typer.Argument(metavar="SOURCE", help="csv, or pagerduty (an incidents export).")
        ],
        file: Annotated[Path, typer.Argument(metavar="FILE", help="The CSV or the export.")],
        now: NowOption = None,
        db: DbOption = None,
    ) -> None:
        """Save past incidents in bulk. History starts on day one: a CSV with one
        incident per row (columns id, title, started needed; severity, service, kind,
        timezone, detected, mitigated, resolved, users_affected, currency,
        revenue_lost_low, revenue_lost_high, cause, cause_status, safeguard_gap), or a
        PagerDuty incidents export. Nothing is saved when a row is wrong."""
        from execbrief.app.history import import_history as run

        saved = run(source, file, db, now)
        note(f"saved {saved} {'incident' if saved == 1 else 'incidents'}")
