"""One piece of slow printing done in a forked child process while this one works on.

Printing a PDF (WeasyPrint: its import, layout and fonts) takes about as long as all the
other outputs together. Where the system can fork and has a second core, a child is
started early: it warms up (imports) at once, then waits for one request over a private
pipe, does the work and replies. The parent sends the request when it has it and collects
the reply when it needs it. A child that fails replies "no", and the caller does the work
itself, so that any error surfaces exactly as it would have without the child.

Used by render/batch.py (a brief's PDF and HTML) and render/report_helper.py (the period
report's PDF); each gives its own warm-up and work, and pickles its own request.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Work = Callable[[bytes], bytes]


def can_fork() -> bool:
    """Only a single-threaded process forks (the CLI): in a server, another thread may hold
    a lock (imports, logging) that the child would wait on forever."""
    alone = threading.active_count() == 1
    return alone and hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def _child(requests: int, replies: int, warm_up: Callable[[], None], work: Work) -> None:
    payload = b"no"
    try:
        warm_up()  # the slow imports, done while the parent works
        with os.fdopen(requests, "rb") as pipe:
            request = pipe.read()
        if request:
            payload = b"ok" + work(request)
    except BaseException:
        payload = b"no"
    try:
        with os.fdopen(replies, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(0)  # never run the parent's exit handlers or flush its buffers


class Forked:
    """A forked child that does one piece of work; used at most once."""

    def __init__(self, warm_up: Callable[[], None], work: Work) -> None:
        to_child_read, self._requests = os.pipe()
        self._replies, from_child_write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:
            os.close(self._requests)
            os.close(self._replies)
            _child(to_child_read, from_child_write, warm_up, work)
        os.close(to_child_read)
        os.close(from_child_write)
        self._writer: threading.Thread | None = None
        self._done = False

    def send(self, request: bytes) -> None:
        """Hand the request over; the child reads it once warm, so this does not wait."""
        requests, self._requests = self._requests, -1

        def write() -> None:
            with os.fdopen(requests, "wb") as pipe, contextlib.suppress(BrokenPipeError):
                pipe.write(request)

        self._writer = threading.Thread(target=write, daemon=True)
        self._writer.start()

    def collect(self) -> bytes | None:
        """The child's reply, or None when it failed."""
        replies, self._replies = self._replies, -1
        with os.fdopen(replies, "rb") as pipe:
            payload = pipe.read()
        if self._writer is not None:
            self._writer.join()
        os.waitpid(self._pid, 0)
        self._done = True
        return payload[2:] if payload.startswith(b"ok") else None

    def abandon(self) -> None:
        """Let an unused child go: it reads end-of-file, and exits."""
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
def started(make: Callable[[], Forked], wanted: bool = True) -> Iterator[Forked | None]:
    """A child made now (None where forking is not possible or not `wanted`), always
    cleaned up."""
    child = None
    if wanted and can_fork():
        try:
            child = make()
        except OSError:  # no more processes or pipes allowed: the caller works alone
            child = None
    try:
        yield child
    finally:
        if child is not None:
            child.abandon()
