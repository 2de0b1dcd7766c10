"""The one-pager as PDF: the HTML page printed by WeasyPrint, the chart as a 2x PNG.

Long free text is cut (with an ellipsis) so a typical brief fits one A4 page and even a
wordy one stays within two; the HTML keeps the full text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from execbrief.render import timeline_chart
from execbrief.render.html import data_uri, page

if TYPE_CHECKING:
    from execbrief.core.story import Brief

TEXT_LIMIT = 700  # characters per block of free text on paper
CHART_INCHES = (7.3, 2.7)  # the full width of an A4 page inside its margins


def embedded_only() -> Any:
    """A fetcher for data: URLs only: the page embeds all it shows, so nothing is ever
    loaded from the network or the disk, whatever the incident text says."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",), allow_redirects=False)


def warm_up() -> None:
    """Import WeasyPrint ahead of time (render/batch.py does it while the brief is composed)."""
    import weasyprint  # noqa: F401


def render(brief: Brief) -> bytes:
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    chart = data_uri("image/png", timeline_chart.png(brief, *CHART_INCHES))
    html = HTML(string=page(brief, chart, text_limit=TEXT_LIMIT), url_fetcher=embedded_only())
    document = html.render()
    data: bytes = document.write_pdf()
    return data
