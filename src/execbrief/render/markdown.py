"""The Brief as Markdown: a one-pager to paste into a document or a message."""

from __future__ import annotations

from execbrief.core import speech
from execbrief.core.story import Brief
from execbrief.render.figures import (
    ObligationRow,
    exposure_rows,
    key_figures,
    obligation_rows,
    timeline_rows,
)


def _safe(text: str) -> str:
    """Untrusted text: no raw HTML, no table breaks, one line."""
    cleaned = "".join(ch for ch in text if ch == "\n" or ch >= " ")
    return cleaned.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").replace("\n", " ")


def _source(citation: str, url: str) -> str:
    if not url:
        return _safe(citation)
    # A rule file is user input: keep the link from closing early or breaking the table.
    target = "".join(
        ch if ch.isascii() and ch > " " and ch not in "()<>|[]" else f"%{ord(ch):02X}"
        for ch in url
        if ord(ch) < 128
    )
    return f"[{_safe(citation).replace('[', '(').replace(']', ')')}]({target})"


def _status(row: ObligationRow) -> str:
    return row.status if row.time_left == "—" else f"{row.status} ({row.time_left})"


def _exposure(brief: Brief) -> list[str]:
    out: list[str] = []
    money = exposure_rows(brief)
    if money:
        out.append("\n## Money at risk beyond lost sales\n")
        out.append("| Item | Amount |\n|---|---|")
        out.extend(f"| {_safe(k)} | {_safe(v)} |" for k, v in money)
    rows = obligation_rows(brief)
    if rows:
        out.append("\n## Obligations\n")
        out.append(
            f"Prompts for counsel, not legal advice. Times in {brief.incident.zone.key}. "
            "Each source must be confirmed by counsel.\n"
        )
        out.append("| Obligation | Tell | Deadline | Status | Source |\n|---|---|---|---|---|")
        out.extend(
            f"| {_safe(r.regime)} | {_safe(r.recipient)} | {_safe(r.deadline)} | "
            f"{_safe(_status(r))} | {_source(r.source, r.url)} |"
            for r in rows
        )
    return out


def render(brief: Brief) -> str:
    incident = brief.incident
    zone = incident.zone
    out: list[str] = []
    label = " · ".join(_safe(x) for x in (incident.id, incident.severity) if x)
    out.append(f"# {_safe(incident.title)}")
    if label:
        out.append(f"\n{label}")
    out.append(f"\n**{_safe(brief.headline)}**\n")
    out.append("| Key figure | Value |\n|---|---|")
    out.extend(f"| {_safe(k)} | {_safe(v)} |" for k, v in key_figures(brief))
    for section in brief.sections:
        out.append(f"\n## {section.title}\n\n{_safe(section.text)}")
    out.extend(_exposure(brief))
    out.append("\n## Timeline\n")
    out.append(f"Times in {zone.key}.\n")
    out.extend(f"- **{_safe(when)}**: {_safe(what)}" for when, what in timeline_rows(brief))
    out.append("\n## Commitments\n")
    out.append("| # | What | Owner | Due | Status |\n|---|---|---|---|---|")
    for c in brief.commitments:
        status = c.status if c.source == "file" else f"{c.status} (proposed)"
        out.append(
            f"| {c.number} | {_safe(c.what)} | {_safe(c.owner or '—')} | "
            f"{_safe(speech.due(c.due, zone))} | {status} |"
        )
    out.append("\n## Script\n")
    for line in brief.script:
        who = "You" if line.speaker == "you" else "CEO"
        out.append(f"**{who}:** {_safe(line.text)}\n")
    out.append("## Tough questions\n")
    for q in brief.qa:
        out.append(f"**{_safe(q.question)}**  \n{_safe(q.answer)}\n")
    if brief.unknowns:
        out.append("## Still unknown\n")
        out.extend(
            f"- {_safe(speech.capital(u.fact))} (`{u.field}`): ask the {_safe(u.owner)}. "
            f"{_safe(u.action)}"
            for u in brief.unknowns
        )
    r = brief.readiness
    out.append(
        f"\n## Readiness\n\nVerdict: **{r.verdict.replace('_', ' ')}**. "
        f"Spoken part: about {r.spoken_seconds} seconds (aim: {r.budget_seconds})."
    )
    out.extend(f"- {_safe(reason)}" for reason in r.reasons)
    return "\n".join(out) + "\n"
