"""Tracking the commitments made in a brief (SPEC section 6): `due`, `done`, `slip`,
`update` and `calendar`. The store and the decisions are behind execbrief.app.followup."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from execbrief.app.delivery import Channel
from execbrief.app.updates import UpdateFormat
from execbrief.cli.support import (
    DbOption,
    IncidentArg,
    ListFormat,
    NowOption,
    command,
    note,
    show,
)

SendOption = Annotated[
    Channel | None,
    typer.Option(
        "--send",
        help="Deliver it: email (SMTP settings from EXECBRIEF_SMTP_*) or slack (--webhook).",
    ),
]
ToOption = Annotated[
    list[str] | None,
    typer.Option(
        "--to",
        metavar="ADDRESS",
        help="An e-mail recipient; repeat for several. For remind, 'OWNER=address' sends an "
        "owner's reminders there, and a plain address gets the rest.",
    ),
]
WebhookOption = Annotated[
    str | None,
    typer.Option(
        "--webhook",
        metavar="URL",
        help="The Slack incoming webhook. Default: $EXECBRIEF_SLACK_WEBHOOK.",
    ),
]

NumberArg = Annotated[
    int, typer.Argument(metavar="N", help="The commitment's number in its incident.", min=1)
]


def _json_lines(items: list[dict[str, Any]]) -> str:
    """A JSON list with one item per line: readable, and the fast C encoder for long lists."""
    import json

    body = ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in items)
    return "[\n" + body + "\n]\n" if items else "[]\n"


def _due_text(items: list[dict[str, Any]]) -> str:
    if not items:
        return "Nothing due in the next 24 hours, and nothing overdue.\n"
    lines = []
    for item in items:
        owner = f" ({item['owner']})" if item["owner"] else ""
        lines.append(
            f"{item['status'].upper():<8} {item['incident']} #{item['number']}: "
            f"{item['what']}{owner}: {item['when']}\n"
        )
    return "".join(lines)


def register(app: typer.Typer) -> None:
    @command(app)
    def due(
        now: NowOption = None,
        fmt: Annotated[
            ListFormat, typer.Option("--format", "-f", help="text or json.")
        ] = ListFormat.text,
        show_all: Annotated[
            bool, typer.Option("--all", help="Also list commitments not due yet, and kept ones.")
        ] = False,
        db: DbOption = None,
    ) -> None:
        """List commitments due within a day or overdue, across incidents. Exit 1 if any
        is overdue (for cron)."""
        from execbrief.app.followup import due_items

        items = due_items(now, show_all, db)
        show(_json_lines(items) if fmt is ListFormat.json else _due_text(items))
        if any(item["status"] == "overdue" for item in items):
            raise typer.Exit(1)

    @command(app)
    def done(
        incident: IncidentArg,
        number: NumberArg,
        at: Annotated[
            str | None,
            typer.Option(
                "--at", metavar="TIME", help="When it was done, with an offset. Default: now."
            ),
        ] = None,
        note_: Annotated[
            str | None, typer.Option("--note", metavar="TEXT", help="A word on what was done.")
        ] = None,
        link: Annotated[
            str | None,
            typer.Option("--link", metavar="URL", help="Where the evidence is (the report, ...)."),
        ] = None,
        now: NowOption = None,
        db: DbOption = None,
    ) -> None:
        """Mark commitment N of an incident kept (recorded in its ledger). --at may not be
        after now, nor before the promise was made."""
        from execbrief.app.followup import mark_kept

        mark_kept(incident, number, at, note_, db, link=link, now=now)
        note(f"{incident} #{number}: kept")

    @command(app)
    def slip(
        incident: IncidentArg,
        number: NumberArg,
        to: Annotated[
            str,
            typer.Option("--to", metavar="DATE", help="The new due date (or time with an offset)."),
        ],
        why: Annotated[
            str,
            typer.Option("--why", metavar="TEXT", help="Why it moved, in a sentence for the CEO."),
        ],
        earlier: Annotated[
            bool,
            typer.Option(
                "--earlier",
                help="The new date is before the old one on purpose (--why says why).",
            ),
        ] = False,
        now: NowOption = None,
        db: DbOption = None,
    ) -> None:
        """Move commitment N to a new date, keeping the old date and the reason (recorded
        in its ledger). The new date must be ahead of now and after the old one."""
        from execbrief.app.followup import move_commitment

        new_due = move_commitment(incident, number, to, why, db, earlier=earlier, now=now)
        note(f"{incident} #{number}: moved to {new_due.isoformat()}")

    @command(app)
    def reopen(
        incident: IncidentArg,
        number: NumberArg,
        why: Annotated[
            str,
            typer.Option("--why", metavar="TEXT", help="Why it is not done after all."),
        ],
        now: NowOption = None,
        db: DbOption = None,
    ) -> None:
        """Open a kept commitment N again: it was not done after all (recorded in its
        ledger, with the reason)."""
        from execbrief.app.followup import reopen_commitment

        reopen_commitment(incident, number, why, db, now=now)
        note(f"{incident} #{number}: open again")

    @command(app)
    def update(
        incident: IncidentArg,
        now: NowOption = None,
        fmt: Annotated[
            UpdateFormat, typer.Option("--format", "-f", help="text, md or json.")
        ] = UpdateFormat.text,
        send: SendOption = None,
        to: ToOption = None,
        webhook: WebhookOption = None,
        db: DbOption = None,
    ) -> None:
        """Draft the "keep me informed" update: what changed, promises kept, moved or
        coming, and when the next update comes. With --send, deliver it by e-mail or
        Slack (exit 3 when the server fails)."""
        from execbrief.app.updates import draft_update, send_update

        if send is not None:
            where, notes = send_update(incident, now, db, send, to=to or (), webhook=webhook)
            for line in notes:
                note(f"language: {line}")
            note(f"sent the update of {incident} by {where}")
            return
        text, notes = draft_update(incident, fmt, now, db)
        for line in notes:  # our own wording to fix, shown before the CEO sees it
            note(f"language: {line}")
        show(text)

    @command(app)
    def remind(
        within: Annotated[
            str,
            typer.Option(
                "--within", metavar="WINDOW", help="Remind of what is due this soon: 24h, 90m, 2d."
            ),
        ] = "24h",
        send: SendOption = None,
        to: ToOption = None,
        webhook: WebhookOption = None,
        now: NowOption = None,
        fmt: Annotated[
            ListFormat, typer.Option("--format", "-f", help="text or json.")
        ] = ListFormat.text,
        db: DbOption = None,
    ) -> None:
        """Tell each owner about their commitments due within --within or missed, once per
        commitment and state (recorded in the ledger, so a re-run sends nothing twice).
        Without --send, list what would be sent."""
        from execbrief.app.updates import remind as remind_owners

        messages = remind_owners(now, within, db, send, to=to or (), webhook=webhook)
        if fmt is ListFormat.json:
            show(_json_lines(messages))
            return
        if not messages:
            show("No reminders owed: nothing due soon or missed that its owner was not told of.\n")
            return
        out = []
        for m in messages:
            out.append(f"{m['subject']} [{m['sent_to']}]\n")
            out.extend(f"- {r['text']}\n" for r in m["reminders"])
        show("".join(out))

    @command(app)
    def calendar(
        incident: IncidentArg,
        out: Annotated[
            Path, typer.Option("--out", "-o", metavar="FILE", help="The .ics file to write.")
        ],
        db: DbOption = None,
        force: Annotated[
            bool,
            typer.Option(
                "--force",
                help="Replace FILE even if execbrief did not write it, or it was changed since.",
            ),
        ] = False,
    ) -> None:
        """Write the incident's open commitments as calendar events with reminders (.ics)."""
        from execbrief.app.updates import write_calendar

        count = write_calendar(incident, out, db, force=force)
        note(f"wrote {out}: {count} open commitment(s)")
