"""The period report's PDF in a forked helper process (render/forked.py), as render/batch.py
does for a brief.

WeasyPrint's import and layout take about half of `report --out`. Where the system can
fork and has a second core, a child imports WeasyPrint while this process draws the
charts, then prints the PDF while this one writes the slides and the Markdown. The child
is handed the figures and the charts (pickled, over a private pipe) and computes nothing
of its own. If it fails for any reason, the PDF is printed here instead, so an error
surfaces exactly as it would have without the helper.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from execbrief.render.forked import Forked, started


def _warm_up() -> None:
    import weasyprint  # noqa: F401  (the slow part, done while the parent draws)


def _print(request: bytes) -> bytes:
    from execbrief.render.period_report import pdf

    figures, pictures = pickle.loads(request)  # from our own parent process
    return pdf(figures, pictures)


class PdfHelper:
    """A forked child that prints one report PDF; used at most once."""

    def __init__(self, child: Forked) -> None:
        self._child = child

    def send(self, figures: dict[str, Any], pictures: dict[str, bytes]) -> None:
        self._child.send(pickle.dumps((figures, pictures)))

    def collect(self) -> bytes | None:
        """The PDF, or None when the helper failed."""
        return self._child.collect()

    def abandon(self) -> None:
        self._child.abandon()


@contextmanager
def pdf_helper() -> Iterator[PdfHelper | None]:
    """A helper started now (None where forking is not possible), always cleaned up."""
    with started(lambda: Forked(_warm_up, _print)) as child:
        yield None if child is None else PdfHelper(child)
