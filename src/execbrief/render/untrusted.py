"""Incident text is untrusted: it may hold control characters, markup or a novel.

These helpers make it safe to place in XML (PPTX, SVG) and short enough for a slide or a
chart label. Escaping for HTML is Jinja2's job (autoescape); this module never escapes.
"""

from __future__ import annotations

import textwrap
import unicodedata

_KEEP = {"\n", "\t"}


def printable(text: str) -> str:
    """Drop control characters, lone surrogates and non-characters (invalid in XML 1.0)."""
    out = []
    for ch in text:
        if ch in _KEEP:
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs") or ch in ("\ufffe", "\uffff"):
            continue
        out.append(ch)
    return "".join(out)


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


def wrap(text: str, width: int, max_lines: int) -> str:
    """Wrapped to `width` columns, at most `max_lines` lines, the last ending in … if cut."""
    lines = textwrap.wrap(one_line(text), width=width, break_long_words=True)
    if len(lines) <= max_lines:
        return "\n".join(lines)
    kept = lines[:max_lines]
    kept[-1] = cut(kept[-1] + " " + lines[max_lines], width)
    if not kept[-1].endswith("…"):
        kept[-1] = kept[-1][: width - 1] + "…"
    return "\n".join(kept)
