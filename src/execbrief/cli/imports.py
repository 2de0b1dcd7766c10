"""`execbrief import`: draft an incident file from the SRE's tools (the work is in
execbrief.app.importing)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from execbrief.app.importing import DraftFormat, Source
from execbrief.cli.support import command, note, show

SOURCES = ", ".join(s.value for s in Source)


def register(app: typer.Typer) -> None:
    @command(app, "import")
    def import_(
        source: Annotated[
            Source,
            typer.Argument(metavar="SOURCE", help=f"Where the facts come from: one of {SOURCES}."),
        ],
        files: Annotated[
            list[Path] | None,
            typer.Argument(
                metavar="FILES",
                help="Saved payloads (JSON); for slack, day files or export folders.",
            ),
        ] = None,
        fmt: Annotated[
            DraftFormat, typer.Option("--format", "-f", help="yaml (with comments) or json.")
        ] = DraftFormat.yaml,
        out: Annotated[
            Path | None,
            typer.Option(
                "--out", "-o", metavar="FILE", help="Write the draft here (default: print)."
            ),
        ] = None,
        merge: Annotated[
            Path | None,
            typer.Option(
                "--merge",
                metavar="FILE",
                help="An existing draft or incident file to merge into; "
                "values written by hand there always win.",
            ),
        ] = None,
        force: Annotated[
            bool,
            typer.Option(
                "--force",
                help="Merge even when the sources' times are far apart or their services "
                "differ (they look like different incidents).",
            ),
        ] = False,
        log_entries: Annotated[
            Path | None,
            typer.Option(
                "--log-entries",
                metavar="FILE",
                help="pagerduty: the incident's log entries (JSON).",
            ),
        ] = None,
        impact: Annotated[
            str | None,
            typer.Option(
                "--impact",
                metavar="TEST",
                help="prometheus: which samples are bad, e.g. 'value < 1'.",
            ),
        ] = None,
        url: Annotated[
            str | None,
            typer.Option("--url", metavar="URL", help="prometheus: ask this server (live mode)."),
        ] = None,
        query: Annotated[
            str | None, typer.Option("--query", metavar="PROMQL", help="prometheus: PromQL.")
        ] = None,
        start: Annotated[
            str | None, typer.Option("--start", metavar="TIME", help="prometheus: range start.")
        ] = None,
        end: Annotated[
            str | None, typer.Option("--end", metavar="TIME", help="prometheus: range end.")
        ] = None,
        step: Annotated[
            str | None, typer.Option("--step", metavar="STEP", help="prometheus: e.g. 30s.")
        ] = None,
        incident: Annotated[
            str | None,
            typer.Option(
                "--incident", metavar="ID", help="statuspage: which incident of a list, by id."
            ),
        ] = None,
        pattern: Annotated[
            list[str] | None,
            typer.Option(
                "--pattern",
                metavar="REGEX",
                help="slack: a regular expression for key messages "
                "(repeatable; replaces the defaults).",
            ),
        ] = None,
        keep_names: Annotated[
            bool, typer.Option("--keep-names", help="slack: keep people's names.")
        ] = False,
        fetch: Annotated[
            str | None,
            typer.Option(
                "--fetch",
                metavar="ID",
                help="pagerduty, opsgenie, statuspage: pull this incident "
                "or alert ID live (token from the environment).",
            ),
        ] = None,
        page: Annotated[
            str | None,
            typer.Option("--page", metavar="ID", help="statuspage: the page ID for --fetch."),
        ] = None,
        api_url: Annotated[
            str | None,
            typer.Option("--api-url", metavar="URL", help="Another API base URL for --fetch."),
        ] = None,
        timeout: Annotated[
            float,
            typer.Option(
                "--timeout", metavar="SECONDS", help="Seconds to wait for an API answer.", min=0.1
            ),
        ] = 10.0,
    ) -> None:
        """Draft an incident file from PagerDuty, Opsgenie, Alertmanager, Prometheus,
        Statuspage or Slack, each value saying where it came from."""
        from execbrief.app.importing import ImportOptions, import_drafts, write_draft

        files = files or []
        options = ImportOptions(
            log_entries=log_entries,
            impact=impact,
            url=url,
            query=query,
            start=start,
            end=end,
            step=step,
            incident=incident,
            pattern=pattern or [],
            keep_names=keep_names,
            fetch=fetch,
            page=page,
            api_url=api_url,
            timeout=timeout,
        )
        drafts = import_drafts(source, files, options)
        labels = [f"{source.value} ({p.name})" for p in files] or [f"{source.value} (live)"]
        imported = write_draft(drafts, labels, fmt, out, merge, force=force)
        if imported.text is not None:
            show(imported.text)
        if imported.written is not None:
            note(f"wrote {imported.written}")
        for conflict in imported.conflicts:
            note(f"note: sources disagree: {conflict}")
        for name, hint in imported.still_needed.items():
            note(f"needed: {name} is not in the sources; add it: {hint}")
        for problem in imported.problems:
            note(f"problem: {problem}")
        if not imported.complete:
            raise typer.Exit(1)
