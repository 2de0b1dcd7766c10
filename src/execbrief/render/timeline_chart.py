"""The incident timeline as a chart a CEO reads in five seconds.

One row per moment, in time order, top to bottom: the milestones (impact began, detected,
fix in place, impact ended, resolved) in bold with accent marks, other events in plain ink
with grey marks, each labelled with its local time (and day, when the chart spans days) in
a column at the left, wrapped to fit it (the chart grows taller rather than cut a label or
let one run past its edge). The time customers were affected is shaded in a tint of the
same accent. Times are in the audience's zone. An incident of days is drawn on a stretched
axis (time since it began, logarithmic), so its first hours are not crushed to a point.

matplotlib is imported here only (and with the Agg backend), so nothing else pays for it.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from execbrief.core import speech
from execbrief.render.figures import milestones
from execbrief.render.untrusted import cut, without_pictographs

if TYPE_CHECKING:
    from execbrief.core.story import Brief

ACCENT = "#0B5CAD"
INK = "#1F2328"
MUTED = "#6E7781"
MAX_ROWS = 14  # beyond this many moments, events are thinned (milestones always stay)
LABEL_CHARS = 160  # only a runaway label is cut; any normal one is wrapped, whole
LABEL_POINTS = 9.5
TITLE_POINTS = 13.0
LABEL_SHARE = 0.55  # of the figure's width, at most, for the labels' column
LINE_INCHES = 0.155  # one line of label text, with its leading
ROW_GAP_INCHES = 0.06  # between two moments
FRAME_INCHES = 0.9  # title, axis, ticks and its caption


@dataclass(frozen=True)
class Mark:
    at: datetime
    label: str
    milestone: bool


def marks(brief: Brief) -> list[Mark]:
    """The moments shown, in time order; an event at the very minute of a milestone is
    told on the milestone's row; milestones first when more than MAX_ROWS."""
    t = brief.incident.timeline
    zone = brief.incident.zone
    found = [Mark(at.astimezone(zone), what, True) for at, what in milestones(brief)]
    if brief.assessment.ongoing:
        found.append(Mark(brief.assessment.now.astimezone(zone), "Now: still going on", True))
    events: list[Mark] = []
    for e in t.events:
        moment = e.at.astimezone(zone)
        label = cut(without_pictographs(e.what), LABEL_CHARS)
        same = next((n for n, m in enumerate(found) if _minute(m.at) == _minute(moment)), None)
        if same is not None and ":" not in found[same].label:
            found[same] = Mark(found[same].at, f"{found[same].label}: {label}", True)
        else:
            events.append(Mark(moment, label, False))
    room = max(MAX_ROWS - len(found), 0)
    if len(events) > room:  # keep the first and last events, evenly spaced in between
        step = (len(events) - 1) / max(room - 1, 1)
        events = [events[round(i * step)] for i in range(room)] if room else []
    return sorted(found + events, key=lambda m: (m.at, not m.milestone))


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _clock(moment: datetime, dated: bool = False) -> str:
    """'9:31 AM'; with the day when the chart spans days: 'Nov 6, 9:31 AM'."""
    hour = moment.hour % 12 or 12
    said = f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"
    return f"{moment:%b} {moment.day}, {said}" if dated else said


LONG = timedelta(hours=36)  # a chart spanning more than this is drawn on a stretched axis
# Ticks of the stretched axis: time since the first moment, in words.
_OFFSETS = (
    (timedelta(0), "start"),
    (timedelta(hours=1), "+1 hour"),
    (timedelta(hours=6), "+6 hours"),
    (timedelta(days=1), "+1 day"),
    (timedelta(days=3), "+3 days"),
    (timedelta(days=7), "+1 week"),
    (timedelta(days=14), "+2 weeks"),
    (timedelta(days=30), "+1 month"),
    (timedelta(days=90), "+3 months"),
)


def _span(brief: Brief) -> tuple[datetime, datetime]:
    """The first and last moments the chart shows."""
    rows = marks(brief)
    zone = brief.incident.zone
    end = (brief.incident.timeline.mitigated or brief.assessment.now).astimezone(zone)
    return rows[0].at, max(rows[-1].at, end)


def stretched(brief: Brief) -> bool:
    """A long incident (days): its axis gives the first hours as much room as the last
    days, so the early steps are not crushed against the left edge."""
    first, last = _span(brief)
    return last - first > LONG


def _dated(brief: Brief) -> bool:
    first, last = _span(brief)
    return first.date() != last.date()


def _stretch(first: datetime, moment: datetime) -> float:
    """Hours since `first`, on a logarithmic scale: 0 at the start, 1 an hour in (log2)."""
    import math

    return math.log2(1 + max((moment - first).total_seconds(), 0) / 3600)


def _tick(moment: datetime) -> str:
    if moment.hour == 0 and moment.minute == 0:
        return f"midnight\n{moment:%b} {moment.day}"
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{hour} {half}" if moment.minute == 0 else f"{hour}:{moment.minute:02d} {half}"


def title(brief: Brief) -> str:
    """The chart's title, with the duration said as the prose says it."""
    who = brief.incident.impact.users_unit.capitalize()
    lasted = brief.situation["lasted"].phrase
    if brief.assessment.ongoing:
        return f"{who} affected for {lasted} so far, still going on"
    return f"{who} affected for {lasted}"


def labels(brief: Brief, width: float) -> list[str]:
    """Each row's label ('2:40 AM  Impact began'), wrapped to the labels' column of a
    chart `width` inches wide: every word shown, none beyond the chart's edge."""
    from execbrief.render.metrics import wrap

    column = width * 72 * LABEL_SHARE
    dated = _dated(brief)
    return [
        "\n".join(wrap(f"{_clock(m.at, dated)}  {m.label}", LABEL_POINTS, column, bold=m.milestone))
        for m in marks(brief)
    ]


def needed_height(brief: Brief, width: float) -> float:
    """The height (inches) at which every wrapped label has its own room."""
    lines = sum(label.count("\n") + 1 for label in labels(brief, width))
    rows = len(marks(brief))
    return FRAME_INCHES + 0.35 + lines * LINE_INCHES + rows * ROW_GAP_INCHES


def size(brief: Brief, width: float, height: float) -> tuple[float, float]:
    """(width, height) the chart is drawn at: `height`, or taller when its labels need it."""
    return width, max(height, needed_height(brief, width))


def _figure(brief: Brief, width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    from importlib import import_module

    from matplotlib.figure import Figure

    from execbrief.render.metrics import wrap

    mdates: Any = import_module("matplotlib.dates")

    width, height = size(brief, width, height)
    zone = brief.incident.zone
    rows = marks(brief)
    texts = labels(brief, width)
    a = brief.assessment
    start = brief.incident.timeline.started.astimezone(zone)
    end = (brief.incident.timeline.mitigated or a.now).astimezone(zone)
    first, last = rows[0].at, max(rows[-1].at, end)
    long = stretched(brief)

    def x(moment: datetime) -> Any:  # where a moment sits across the chart
        return _stretch(first, moment) if long else moment

    span: Any = x(last) - x(first) if long else max(last - first, timedelta(minutes=10))
    pad = span * 0.04

    # rows go down the chart; a wrapped label takes as many line heights as it has lines
    positions: list[float] = []
    y = 0.0
    for text in texts:
        lines = text.count("\n") + 1
        y += (lines * LINE_INCHES + ROW_GAP_INCHES) / 2
        positions.append(y)
        y += (lines * LINE_INCHES + ROW_GAP_INCHES) / 2
    top = -0.32  # room above the first row for the shaded span's caption

    fig = Figure(figsize=(width, height), layout="constrained")
    ax: Any = fig.add_subplot()
    ax.axvspan(x(start), x(end), color=ACCENT, alpha=0.12, lw=0)  # one accent colour, tinted
    # the caption starts at the span's edge nearer the middle, so it never runs off the axes
    leftish = (x(start) - x(first)) <= (x(last) - x(end))
    ax.text(
        x(start) if leftish else x(end),
        top / 2,
        f"{brief.incident.impact.users_unit} affected" + (" (still going on)" if a.ongoing else ""),
        ha="left" if leftish else "right",
        va="center",
        fontsize=9,
        color=ACCENT,
        clip_on=True,
    )
    for row, mark in zip(positions, rows, strict=True):
        colour = ACCENT if mark.milestone else MUTED
        ax.hlines(row, x(first) - pad, x(last) + pad, color="#EAEEF2", lw=0.8, zorder=0)
        ax.plot(x(mark.at), row, "o", ms=8 if mark.milestone else 6, color=colour, zorder=3)
    ax.set_ylim(y, top)
    ax.set_xlim(x(first) - pad, x(last) + pad)
    ax.set_yticks(positions, texts)
    ax.tick_params(axis="y", length=0, pad=6, labelsize=LABEL_POINTS)
    for label, mark in zip(ax.get_yticklabels(), rows, strict=True):
        # the main moments in bold; every other step in ink too, never too pale to read
        label.set_color(INK)
        label.set_fontweight("bold" if mark.milestone else "normal")
        label.set_linespacing(1.1)
    from matplotlib.ticker import FuncFormatter

    if long:
        ticks: list[tuple[float, str]] = []
        for offset, said in _OFFSETS:  # each far enough from the last to be read apart
            at = x(first + offset)
            if first + offset <= last and (not ticks or at - ticks[-1][0] >= span * 0.16):
                ticks.append((at, said))
        ax.set_xticks([at for at, _ in ticks], [said for _, said in ticks])
    else:
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(tz=zone, minticks=3, maxticks=7))
        ax.xaxis.set_major_formatter(
            FuncFormatter(lambda value, _: _tick(mdates.num2date(value, tz=zone)))
        )
    ax.tick_params(axis="x", colors=MUTED, labelsize=9)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color("#D0D7DE")
    days = speech.day(first.date())
    if last.date() != first.date():
        days += " to " + speech.day(last.date())
    said = f"{days} · times are {speech.zone_words(zone)} ({start.tzname()})"
    if long:  # each label says its day: the caption says how the axis is drawn instead
        said = f"times are {speech.zone_words(zone)} ({start.tzname()}) · time since it began, "
        said += "first hours drawn wider"
    caption = "\n".join(wrap(said, 9, width * 72 - 12))
    ax.set_xlabel(caption, color=MUTED, fontsize=9, loc="right")
    heading = "\n".join(wrap(title(brief), TITLE_POINTS, width * 72 - 12, bold=True))
    fig.suptitle(heading, x=0.01, ha="left", fontsize=TITLE_POINTS, fontweight="bold", color=INK)
    return fig


def outside(fig: Any) -> list[str]:
    """The texts of `fig` that stick out of it (drawn first): what a reader would see cut."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas: Any = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    frame = fig.bbox
    found = []
    for text in fig.findobj(lambda artist: hasattr(artist, "get_text")):
        if not text.get_visible() or not text.get_text().strip():
            continue
        box = text.get_window_extent(renderer)
        if (
            box.x0 < frame.x0 - 1
            or box.x1 > frame.x1 + 1
            or box.y0 < frame.y0 - 1
            or box.y1 > frame.y1 + 1
        ):
            found.append(text.get_text())
    return found


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
