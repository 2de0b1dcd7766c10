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

import contextlib
import os
import pickle
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from execbrief.render import file_formats, render

if TYPE_CHECKING:
    from execbrief.core.story import Brief

IN_HELPER = ("pdf", "html")  # WeasyPrint and Jinja2 are imported there, early


def _can_fork() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def _child(requests: int, replies: int) -> None:
    """In the helper: warm up, wait for (brief, options, chart), print the PDF, reply."""
    payload = b"no"
    try:
        from execbrief.render import pdf, timeline_chart
        from execbrief.render.html import _template

        pdf.warm_up()
        _template()
        with os.fdopen(requests, "rb") as pipe:
            request = pipe.read()
        if request:
            brief, options, charts = pickle.loads(request)  # from our own parent process
            for (fmt, width, height), data in charts.items():
                timeline_chart.remember(brief, fmt, width, height, data)
            payload = b"ok" + pickle.dumps({n: render(n, brief, **options) for n in IN_HELPER})
    except BaseException:
        payload = b"no"
    try:
        with os.fdopen(replies, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(0)  # never run the parent's exit handlers or flush its buffers


class Helper:
    """A forked child that prints one PDF; used at most once."""

    def __init__(self) -> None:
        to_child_read, self._requests = os.pipe()
        self._replies, from_child_write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:
            os.close(self._requests)
            os.close(self._replies)
            _child(to_child_read, from_child_write)
        os.close(to_child_read)
        os.close(from_child_write)
        self._done = False
        self._writer: threading.Thread | None = None

    def send(self, brief: Brief, options: dict[str, Any]) -> None:
        """Draw the charts here (kept for the other formats) and hand the Brief over."""
        from execbrief.render import html, pdf, timeline_chart

        charts = {
            ("png", *pdf.CHART_INCHES): timeline_chart.png(brief, *pdf.CHART_INCHES),
            ("svg", *html.CHART_INCHES): timeline_chart.svg(brief, *html.CHART_INCHES),
        }
        requests, self._requests = self._requests, -1
        request = pickle.dumps((brief, options, charts))

        def write() -> None:  # the child reads once its imports are done: do not wait for it
            with os.fdopen(requests, "wb") as pipe, contextlib.suppress(BrokenPipeError):
                pipe.write(request)

        self._writer = threading.Thread(target=write, daemon=True)
        self._writer.start()

    def collect(self) -> dict[str, str | bytes] | None:
        """The formats rendered by the helper, or None when it failed."""
        replies, self._replies = self._replies, -1
        with os.fdopen(replies, "rb") as pipe:
            payload = pipe.read()
        if self._writer is not None:
            self._writer.join()
        os.waitpid(self._pid, 0)
        self._done = True
        if not payload.startswith(b"ok"):
            return None
        found: dict[str, str | bytes] = pickle.loads(payload[2:])  # from our own child
        return found

    def abandon(self) -> None:
        """Let an unused helper go: it reads end-of-file, and exits."""
        if self._done:
            return
        for end in (self._requests, self._replies):  # -1: already handed over and closed
            if end >= 0:
                os.close(end)
        self._requests = self._replies = -1
        os.waitpid(self._pid, 0)
        if self._writer is not None:
            self._writer.join()
        self._done = True


@contextmanager
def pdf_helper() -> Iterator[Helper | None]:
    """A PDF helper started now (None where forking is not possible), always cleaned up."""
    helper = None
    if _can_fork() and set(IN_HELPER) <= set(file_formats()):
        try:
            helper = Helper()
        except OSError:  # no more processes or pipes allowed: print the PDF here instead
            helper = None
    try:
        yield helper
    finally:
        if helper is not None:
            helper.abandon()


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
