"""The deck's last slides: the decisions asked of the CEO, a few to a slide in large type,
and our commitments (render/deck.py decides the slides before them)."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from execbrief.core import speech
from execbrief.render.figures import commitment_rows, decision_items
from execbrief.render.slide_kit import Deck

if TYPE_CHECKING:
    from execbrief.core.story import Brief

# The decisions are read from the back of the room: a slide holds a few of them at this
# size, never all of them in small type (the cold reader found a wall of 15 pt text beside
# a near-empty slide). Only a decision too long for a slide at this size shrinks and flows.
ASKS_PT = 20.0
ASKS_TITLE = "What we need from you"
COMMITMENTS_TITLE = "our commitments"
_SHARES = [0.44, 0.2, 0.22, 0.14]


def asks_and_commitments(deck: Deck, brief: Brief, notes: list[str]) -> None:
    """The decisions, a few to a slide at ASKS_PT, shared out evenly over the fewest slides
    that hold them; the commitments under the last of them when they fit there, else on a
    slide of their own."""
    m = deck.margin
    inner = deck.width - 2 * m
    rows = [["Commitment", "Owner", "Due", "Status"]] + [
        [c.what, c.owner, c.due, c.status] for c in commitment_rows(brief)
    ]
    if brief.no_update_line:  # the slides have no next steps: when the CEO hears next
        rows.append([brief.no_update_line, "", "", ""])
    items = decision_items(brief) or [("Nothing is needed from you today.", [])]
    slide, top = deck.slide(ASKS_TITLE, notes)
    room = deck.height - top - 0.35
    table_h = deck.table_height(inner, rows, _SHARES)
    numbered = len(items) > 1  # numbered across slides: "3." opens the second one
    groups, table_with_asks = _share_out(deck, items, inner, room, table_h)
    if groups is None:  # a decision longer than a slide at ASKS_PT: the old flow
        _asks_flowing(deck, slide, top, items, numbered=numbered)
        _commitments_slide(deck, rows)
        return
    first = 1
    for n, group in enumerate(groups):
        last = n == len(groups) - 1
        title = ASKS_TITLE if n == 0 else f"{ASKS_TITLE} (continued)"
        if last and table_with_asks:
            title += f", and {COMMITMENTS_TITLE}"
        if n:
            slide, top = deck.slide(title, ["Continued from the previous slide."])
        else:
            deck.retitle(slide, title)
        height = deck.items_height(group, inner, ASKS_PT, first, numbered=numbered) + 0.01
        deck.items(slide, (m, top, inner, height), group, ASKS_PT, first, numbered=numbered)
        if last and table_with_asks:
            box = (m, top + height + 0.2, inner, room - height - 0.2)
            deck.table(slide, box, rows, _SHARES)
        first += len(group)
    if not table_with_asks:
        _commitments_slide(deck, rows)


def _share_out(
    deck: Deck,
    items: list[tuple[str, list[str]]],
    width: float,
    room: float,
    table_h: float,
) -> tuple[list[list[tuple[str, list[str]]]] | None, bool]:
    """The decisions cut into runs, one run a slide: the fewest slides in all (the
    commitments count as one when they need their own), then the most even runs (the
    fullest slide as little full as can be). None when one decision alone overflows."""
    numbered = len(items) > 1
    if any(
        deck.items_height([item], width, ASKS_PT, len(items), numbered=numbered) > room
        for item in items
    ):
        return None, False
    best: tuple[tuple[int, float, float], list[list[tuple[str, list[str]]]], bool] | None = None
    for cuts in _cuts(len(items)):
        bounds = [0, *cuts, len(items)]
        groups = [items[a:b] for a, b in pairwise(bounds)]
        heights = []
        first = 1
        for group in groups:
            heights.append(deck.items_height(group, width, ASKS_PT, first, numbered=numbered))
            first += len(group)
        if max(heights) > room:
            continue
        with_table = heights[-1] + 0.2 + table_h <= room
        slides = len(groups) + (0 if with_table else 1)
        if with_table:
            heights[-1] += 0.2 + table_h
        else:
            heights.append(table_h)
        # fewest slides; then the fullest as little full as can be; then the most even
        score = (slides, round(max(heights), 1), sum(h * h for h in heights))
        if best is None or score < best[0]:
            best = (score, groups, with_table)
    assert best is not None  # one decision a slide always fits (checked above)
    return best[1], best[2]


def _cuts(count: int) -> list[list[int]]:
    """Every way to cut `count` decisions into runs (the places between them cut or not):
    a brief asks a handful of decisions, so trying each is cheap."""
    between = range(1, count)
    return [
        [n for bit, n in enumerate(between) if mask >> bit & 1]
        for mask in range(1 << max(count - 1, 0))
    ]


def _asks_flowing(
    deck: Deck, slide: Any, top: float, items: list[tuple[str, list[str]]], *, numbered: bool
) -> None:
    """Decisions too long for a slide at ASKS_PT: as many as fit, shrinking to FLOOR at
    the least, the rest on '(continued)' slides."""
    m = deck.margin
    inner = deck.width - 2 * m
    room = deck.height - top - 0.35
    first = 1
    while items:
        box = (m, top, inner, room)
        left_over = deck.items(slide, box, items, ASKS_PT, first, numbered=numbered)
        first += len(items) - len(left_over) if len(left_over) < len(items) else 0
        items = left_over
        if items:
            title = f"{ASKS_TITLE} (continued)"
            slide, top = deck.slide(title, ["Continued from the previous slide."])
            room = deck.height - top - 0.35


def _commitments_slide(deck: Deck, rows: list[list[str]]) -> None:
    m = deck.margin
    inner = deck.width - 2 * m
    title = speech.capital(COMMITMENTS_TITLE)
    slide, top = deck.slide(title, ["Our commitments, each with an owner and a date."])
    left = deck.table(slide, (m, top, inner, deck.height - top - 0.35), rows, _SHARES)
    while left:
        slide, top = deck.slide(f"{title} (continued)", ["Continued from the previous slide."])
        box = (m, top, inner, deck.height - top - 0.35)
        left = deck.table(slide, box, [rows[0], *left], _SHARES)
