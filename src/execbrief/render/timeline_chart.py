"""The incident timeline as a chart a CEO reads in five seconds.

One row per moment, in time order, top to bottom: the milestones (impact began, detected,
impact ended, resolved) in the accent colour, other events in grey, each labelled with its
local time. The time customers were affected is shaded in a tint of the same accent.
Times are in the audience's zone.

matplotlib is imported here only (and with the Agg backend), so nothing else pays for it.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from execbrief.core import speech
from execbrief.render.figures import compact_duration
from execbrief.render.untrusted import cut, without_pictographs

if TYPE_CHECKING:
    from execbrief.core.story import Brief

ACCENT = "#0B5CAD"
INK = "#1F2328"
MUTED = "#6E7781"
MAX_ROWS = 9
LABEL_CHARS = 48


@dataclass(frozen=True)
class Mark:
    at: datetime
    label: str
    milestone: bool


def marks(brief: Brief) -> list[Mark]:
    """The moments shown, in time order; milestones first when more than MAX_ROWS."""
    t = brief.incident.timeline
    zone = brief.incident.zone
    found = [Mark(t.started.astimezone(zone), "Impact began", True)]
    if t.detected:
        found.append(Mark(t.detected.astimezone(zone), "Detected", True))
    if t.mitigated:
        found.append(Mark(t.mitigated.astimezone(zone), "Impact ended", True))
    if t.resolved:
        found.append(Mark(t.resolved.astimezone(zone), "Resolved", True))
    if brief.assessment.ongoing:
        found.append(Mark(brief.assessment.now.astimezone(zone), "Now: still going on", True))
    events = [
        Mark(e.at.astimezone(zone), cut(without_pictographs(e.what), LABEL_CHARS), False)
        for e in t.events
    ]
    room = max(MAX_ROWS - len(found), 0)
    if len(events) > room:  # keep the first and last events, evenly spaced in between
        step = (len(events) - 1) / max(room - 1, 1)
        events = [events[round(i * step)] for i in range(room)] if room else []
    return sorted(found + events, key=lambda m: (m.at, not m.milestone))


def _clock(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def _tick(moment: datetime) -> str:
    if moment.hour == 0 and moment.minute == 0:
        return f"midnight\n{moment:%b} {moment.day}"
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{hour} {half}" if moment.minute == 0 else f"{hour}:{moment.minute:02d} {half}"


def title(brief: Brief) -> str:
    a = brief.assessment
    who = brief.incident.impact.users_unit.capitalize()
    if a.ongoing:
        return f"{who} affected for {compact_duration(a.impact_minutes)} so far, still going on"
    return f"{who} affected for {compact_duration(a.impact_minutes)}"


def _figure(brief: Brief, width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    from importlib import import_module

    from matplotlib.figure import Figure

    mdates: Any = import_module("matplotlib.dates")

    zone = brief.incident.zone
    rows = marks(brief)
    a = brief.assessment
    start = brief.incident.timeline.started.astimezone(zone)
    end = (brief.incident.timeline.mitigated or a.now).astimezone(zone)
    first, last = rows[0].at, max(rows[-1].at, end)
    span = max(last - first, timedelta(minutes=10))
    pad = span * 0.04

    fig = Figure(figsize=(width, height), layout="constrained")
    ax: Any = fig.add_subplot()
    ax.axvspan(start, end, color=ACCENT, alpha=0.12, lw=0)  # one accent colour, tinted
    ax.text(
        start + (end - start) / 2,
        -0.9,
        f"{brief.incident.impact.users_unit} affected" + (" (still going on)" if a.ongoing else ""),
        ha="center",
        va="center",
        fontsize=9,
        color=ACCENT,
        clip_on=True,
    )
    middle = first + span / 2
    for row, mark in enumerate(rows):
        colour = ACCENT if mark.milestone else MUTED
        ax.hlines(row, first - pad, last + pad, color="#EAEEF2", lw=0.8, zorder=0)
        ax.plot(mark.at, row, "o", ms=8 if mark.milestone else 6, color=colour, zorder=3)
        right = mark.at <= middle
        ax.annotate(
            f"{_clock(mark.at)}  {mark.label}",
            (mark.at, row),
            xytext=(8 if right else -8, 0),
            textcoords="offset points",
            ha="left" if right else "right",
            va="center",
            fontsize=10,
            color=INK if mark.milestone else MUTED,
            fontweight="bold" if mark.milestone else "normal",
        )
    ax.set_ylim(len(rows) - 0.4, -1.5)
    ax.set_xlim(first - pad, last + pad)
    ax.set_yticks([])
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_locator(mdates.AutoDateLocator(tz=zone, minticks=3, maxticks=7))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: _tick(mdates.num2date(x, tz=zone))))
    ax.tick_params(axis="x", colors=MUTED, labelsize=9)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color("#D0D7DE")
    days = speech.day(first.date())
    if last.date() != first.date():
        days += " to " + speech.day(last.date())
    ax.set_xlabel(f"{days} · times in {zone.key} ({start.tzname()})", color=MUTED, fontsize=9)
    ax.set_title(title(brief), loc="left", fontsize=13, fontweight="bold", color=INK)
    return fig


def _save(brief: Brief, width: float, height: float, fmt: str, dpi: int) -> bytes:
    import matplotlib

    buffer = io.BytesIO()
    settings: Any = {
        "text.parse_math": False,  # a '$' in incident text is money, not TeX
        "svg.fonttype": "none",
        "svg.hashsalt": "execbrief",
        "font.family": ["DejaVu Sans"],
    }
    with matplotlib.rc_context(settings), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyphs the font lacks (emoji) are left out
        fig = _figure(brief, width, height)
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata={"Date": None} if fmt == "svg" else {})
    return buffer.getvalue()


# The last charts drawn, with the Brief they were drawn for (compared by identity): lets
# render/batch.py draw the charts before it hands the PDF and HTML to its helper process,
# which then needs no matplotlib.
_drawn: dict[tuple[str, float, float], tuple[Brief, bytes]] = {}
DPI = {"svg": 100, "png": 200}  # PNG at twice the usual resolution: sharp in print


def remember(brief: Brief, fmt: str, width: float, height: float, data: bytes) -> None:
    """Keep a chart drawn elsewhere (by the process that forked this one) for `brief`."""
    _drawn[(fmt, width, height)] = (brief, data)


def _chart(brief: Brief, fmt: str, width: float, height: float) -> bytes:
    found = _drawn.get((fmt, width, height))
    if found is not None and found[0] is brief:
        return found[1]
    data = _save(brief, width, height, fmt, DPI[fmt])
    _drawn[(fmt, width, height)] = (brief, data)
    return data


def svg(brief: Brief, width: float = 7.2, height: float = 3.2) -> bytes:
    return _chart(brief, "svg", width, height)


def png(brief: Brief, width: float = 7.2, height: float = 3.2) -> bytes:
    """PNG at twice the usual 100 dpi, sharp on print and on high-density screens."""
    return _chart(brief, "png", width, height)
