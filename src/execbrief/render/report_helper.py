"""The period report's PDF in a forked helper process, as render/batch.py does for a brief.

WeasyPrint's import and layout take about half of `report --out`. Where the system can
fork and has a second core, a child imports WeasyPrint while this process draws the
charts, then prints the PDF while this one writes the slides and the Markdown. The child
is handed the figures and the charts (pickled, over a private pipe) and computes nothing
of its own. If it fails for any reason, the PDF is printed here instead, so an error
surfaces exactly as it would have without the helper.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def _child(requests: int, replies: int) -> None:
    """In the helper: import WeasyPrint, wait for (figures, charts), print, reply."""
    payload = b"no"
    try:
        import weasyprint  # noqa: F401  (the slow part, done while the parent draws)

        from execbrief.render.period_report import pdf

        with os.fdopen(requests, "rb") as pipe:
            request = pipe.read()
        if request:
            figures, pictures = pickle.loads(request)  # from our own parent process
            payload = b"ok" + pdf(figures, pictures)
    except BaseException:
        payload = b"no"
    try:
        with os.fdopen(replies, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(0)  # never run the parent's exit handlers or flush its buffers


class PdfHelper:
    """A forked child that prints one report PDF; used at most once."""

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
        self._writer: threading.Thread | None = None
        self._done = False

    def send(self, figures: dict[str, Any], pictures: dict[str, bytes]) -> None:
        requests, self._requests = self._requests, -1
        request = pickle.dumps((figures, pictures))

        def write() -> None:  # the child reads once its import is done: do not wait for it
            with os.fdopen(requests, "wb") as pipe, contextlib.suppress(BrokenPipeError):
                pipe.write(request)

        self._writer = threading.Thread(target=write, daemon=True)
        self._writer.start()

    def collect(self) -> bytes | None:
        """The PDF, or None when the helper failed."""
        replies, self._replies = self._replies, -1
        with os.fdopen(replies, "rb") as pipe:
            payload = pipe.read()
        if self._writer is not None:
            self._writer.join()
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
        if self._writer is not None:
            self._writer.join()
        os.waitpid(self._pid, 0)
        self._done = True


@contextmanager
def pdf_helper() -> Iterator[PdfHelper | None]:
    """A helper started now (None where forking is not possible), always cleaned up."""
    helper = None
    # Only a single-threaded process forks (the CLI): in a server, another thread may hold
    # a lock (imports, logging) that the child would wait on forever.
    alone = threading.active_count() == 1
    if alone and hasattr(os, "fork") and (os.cpu_count() or 1) > 1:
        try:
            helper = PdfHelper()
        except OSError:  # no more processes or pipes allowed: print the PDF here instead
            helper = None
    try:
        yield helper
    finally:
        if helper is not None:
            helper.abandon()
