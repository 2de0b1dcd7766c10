"""The Brief as a self-contained HTML one-pager (inline CSS, the chart embedded).

Jinja2 with autoescaping: incident text is passed in as values, escaped on output and
never compiled as a template. The PDF is printed from the same page (render/pdf.py).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from execbrief.core import speech
from execbrief.render import timeline_chart
from execbrief.render.embedded import data_uri
from execbrief.render.figures import (
    NOTIFY,
    at_a_glance,
    big_numbers,
    commitment_rows,
    late_from_us,
    needs_you_now,
    obligation_rows,
    repeat_risk,
    unknown_lines,
)
from execbrief.render.untrusted import cut, printable

if TYPE_CHECKING:
    from jinja2 import Environment, Template

    from execbrief.core.story import Brief


@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("execbrief", "templates/html"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _template() -> tuple[Template, str]:
    return _environment().get_template("brief.html.j2"), stylesheet()


@cache
def stylesheet() -> str:
    """The handout's own CSS (the web workspace serves it as a file: its pages allow no
    inline style)."""
    from importlib.resources import files

    return files("execbrief").joinpath("templates", "html", "brief.css").read_text("utf-8")


def columns(sections: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """The sections in reading order, split in two columns of about equal length."""
    sizes = [len(s["text"]) + 80 for s in sections]  # a heading weighs about 80 characters
    total = sum(sizes)
    best = min(range(1, len(sections) + 1), key=lambda n: abs(total - 2 * sum(sizes[:n])))
    return [sections[:best], sections[best:]]


# What the one-page PDF leaves out whole when its page is full, in this order, after the
# timeline chart (the type never shrinks below 10 pt; render/pdf.py puts back what still
# fits): each part is said elsewhere on the page or in the slides. The figures the prose
# already says, the next steps (each one is in the commitments table), what is still unknown
# (the prose says each unknown), the commitments, the legal clocks and the full decisions
# (the slides have each; "Needs you now" keeps the decisions due today). The page says
# what it left out; "Needs you now", the headline, the tiles and the chance of a repeat stay.
GIVE_WAY = (
    "figures",
    "next_steps",
    "unknowns",
    "commitments",
    "obligations",
    "asks",
    # a brief with many overdue notices and missed promises (they come first, whole): the
    # headline and the tiles say what happened and what it cost in short
    "what_happened",
    "impact",
)
LEFT_OUT_WORDS = {
    "timeline": "the timeline",
    "figures": "the other figures",
    "next_steps": "next steps",
    "unknowns": "what is still unknown",
    "commitments": "our commitments",
    "obligations": "the legal and contractual clocks",
    "asks": "each decision in full",
    "what_happened": "what happened in full",
    "impact": "the business impact in full",
}


def parts(brief: Brief) -> tuple[str, ...]:
    """The parts of GIVE_WAY this brief has, in GIVE_WAY's order (one it lacks is never
    said to be left out)."""
    keys = {s.key for s in brief.sections}
    has = {
        "figures": bool(at_a_glance(brief, beyond_tiles=True)),
        "next_steps": "next_steps" in keys,
        "unknowns": bool(brief.unknowns),
        "commitments": bool(brief.commitments),
        "obligations": bool(obligation_rows(brief)),
        "asks": "asks" in keys,
        "what_happened": "what_happened" in keys,
        "impact": "impact" in keys,
    }
    return tuple(part for part in GIVE_WAY if has[part])


def left_out_note(parts: list[str]) -> str:
    """'For room, this page leaves out the timeline and next steps. The slides have them.'"""
    said = [LEFT_OUT_WORDS[p] for p in parts]
    listed = said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"
    them = "it" if len(said) == 1 else "them"
    return f"For room, this page leaves out {listed}. The slides have {them}."


def context(
    brief: Brief,
    chart_uri: str,
    text_limit: int | None = None,
    leave_out: tuple[str, ...] = (),
    left_out: tuple[str, ...] = (),
) -> dict[str, Any]:
    """What the template shows: the handout only (no script, timings, field names or
    findings: those are in presenter.md). `text_limit` shortens the sections' long text,
    the PDF's last resort when a page cannot hold it even with every part of `GIVE_WAY` left
    out (the headline and what needs the CEO now are never cut);
    `leave_out` names the parts of GIVE_WAY the page goes without, and `left_out` every
    part its note names (the chart among them, when it went)."""

    def text(value: str) -> str:
        return printable(value)

    def long_text(value: str) -> str:
        clean = printable(value)
        return cut(clean, text_limit) if text_limit else clean

    incident = brief.incident
    zone = incident.zone
    a = brief.assessment
    label = " · ".join(text(x) for x in (incident.id, incident.severity, incident.service) if x)
    return {
        "title": text(incident.title),
        "label": label,
        "headline": text(brief.headline),
        "urgent": [text(line) for line in needs_you_now(brief)],
        "left_out": left_out_note(list(left_out)) if left_out else "",
        # the one line of the next steps no table holds: kept, in body type, when they go
        "no_update": brief.no_update_line if "next_steps" in leave_out else None,
        "late": [text(line) for line in late_from_us(brief)],
        "tiles": big_numbers(brief),
        "columns": columns(
            [
                {"key": s.key, "title": s.title, "text": long_text(s.text)}
                for s in brief.sections
                if s.key not in leave_out
            ]
        ),
        "obligations": [] if "obligations" in leave_out else obligation_rows(brief),
        "notify": NOTIFY,
        "repeat_risk": repeat_risk(brief),
        "chart_uri": chart_uri,
        "chart_alt": "Timeline: " + timeline_chart.title(brief),
        "commitments": []
        if "commitments" in leave_out
        else [
            {
                "number": c.number,
                "what": text(c.what),
                "owner": text(c.owner),
                "due": c.due,
                "status": c.status,
            }
            for c in commitment_rows(brief)
        ],
        "figures": []
        if "figures" in leave_out
        else [(label, text(value)) for label, value in at_a_glance(brief, beyond_tiles=True)],
        "unknowns": []
        if "unknowns" in leave_out
        else [text(line) for line in unknown_lines(brief)],
        "as_of": speech.clock_time(a.now, zone),
        "zone": speech.zone_words(zone),
    }


def page(
    brief: Brief,
    chart_uri: str,
    text_limit: int | None = None,
    print_css: str = "",
    leave_out: tuple[str, ...] = (),
    left_out: tuple[str, ...] = (),
) -> str:
    """The page; `print_css` (ours, for the PDF's page size) is added after the style sheet;
    `leave_out` and `left_out` as for `context` (the PDF's)."""
    template, css = _template()
    from markupsafe import Markup

    # the style sheets are ours, from the package, never incident text: not escaped
    return template.render(
        css=Markup(css),
        print_css=Markup(print_css),
        **context(brief, chart_uri, text_limit, leave_out, left_out),
    )


def body(brief: Brief, chart_uri: str = "") -> str:
    """The handout alone, without its page and style sheet: the web editor's live preview
    (no chart: it answers as you type) and the CEO's share page put it in their own page."""
    template = _environment().get_template("handout.html.j2")
    return template.render(**context(brief, chart_uri))


def chart_uri(brief: Brief) -> str:
    """The timeline chart as a data: URI, for an <img> in the page."""
    return data_uri("image/svg+xml", timeline_chart.svg(brief, *CHART_INCHES))


CHART_INCHES = (7.2, 3.2)


def render(brief: Brief) -> str:
    return page(brief, chart_uri(brief))
