"""The saved incidents: `save` a brief's version, `list` them, `diff` two versions. The
store is behind execbrief.app.followup."""

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
    def save(
        file: Annotated[
            Path, typer.Argument(metavar="FILE", help="The incident file (YAML or JSON).")
        ],
        now: NowOption = None,
        db: DbOption = None,
        reason: Annotated[
            str | None,
            typer.Option(
                "--reason",
                metavar="TEXT",
                help="Where the file's commitments differ from the ledger (a date moved, "
                "a promise kept, reopened or left out), record the file's word as events "
                "with this reason. Without it, such a difference stops the save (exit 2).",
            ),
        ] = None,
    ) -> None:
        """Store the incident and a new version of its brief; print the incident id. The
        file's commitments are checked against the ledger: each difference is shown."""
        from execbrief.app.followup import save_incident

        saved = save_incident(file, now, db, reason)
        result = saved.result
        show(result.incident_id + "\n")
        for d in saved.differences:
            if d.blocking:
                note(f"recorded: {d.text()} (because {reason})")
            elif d.field == "listed" and d.number is None:
                note(f"recorded: new commitment '{d.what}'")
            else:
                note(f"recorded: {d.text()}")
        if result.created:
            note(f"saved version {result.version}")
        elif saved.differences:
            note(f"facts unchanged since version {result.version}; the ledger took the changes")
        else:
            note(f"no change since version {result.version}; nothing new saved")

    @command(app, "list")
    def list_incidents(
        fmt: Annotated[
            ListFormat, typer.Option("--format", "-f", help="text or json.")
        ] = ListFormat.text,
        now: NowOption = None,
        db: DbOption = None,
    ) -> None:
        """List saved incidents with their status and next commitment (its time in the
        audience's zone, in words; --format json keeps ISO 8601)."""
        from execbrief.app.followup import incident_list

        items = incident_list(db, now)
        if fmt is ListFormat.json:
            print_json(items)
            return
        if not items:
            show("No incidents saved yet. `execbrief save FILE` adds one.\n")
            return
        lines = []
        for item in items:
            upcoming = item["next"]
            after = (
                f"next: #{upcoming['number']} {upcoming['what']}: {upcoming['when']}"
                if upcoming
                else "nothing open"
            )
            lines.append(f"{item['incident']}  [{item['status']}]  {item['title']}  {after}\n")
        show("".join(lines))

    @command(app)
    def diff(
        incident: IncidentArg,
        old: Annotated[
            int | None,
            typer.Option("--from", metavar="VERSION", help="Older version. Default: last but one."),
        ] = None,
        new: Annotated[
            int | None,
            typer.Option("--to", metavar="VERSION", help="Newer version. Default: the last."),
        ] = None,
        fmt: Annotated[
            ListFormat, typer.Option("--format", "-f", help="text or json.")
        ] = ListFormat.text,
        db: DbOption = None,
    ) -> None:
        """Show the facts that changed between two saved versions, old value to new."""
        from execbrief.app.followup import version_changes

        compared = version_changes(incident, old, new, db)
        if compared is None:
            show("Only version 1 is saved; there is nothing to compare yet.\n")
            return
        start, end, found = compared
        if fmt is ListFormat.json:
            print_json(
                {
                    "incident": incident,
                    "from": start,
                    "to": end,
                    "changes": [
                        {"field": c.field, "label": c.label, "old": c.old, "new": c.new}
                        for c in found
                    ],
                }
            )
            return
        if not found:
            show(f"No fact changed from version {start} to {end}.\n")
            return
        lines = [f"Version {start} -> {end}:\n"]
        for c in found:
            old_text = "(none)" if c.old is None else str(c.old)
            new_text = "(none)" if c.new is None else str(c.new)
            lines.append(f"- {c.label} [{c.field}]: {old_text} -> {new_text}\n")
        show("".join(lines))
