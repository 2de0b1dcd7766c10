"""The one-pager as PDF: the HTML page printed by WeasyPrint, the chart as a 2x PNG.

Always one A4 page, its type never under 10 pt (brief.css, @media print): the cold reader
could not read the 6 pt a page scaled down to fit gave them. When the page would spill
over, parts give way whole, in turn: the timeline chart (the slides and brief.html keep it),
then html.GIVE_WAY's parts, each said elsewhere on the page or in the slides; the page says
what it left out. Only a brief too long even then has its longest free text cut, with an
ellipsis (the HTML keeps the full text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from execbrief.render import timeline_chart
from execbrief.render.embedded import data_uri, embedded_only
from execbrief.render.html import page, parts

if TYPE_CHECKING:
    from execbrief.core.story import Brief

CHART_INCHES = (7.3, 2.7)  # the full width of an A4 page inside its margins
TEXT_LIMITS = (1200, 700, 400, 200)  # characters per block, when nothing else gives way


def chart_inches(brief: Brief) -> tuple[float, float]:
    """The chart as tall as its rows need, up to CHART_INCHES: a short timeline leaves its
    room to the text, so less of it gives way."""
    width, most = CHART_INCHES
    return width, min(most, timeline_chart.needed_height(brief, width))


def warm_up() -> None:
    """Import WeasyPrint ahead of time (render/batch.py does it while the brief is composed)."""
    import weasyprint  # noqa: F401


def render(brief: Brief) -> bytes:
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    chart = data_uri("image/png", timeline_chart.png(brief, *chart_inches(brief)))
    # What gives way, in turn, so the page stays one page in readable type: the chart, then
    # each part of GIVE_WAY this brief has (each said elsewhere); cutting text comes last.
    order = ("timeline", *parts(brief))

    def layout(leave_out: tuple[str, ...], limit: int | None = None) -> Any:
        source = page(
            brief,
            "" if "timeline" in leave_out else chart,
            text_limit=limit,
            leave_out=leave_out,
            left_out=tuple(p for p in order if p in leave_out),
        )
        return HTML(string=source, url_fetcher=embedded_only()).render()

    def fits(document: Any) -> bool:
        return len(document.pages) == 1

    document = layout(())
    if not fits(document):  # most briefs fit as they are: one layout
        document = _give_way(order, layout, fits)
    document.pages[1:] = []  # never a second page, even for a brief beyond every limit
    data: bytes = document.write_pdf()
    return data


def _give_way(order: tuple[str, ...], layout: Any, fits: Any) -> Any:
    """The page with the fewest of `order`'s first parts left out (found by halving: each
    layout costs about 0.3 s); then each part left out before the one that made it fit is
    put back, the most needed first, when the page still holds it (a big part gone can
    leave room for a small one). With every part out and still too long, the longest text
    is cut (TEXT_LIMITS)."""
    low, high = 1, len(order)
    found: dict[int, Any] = {}
    while low < high:
        middle = (low + high) // 2
        found[middle] = layout(order[:middle])
        if fits(found[middle]):
            high = middle
        else:
            low = middle + 1
    best = found.get(low) or layout(order[:low])
    if not fits(best):
        for limit in TEXT_LIMITS:
            best = layout(order, limit)
            if fits(best):
                break
        return best
    out = list(order[:low])
    for part in reversed(order[: low - 1]):
        trial = tuple(p for p in out if p != part)
        document = layout(trial)
        if fits(document):
            out, best = list(trial), document
    return best
