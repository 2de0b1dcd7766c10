"""Every file format of one Brief, for `--out`: the PDF in a forked helper process.

Printing the PDF (WeasyPrint: its import, layout and fonts) takes about as long as all the
other formats together. Where the system can fork and has a second core, a child process
prints it while this one does the rest:

- the child can be started before the Brief exists (`pdf_helper()`), so that it imports
  WeasyPrint while this process reads the incident and composes the brief;
- the PDF's chart is drawn here and sent with the Brief (pickled, over a private pipe),
  so the child never imports matplotlib: no work is done twice.

If the child fails for any reason, the PDF is rendered here instead, so an error surfaces
exactly as it would have without the helper.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from execbrief.render import file_formats, render

if TYPE_CHECKING:
    from execbrief.core.brief import Brief

IN_HELPER = "pdf"


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
            brief, options, chart = pickle.loads(request)  # from our own parent process
            timeline_chart.remember_png(brief, *pdf.CHART_INCHES, chart)
            content = render(IN_HELPER, brief, **options)
            payload = b"ok" + (content if isinstance(content, bytes) else content.encode())
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

    def send(self, brief: Brief, options: dict[str, Any]) -> None:
        from execbrief.render import pdf, timeline_chart

        chart = timeline_chart.png(brief, *pdf.CHART_INCHES)  # drawn here, kept for later
        requests, self._requests = self._requests, -1
        with os.fdopen(requests, "wb") as pipe:
            pipe.write(pickle.dumps((brief, options, chart)))

    def collect(self) -> bytes | None:
        """The PDF, or None when the helper failed."""
        replies, self._replies = self._replies, -1
        with os.fdopen(replies, "rb") as pipe:
            payload = pipe.read()
        os.waitpid(self._pid, 0)
        self._done = True
        return payload[2:] if payload.startswith(b"ok") else None

    def abandon(self) -> None:
        """Let an unused helper go: it reads end-of-file, and exits."""
        if self._done:
            return
        for end in (self._requests, self._replies):  # -1: already handed over and closed
            if end >= 0:
                os.close(end)
        self._requests = self._replies = -1
        os.waitpid(self._pid, 0)
        self._done = True


@contextmanager
def pdf_helper() -> Iterator[Helper | None]:
    """A PDF helper started now (None where forking is not possible), always cleaned up."""
    helper = None
    if _can_fork() and IN_HELPER in file_formats():
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
        if name != IN_HELPER or helper is None:
            rendered[name] = render(name, brief, **options)
    if helper is not None:
        printed = helper.collect()
        # when the helper failed, render here: any error surfaces as it would have
        rendered[IN_HELPER] = render(IN_HELPER, brief, **options) if printed is None else printed
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
