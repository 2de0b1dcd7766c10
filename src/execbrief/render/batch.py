"""Every file format of one Brief, for `--out`: the PDF in a forked helper process.

Printing the PDF (WeasyPrint: its import, layout and fonts) takes about as long as all the
other formats together. Where the system can fork and has a second core, a child process
prints it while this one does the rest (the deck, Markdown and JSON):

- the child can be started before the Brief exists (`pdf_helper()`), so that it imports
  WeasyPrint while this process reads the incident and composes the brief;
- the charts are drawn here and sent with the Brief (pickled, over a private pipe), so
  the child never imports matplotlib: no work is done twice;
- the child also renders the HTML page, which shares its template with the PDF.

If the child fails for any reason, the PDF is rendered here instead, so an error surfaces
exactly as it would have without the helper.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from execbrief.render import file_formats, render
from execbrief.render.forked import Forked, started

if TYPE_CHECKING:
    from execbrief.core.story import Brief

IN_HELPER = ("pdf", "html")  # WeasyPrint and Jinja2 are imported there, early


def _warm_up() -> None:
    from execbrief.render import pdf
    from execbrief.render.html import _template

    pdf.warm_up()
    _template()


def _print(request: bytes) -> bytes:
    """In the helper: the PDF and the HTML of the Brief it is sent, with the parent's charts."""
    from execbrief.render import timeline_chart

    brief, options, charts = pickle.loads(request)  # from our own parent process
    for (fmt, width, height), data in charts.items():
        timeline_chart.remember(brief, fmt, width, height, data)
    return pickle.dumps({n: render(n, brief, **options) for n in IN_HELPER})


class Helper:
    """A forked child that prints one PDF (and the HTML page); used at most once."""

    def __init__(self, child: Forked) -> None:
        self._child = child

    def send(self, brief: Brief, options: dict[str, Any]) -> None:
        """Draw the charts here (kept for the other formats) and hand the Brief over."""
        from execbrief.render import html, pdf, timeline_chart

        charts = {
            ("png", *pdf.CHART_INCHES): timeline_chart.png(brief, *pdf.CHART_INCHES),
            ("svg", *html.CHART_INCHES): timeline_chart.svg(brief, *html.CHART_INCHES),
        }
        self._child.send(pickle.dumps((brief, options, charts)))

    def collect(self) -> dict[str, str | bytes] | None:
        """The formats rendered by the helper, or None when it failed."""
        payload = self._child.collect()
        if payload is None:
            return None
        found: dict[str, str | bytes] = pickle.loads(payload)  # from our own child
        return found

    def abandon(self) -> None:
        self._child.abandon()


@contextmanager
def pdf_helper() -> Iterator[Helper | None]:
    """A PDF helper started now (None where forking is not possible), always cleaned up."""
    wanted = set(IN_HELPER) <= set(file_formats())
    with started(lambda: Forked(_warm_up, _print), wanted) as child:
        yield None if child is None else Helper(child)


def _render_all(brief: Brief, helper: Helper | None, options: dict[str, Any]) -> dict[str, Any]:
    names = list(file_formats())
    rendered: dict[str, str | bytes] = {}
    if helper is not None:
        helper.send(brief, options)
    for name in names:
        if name not in IN_HELPER or helper is None:
            rendered[name] = render(name, brief, **options)
    if helper is not None:
        # when the helper failed, render here: any error surfaces as it would have
        done = helper.collect() or {name: render(name, brief, **options) for name in IN_HELPER}
        rendered.update(done)
    return {name: rendered[name] for name in names}


def render_files(
    brief: Brief, helper: Helper | None = None, **options: Any
) -> dict[str, str | bytes]:
    """{format name: content} for every format written by --out, in registry order.

    Pass the helper from `pdf_helper()` when it was started early; otherwise one is
    started here where possible.
    """
    if helper is not None:
        return _render_all(brief, helper, options)
    with pdf_helper() as started:
        return _render_all(brief, started, options)
