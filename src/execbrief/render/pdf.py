"""The one-pager as PDF: the HTML page printed by WeasyPrint, the chart as a 2x PNG.

Always one A4 page. When the page would spill over, it is laid out on a larger sheet and
printed scaled down to A4 (smaller type, nothing cut), down to SCALES' last step; then the
timeline chart gives way (the slides and brief.html keep the timeline), and the type shrinks
again; only a brief too long even then has its longest free text cut, with an ellipsis
(the HTML keeps the full text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from execbrief.render import timeline_chart
from execbrief.render.embedded import data_uri, embedded_only
from execbrief.render.html import page

if TYPE_CHECKING:
    from execbrief.core.story import Brief

CHART_INCHES = (7.3, 2.7)  # the full width of an A4 page inside its margins
SCALES = (1.0, 0.93, 0.86, 0.8, 0.75, 0.7, 0.66)  # of the type, tried in turn until it fits
TEXT_LIMITS = (1200, 700, 400, 200)  # characters per block, when no scale fits
A4_MM = (210.0, 297.0)
MARGIN_MM = (11.0, 12.0)


def chart_inches(brief: Brief) -> tuple[float, float]:
    """The chart as tall as its rows need, up to CHART_INCHES: a short timeline leaves its
    room to the text, whose type then need not shrink as far."""
    width, most = CHART_INCHES
    return width, min(most, timeline_chart.needed_height(brief, width))


def sheet(scale: float) -> str:
    """CSS for a page 1/scale the size of A4, printed with zoom=scale: A4 exactly."""
    (w, h), (my, mx) = A4_MM, MARGIN_MM
    return (
        f"@page {{ size: {w / scale:.2f}mm {h / scale:.2f}mm; "
        f"margin: {my / scale:.2f}mm {mx / scale:.2f}mm; }}"
        # the chart shrinks with the type (at 100% of a larger sheet it would not)
        f"@media print {{ .timeline img {{ width: {scale * 100:.1f}%; }} }}"
    )


def warm_up() -> None:
    """Import WeasyPrint ahead of time (render/batch.py does it while the brief is composed)."""
    import weasyprint  # noqa: F401


def render(brief: Brief) -> bytes:
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    chart = data_uri("image/png", timeline_chart.png(brief, *chart_inches(brief)))
    # What gives way, in turn, so the page stays one page: the type shrinks; then the chart
    # goes (the slides and brief.html keep the timeline); cutting the CEO's text comes last.
    tries: list[tuple[str, int | None, float]] = [(chart, None, scale) for scale in SCALES]
    tries += [("", None, scale) for scale in SCALES]
    tries += [("", limit, SCALES[-1]) for limit in TEXT_LIMITS]
    laid_out: dict[int, Any] = {}

    def fits(i: int) -> bool:
        chart_uri, limit, scale = tries[i]
        source = page(brief, chart_uri, text_limit=limit, print_css=sheet(scale))
        laid_out[i] = HTML(string=source, url_fetcher=embedded_only()).render()
        return len(laid_out[i].pages) == 1

    # Most briefs fit as they are: one layout. Past that, each layout costs about 0.3 s, so
    # the first that fits is found by halving (each try gives more room than the one before).
    chosen = 0
    if not fits(0):
        low, high = 1, len(tries) - 1
        while low < high:
            middle = (low + high) // 2
            if fits(middle):
                high = middle
            else:
                low = middle + 1
        chosen = low
        if chosen not in laid_out:
            fits(chosen)
    document = laid_out[chosen]
    document.pages[1:] = []  # never a second page, even for a brief beyond every limit
    data: bytes = document.write_pdf(zoom=tries[chosen][2])
    return data
