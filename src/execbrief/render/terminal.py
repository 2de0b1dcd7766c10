"""The Brief in a terminal: headline, key figures, the one-pager, the script, the questions."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from execbrief.core import speech
from execbrief.core.story import Brief
from execbrief.render.exact_figures import exposure_rows, key_figures
from execbrief.render.figures import obligation_rows, timeline_rows

_VERDICT_STYLE = {"ready": "green", "ready_with_gaps": "yellow", "not_ready": "red"}
_STATUS_STYLE = {
    "overdue": "bold red",
    "due within 24 hours": "yellow",
    "running": "",
    "clock not started": "dim",
}


def _figures(brief: Brief) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for label, value in key_figures(brief):
        table.add_row(escape(label), escape(value))
    return table


def _commitments(brief: Brief) -> Table:
    zone = brief.incident.zone
    table = Table("#", "What", "Owner", "Due", "Status", box=None, padding=(0, 2))
    for c in brief.commitments:
        words = brief.commitment_words(c)  # the one state, as every output says it
        status = words if c.source == "file" else f"{words} (proposed)"
        table.add_row(
            str(c.number),
            escape(c.what),
            escape(c.owner or "—"),
            escape(speech.due(c.due, zone)),
            status,
        )
    return table


def _obligations(brief: Brief, console: Console) -> None:
    for row in obligation_rows(brief):
        style = _STATUS_STYLE.get(row.status, "")
        status = row.status if row.time_left == "—" else f"{row.status} ({row.time_left})"
        console.print(Text.assemble("- ", (row.regime, "bold"), " · ", (status, style)))
        console.print(Text(f"  Tell {row.recipient}: {row.deadline}"))
        source = row.source + (f" {row.url}" if row.url else "")
        console.print(Text(f"  Source: {source}", style="dim"))


def _exposure(brief: Brief, console: Console) -> None:
    money = exposure_rows(brief)
    if money:
        console.print()
        console.print(Text("Money at risk beyond lost sales", style="bold underline"))
        table = Table(show_header=False, box=None, padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for label, value in money:
            table.add_row(escape(label), escape(value))
        console.print(table)
    if brief.obligations:
        console.print()
        console.print(
            Text.assemble(
                ("Obligations", "bold underline"),
                f" (prompts for counsel, not legal advice; times in {brief.incident.zone.key})",
            )
        )
        _obligations(brief, console)


def render(brief: Brief, *, color: bool = False, width: int = 100) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False
    )
    incident = brief.incident
    title = " · ".join(x for x in (incident.id, incident.severity, incident.title) if x)
    console.print(Panel(Text(brief.headline, style="bold"), title=escape(title), expand=True))
    console.print(_figures(brief))
    for section in brief.sections:
        console.print()
        console.print(Text(section.title, style="bold underline"))
        console.print(Text(section.text))
    _exposure(brief, console)
    console.print()
    console.print(Text(f"Timeline ({incident.zone.key})", style="bold underline"))
    for when, what in timeline_rows(brief):
        console.print(Text.assemble((when, "cyan"), "  ", what))
    console.print()
    console.print(Text("Commitments", style="bold underline"))
    console.print(_commitments(brief))
    lines = [
        Text.assemble(("You: " if line.speaker == "you" else "CEO: ", "bold"), line.text, "\n")
        for line in brief.script
    ]
    console.print()
    console.print(Panel(Group(*lines), title="What to say", expand=True))
    console.print(Text("Tough questions", style="bold underline"))
    for q in brief.qa:
        console.print(Text(q.question, style="bold"))
        console.print(Text(q.answer))
    if brief.unknowns:
        console.print()
        console.print(Text("Still unknown", style="bold underline"))
        for u in brief.unknowns:
            console.print(
                Text.assemble(
                    f"- {speech.capital(u.fact)} ",
                    (f"[{u.field}]", "dim"),
                    f": ask the {u.owner}. {u.action}",
                )
            )
    r = brief.readiness
    console.print()
    console.print(
        Text.assemble(
            "Readiness: ",
            (r.verdict.replace("_", " "), f"bold {_VERDICT_STYLE[r.verdict]}"),
            f" · spoken part about {r.spoken_seconds} s (aim {r.budget_seconds} s)",
        )
    )
    for reason in r.reasons:
        console.print(Text(f"- {reason}"))
    return buffer.getvalue()
