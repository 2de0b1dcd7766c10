"""How wide text is in the font we draw it with, and where it wraps.

The chart draws in DejaVu Sans (matplotlib's own font); the deck asks for Arial and is
measured here in DejaVu Sans, which is wider than Arial glyph for glyph, so text that fits
by this measure fits on the CEO's screen too. The font files come with matplotlib, so
they are always there; Pillow (a matplotlib dependency) reads them.
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

_SIZE = 200  # measure at a large pixel size, then scale: sub-point accuracy
FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}


def font_path(bold: bool = False) -> Path:
    """The DejaVu Sans file matplotlib ships (found without importing matplotlib)."""
    spec = find_spec("matplotlib")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf" / FONT_FILES[bold]


@cache
def _font(bold: bool) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(str(font_path(bold)), _SIZE)


def width(text: str, points: float, *, bold: bool = False) -> float:
    """The advance width of `text` on one line, in points, at `points` size."""
    return float(_font(bold).getlength(text)) * points / _SIZE


def _break_word(word: str, points: float, limit: float, bold: bool) -> list[str]:
    """A word longer than a line, split by characters (as PowerPoint and browsers do)."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and width(current + ch, points, bold=bold) > limit:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, points: float, limit: float, *, bold: bool = False) -> list[str]:
    """`text` broken into lines no wider than `limit` points; paragraphs kept apart."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}" if current else word
            if width(trial, points, bold=bold) <= limit:
                current = trial
                continue
            if current:
                lines.append(current)
            pieces = (
                _break_word(word, points, limit, bold)
                if width(word, points, bold=bold) > limit
                else [word]
            )
            lines.extend(pieces[:-1])
            current = pieces[-1]
        lines.append(current)
    return lines
