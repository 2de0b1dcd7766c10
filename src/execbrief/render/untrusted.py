"""Incident text is untrusted: it may hold control characters, markup or a novel.

These helpers make it safe to place in XML (PPTX, SVG) and short enough for a slide, a
chart label or a printed page. Escaping for HTML is Jinja2's job (autoescape); this
module never escapes.
"""

from __future__ import annotations

import unicodedata

from execbrief.core.speech import untrusted


def printable(text: str) -> str:
    """The one cleaning of untrusted text (core.speech.untrusted: escape sequences,
    control characters, bidirectional controls), then lone surrogates and non-characters
    too (invalid in XML 1.0, meaningless on a page)."""
    return "".join(
        ch
        for ch in untrusted.printable(text)
        if unicodedata.category(ch) != "Cs" and ch not in ("\ufffe", "\uffff")
    )


def one_line(text: str) -> str:
    return " ".join(printable(text).split())


def cut(text: str, limit: int) -> str:
    """At most `limit` characters on one line, ending in an ellipsis when shortened.

    Cuts at a word boundary when there is one near the end, else mid-word (a 5,000-
    character word must not overflow a slide either).
    """
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    head = flat[: max(limit - 1, 0)]
    space = head.rfind(" ")
    if space > limit * 0.6:
        head = head[:space]
    return head.rstrip(" ,;:.-") + "…"


def without_pictographs(text: str) -> str:
    """Emoji and other pictographs removed: chart fonts have no glyphs for them."""
    return "".join(
        ch for ch in text if not (ord(ch) > 0xFFFF and unicodedata.category(ch) == "So")
    ).strip()
