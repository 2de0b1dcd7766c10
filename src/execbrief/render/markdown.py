"""The Brief as Markdown: the CEO's one-pager, to paste into a document or a message."""

from __future__ import annotations

from execbrief.core import speech
from execbrief.core.story import Brief
from execbrief.render import markdown_text
from execbrief.render.figures import (
    NOTIFY,
    at_a_glance,
    commitment_rows,
    late_from_us,
    needs_you_now,
    obligation_rows,
    repeat_risk,
    timeline_rows,
    unknown_lines,
)


def _safe(text: str) -> str:
    """Untrusted text on one line, shown as written: no link, image, HTML or table break
    (render/markdown_text.py)."""
    return markdown_text.text(text)


def _source(citation: str, url: str) -> str:
    if not url:
        return _safe(citation)
    # A rule file is user input: keep the link from closing early or breaking the table.
    target = "".join(
        ch if ch.isascii() and ch > " " and ch not in "()<>|[]" else f"%{ord(ch):02X}"
        for ch in url
        if ord(ch) < 128
    )
    label = _safe(citation.replace("[", "(").replace("]", ")"))
    return f"[{label}]({target})"


def _clocks(brief: Brief) -> list[str]:
    rows = obligation_rows(brief)
    if not rows:
        return []
    out = ["\n## Legal and contractual clocks\n"]
    zone = speech.zone_words(brief.incident.zone)
    out.append(f"Counsel must confirm these; not legal advice. Times are {zone}.\n")
    out.append(f"| Rule | {NOTIFY} | Deadline | Status |\n|---|---|---|---|")
    out.extend(
        f"| {_safe(r.regime)} | {_safe(r.recipient)} | {_safe(r.deadline)} | {_safe(r.state)} |"
        for r in rows
    )
    return out


def render(brief: Brief) -> str:
    """The handout: what the CEO reads. The script, questions, field names, findings and
    readiness are the presenter's (render/presenter.py)."""
    incident = brief.incident
    zone = incident.zone
    out: list[str] = []
    label = " · ".join(_safe(x) for x in (incident.id, incident.severity) if x)
    out.append(f"# {_safe(incident.title)}")
    if label:
        out.append(f"\n{label}")
    out.append(f"\nAs of {speech.clock_time(brief.assessment.now, zone)}.")
    out.append(f"\n**{_safe(brief.headline)}**\n")
    urgent = needs_you_now(brief)
    if urgent:  # first, and in large type: each line a heading of its own
        out.append("## Needs you now\n")
        out.extend(f"### {_safe(line)}\n" for line in urgent)
    late = late_from_us(brief)
    if late:
        out.append("## Late from us\n")
        out.extend(f"- {_safe(line)}" for line in late)
        out.append("")
    out.append("## At a glance\n")
    out.extend(f"- **{_safe(k)}:** {_safe(v)}" for k, v in at_a_glance(brief))
    for section in brief.sections:
        out.append(f"\n## {section.title}\n")
        if section.key == "recurrence" and repeat_risk(brief):
            out.append(f"**{repeat_risk(brief)}.**\n")
        out.append(_safe(section.text))
    out.extend(_clocks(brief))
    out.append("\n## Timeline\n")
    out.append(f"Times are {speech.zone_words(zone)}.\n")
    out.extend(f"- **{_safe(when)}**: {_safe(what)}" for when, what in timeline_rows(brief))
    out.append("\n## Our commitments\n")
    out.append("| # | What | Owner | Due | Status |\n|---|---|---|---|---|")
    out.extend(
        f"| {c.number} | {_safe(c.what)} | {_safe(c.owner)} | {_safe(c.due)} | {c.status} |"
        for c in commitment_rows(brief)
    )
    unknown = unknown_lines(brief)
    if unknown:
        out.append("\n## Still unknown\n")
        out.extend(f"- {_safe(line)}" for line in unknown)
    return "\n".join(out) + "\n"
