"""Every file format of one Brief, for `--out`: the PDF in a forked helper process.

Printing the PDF (WeasyPrint: its import, layout and fonts) takes about as long as all the
other formats together, so where the system can fork and has a second core, a child
process prints it while this one renders the rest. The PDF's chart is drawn here first,
so the child does no work twice (no second matplotlib import). The child starts from a
copy of this process, Brief and chart included: nothing is pickled, nothing is re-read.
If the child fails for any reason, the PDF is rendered here instead, so an error surfaces
exactly as it would have without the helper.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from execbrief.render import file_formats, render

if TYPE_CHECKING:
    from execbrief.core.brief import Brief

IN_HELPER = "pdf"


def _can_fork() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def _start_helper(brief: Brief, options: dict[str, Any]) -> tuple[int, int]:
    """Fork a child that renders the PDF and writes b'ok' + bytes (or b'no') to a pipe."""
    from execbrief.render import pdf, timeline_chart

    timeline_chart.png(brief, *pdf.CHART_INCHES)  # drawn once, kept for the child
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, send, and leave without running the parent's exit code
        os.close(read_end)
        try:
            content = render(IN_HELPER, brief, **options)
            payload = b"ok" + (content if isinstance(content, bytes) else content.encode())
        except BaseException:
            payload = b"no"
        try:
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(write_end)
    return pid, read_end


def _collect(pid: int, read_end: int) -> bytes | None:
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    os.waitpid(pid, 0)
    return payload[2:] if payload.startswith(b"ok") else None


def render_files(brief: Brief, **options: Any) -> dict[str, str | bytes]:
    """{format name: content} for every format written by --out, in registry order."""
    names = list(file_formats())
    helper = _start_helper(brief, options) if IN_HELPER in names and _can_fork() else None
    rendered: dict[str, str | bytes] = {}
    for name in names:
        if name == IN_HELPER and helper is not None:
            continue
        rendered[name] = render(name, brief, **options)
    if helper is not None:
        from_helper = _collect(*helper)
        rendered[IN_HELPER] = (
            from_helper if from_helper is not None else render(IN_HELPER, brief, **options)
        )
    return {name: rendered[name] for name in names}
