"""What the deck is drawn with: a 16:9 presentation (plain, or on a company template), slides
with a title and notes, text that is measured with the font's metrics and shrinks to FLOOR
at the least, big-number tiles, tables that split by rows, and numbered items.

render/deck.py decides what goes on which slide; this module only draws.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from execbrief.render import timeline_chart
from execbrief.render.untrusted import one_line, printable

ACCENT = timeline_chart.ACCENT.removeprefix("#")  # the one accent, as in the chart
INK = "1F2328"
MUTED = "57606A"
TILE = "F3F5F7"

# script topic -> slide number (0-based); anything else goes on the last slide


FLOOR = 14.0  # no text on a slide is smaller: long text flows to another slide instead
LINE = 1.2  # a line's height, in ems (PowerPoint's single spacing)
INSET_X, INSET_Y = 0.1, 0.05  # a text box's inner margins, inches (python-pptx default)
ITEM_GAP = 0.4  # space before each decision, in ems
FONT = "Arial"  # measured as DejaVu Sans, which is wider: what fits here fits there
# Inches taken from the content area for the "as of" footer: with the bottom margin every
# slide keeps (0.3 in at the least), the footer's 0.35 in band touches no content.
FOOTER = 0.15
FOOTER_NAME = "As of"  # the footer's shape name: a reader of the slides may skip it by name


def needed(text: str, width_in: float, points: float, *, bold: bool = False) -> float:
    """The height (inches) `text` takes in a box `width_in` wide, insets included."""
    from execbrief.render.metrics import wrap

    lines = wrap(text, points, (width_in - 2 * INSET_X) * 72, bold=bold)
    return len(lines) * points * LINE / 72 + 2 * INSET_Y


def size_to_fit(
    text: str, width_in: float, height_in: float, points: float, *, bold: bool = False
) -> float | None:
    """The largest size from `points` down to FLOOR at which `text` fits; None if none."""
    size = points
    while size >= min(FLOOR, points):
        if needed(text, width_in, size, bold=bold) <= height_in:
            return size
        size -= 1
    return None


def split_to_fit(
    text: str, width_in: float, height_in: float, points: float, *, bold: bool = False
) -> tuple[str, str]:
    """(what fits the box at `points`, the rest): whole sentences when they fit, else words."""
    text = one_line(text)
    if needed(text, width_in, points, bold=bold) <= height_in:
        return text, ""
    import re

    for pieces in (re.split(r"(?<=[.!?])\s+", text), text.split(" ")):
        head = ""
        for n, piece in enumerate(pieces):
            trial = f"{head} {piece}".strip()
            if needed(trial, width_in, points, bold=bold) > height_in:
                if head:
                    return head, " ".join(pieces[n:])
                break
            head = trial
    # not even one word fits on a line: split the word by characters
    from execbrief.render.metrics import wrap

    lines = int((height_in - 2 * INSET_Y) * 72 / (points * LINE))
    wrapped = wrap(text, points, (width_in - 2 * INSET_X) * 72, bold=bold)
    keep = max(lines, 1)
    return " ".join(wrapped[:keep]), " ".join(wrapped[keep:])


class Deck:
    def __init__(self, template: Path | None) -> None:
        from pptx import Presentation
        from pptx.util import Inches

        self.themed = template is not None
        self.prs = Presentation(str(template)) if template else Presentation()
        if template is None:
            self.prs.slide_width, self.prs.slide_height = Inches(13.333), Inches(7.5)
        else:
            self._drop_template_slides()
        self.width = int(self.prs.slide_width or 0) / 914400
        # The content area ends FOOTER inches above the slide's edge: the footer's band.
        self.height = int(self.prs.slide_height or 0) / 914400 - FOOTER
        self.margin = 0.6
        self.footer = ""  # the "as of" time, said at the foot of every slide but the first

    def _drop_template_slides(self) -> None:
        ids = self.prs.slides._sldIdLst
        for slide_id in list(ids):
            self.prs.part.drop_rel(slide_id.rId)
            ids.remove(slide_id)

    def _layout(self, names: tuple[str, ...], fallback: int) -> Any:
        layouts = list(self.prs.slide_layouts)
        for layout in layouts:
            if layout.name in names:
                return layout
        return layouts[min(fallback, len(layouts) - 1)]

    def colour(self, target: Any, rgb: str = ACCENT) -> None:
        """Fill or font colour: ours, or the template's first accent for the accent."""
        from pptx.dml.color import RGBColor
        from pptx.enum.dml import MSO_THEME_COLOR

        if self.themed and rgb == ACCENT:
            target.theme_color = MSO_THEME_COLOR.ACCENT_1
        else:
            colour: Any = RGBColor
            target.rgb = colour(int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16))

    def slide(self, title: str, notes: list[str]) -> tuple[Any, float]:
        """A titled slide; returns it and the top of the free area below the title (in)."""
        from pptx.util import Inches, Pt

        slide = self.prs.slides.add_slide(self._layout(("Title Only",), 5))
        shape = slide.shapes.title
        if shape is None:
            shape = slide.shapes.add_textbox(
                Inches(self.margin), Inches(0.35), Inches(self.width - 2 * self.margin), Inches(1)
            )
        elif not self.themed:
            shape.left, shape.top = Inches(self.margin), Inches(0.35)
            shape.width, shape.height = Inches(self.width - 2 * self.margin), Inches(0.95)
        self._title_text(shape, title)
        if not self.themed:
            bar = slide.shapes.add_shape(1, Inches(self.margin), Inches(1.3), Inches(1.2), Pt(4))
            bar.fill.solid()
            self.colour(bar.fill.fore_color)
            bar.line.fill.background()
            bar.shadow.inherit = False  # flat: no theme shadow
        self.notes(slide, notes)
        if self.footer:
            self.foot(slide)
        top = (shape.top + shape.height) / 914400 + 0.25
        return slide, max(top, 1.5)

    def _title_text(self, shape: Any, title: str) -> None:
        shape.text_frame.text = one_line(title)
        if not self.themed:
            from pptx.enum.text import PP_ALIGN

            box = (shape.width or 0) / 914400, (shape.height or 0) / 914400
            shape.text_frame.word_wrap = True
            size = size_to_fit(one_line(title), *box, 30, bold=True) or FLOOR
            paragraph = shape.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT
            self.style(paragraph, size, True, INK)

    def retitle(self, slide: Any, title: str) -> None:
        """A new title for a slide made by `slide` (its free area stays where it was)."""
        shape = slide.shapes.title
        if shape is None:  # the title is our own text box, the first shape on the slide
            shape = next(s for s in slide.shapes if s.has_text_frame)
        self._title_text(shape, title)

    def foot(self, slide: Any) -> None:
        """The "as of" time at the foot of the slide, right-aligned, small and muted."""
        from pptx.enum.text import PP_ALIGN
        from pptx.util import Inches

        box = slide.shapes.add_textbox(
            Inches(self.margin),
            Inches(self.height + FOOTER - 0.4),
            Inches(self.width - 2 * self.margin),
            Inches(0.35),
        )
        box.name = FOOTER_NAME
        frame = box.text_frame
        frame.word_wrap = True
        frame.text = one_line(self.footer)
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.RIGHT
        self.style(paragraph, FLOOR, False, MUTED)

    def style(self, paragraph: Any, points: float, bold: bool, rgb: str) -> None:
        """Size, weight, font and colour on the paragraph and on each of its runs (some
        viewers read only the runs)."""
        from pptx.util import Pt

        for font in [paragraph.font, *(run.font for run in paragraph.runs)]:
            font.size, font.bold = Pt(points), bold
            if not self.themed:
                font.name = FONT
            self.colour(font.color, rgb)

    def notes(self, slide: Any, lines: list[str]) -> None:
        slide.notes_slide.notes_text_frame.text = printable("\n\n".join(lines))

    def text(
        self,
        slide: Any,
        box: tuple[float, float, float, float],
        text: str,
        points: float,
        *,
        bold: bool = False,
        rgb: str = INK,
    ) -> str:
        """A text box holding as much of `text` as fits, at `points` or smaller down to
        FLOOR; returns the rest (flowed by the caller to another slide), "" when all fit."""
        from pptx.enum.text import MSO_AUTO_SIZE
        from pptx.util import Inches

        left, top, width, height = box
        clean = printable(text)
        lines = [one_line(line) for line in clean.split("\n")]
        joined = "\n".join(lines)
        size = size_to_fit(joined, width, height, points, bold=bold)
        rest = ""
        if size is None:
            size = min(FLOOR, points)
            joined, rest = split_to_fit(" ".join(lines), width, height, size, bold=bold)
        shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.text = joined
        for paragraph in frame.paragraphs:
            self.style(paragraph, size, bold, rgb)
        return rest

    def tile(self, slide: Any, box: tuple[float, float, float, float], tile: Any) -> None:
        from pptx.util import Inches, Pt

        left, top, width, height = box
        back = slide.shapes.add_shape(1, Inches(left), Inches(top), Inches(width), Inches(height))
        back.fill.solid()
        self.colour(back.fill.fore_color, TILE)
        back.line.fill.background()
        back.shadow.inherit = False  # flat: no theme shadow
        edge = slide.shapes.add_shape(1, Inches(left), Inches(top), Inches(width), Pt(5))
        edge.fill.solid()
        self.colour(edge.fill.fore_color)
        edge.line.fill.background()
        edge.shadow.inherit = False  # flat: no theme shadow
        x, w = left + 0.05, width - 0.1
        y, bottom = top + 0.12, top + height - 0.05
        if tile.lead:  # "about", "between": part of the figure, in its ink, read first
            self.text(slide, (x, y, w, 0.45), tile.lead, 20, bold=True)
            y += 0.45
        label = needed(tile.label, w, 15, bold=True)
        detail = needed(tile.detail, w, FLOOR) if tile.detail else 0.0
        value = max(bottom - y - label - detail, needed(tile.value, w, FLOOR, bold=True))
        self.text(slide, (x, y, w, value), tile.value, 36, bold=True)
        y += value
        self.text(slide, (x, y, w, label), tile.label, 15, bold=True)
        if tile.detail:
            self.text(slide, (x, y + label, w, detail), tile.detail, FLOOR, rgb=MUTED)

    def table(
        self,
        slide: Any,
        box: tuple[float, float, float, float],
        rows: list[list[str]],
        shares: list[float],
    ) -> list[list[str]]:
        """The header and as many rows as fit `box`'s height at 14 pt (each row as tall as
        its longest cell wraps to); returns the rows left over, for another slide."""
        from pptx.util import Inches

        left, top, width, height = box
        points = 14.0
        widths = [width * share for share in shares]

        def tall(row: list[str], bold: bool = False) -> float:
            return max(
                needed(one_line(v), w, points, bold=bold) for v, w in zip(row, widths, strict=True)
            )

        heights = [tall(rows[0], True)]
        for row in rows[1:]:
            if sum(heights) + tall(row) > height and len(heights) > 1:
                break
            heights.append(tall(row))
        shown, rest = rows[: len(heights)], rows[len(heights) :]
        shape = slide.shapes.add_table(
            len(shown),
            len(shown[0]),
            Inches(left),
            Inches(top),
            Inches(width),
            Inches(sum(heights)),
        )
        table = shape.table
        for column, w in zip(table.columns, widths, strict=True):
            column.width = Inches(w)
        for r, (row, h) in enumerate(zip(shown, heights, strict=True)):
            table.rows[r].height = Inches(h)
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.margin_left = cell.margin_right = Inches(INSET_X)
                cell.margin_top = cell.margin_bottom = Inches(INSET_Y)
                cell.text = one_line(value)
                cell.fill.solid()
                self.colour(
                    cell.fill.fore_color, ACCENT if r == 0 else ("FFFFFF" if r % 2 else TILE)
                )
                for paragraph in cell.text_frame.paragraphs:
                    self.style(paragraph, points, r == 0, "FFFFFF" if r == 0 else INK)
        return rest

    def table_height(self, width: float, rows: list[list[str]], shares: list[float]) -> float:
        """The height (in) the whole table takes at 14 pt, as `table` lays it out."""
        widths = [width * share for share in shares]
        return sum(
            max(needed(one_line(v), w, 14.0, bold=r == 0) for v, w in zip(row, widths, strict=True))
            for r, row in enumerate(rows)
        )

    @staticmethod
    def _item_paragraphs(
        items: list[tuple[str, list[str]]], first: int, numbered: bool | None = None
    ) -> list[tuple[str, bool, bool]]:
        """(text, bold, starts an item) per paragraph: the numbered decision in bold, the
        lines under it plain. `numbered` None: numbered unless it is the only one."""
        if numbered is None:
            numbered = len(items) > 1 or first > 1
        out = []
        for n, (head, under) in enumerate(items, start=first):
            out.append((f"{n}. {head}" if numbered else head, True, True))
            out.extend((line, False, False) for line in under)
        return out

    @staticmethod
    def _paragraphs_height(
        paragraphs: list[tuple[str, bool, bool]], width: float, points: float
    ) -> float:
        from execbrief.render.metrics import wrap

        lines = sum(
            len(wrap(one_line(text), points, (width - 2 * INSET_X) * 72, bold=bold))
            for text, bold, _ in paragraphs
        )
        gaps = sum(1 for _, _, starts in paragraphs[1:] if starts)
        return (lines * LINE + gaps * ITEM_GAP) * points / 72 + 2 * INSET_Y

    def items_height(
        self,
        items: list[tuple[str, list[str]]],
        width: float,
        points: float,
        first: int = 1,
        *,
        numbered: bool | None = None,
    ) -> float:
        paragraphs = self._item_paragraphs(items, first, numbered)
        return self._paragraphs_height(paragraphs, width, points)

    def items(
        self,
        slide: Any,
        box: tuple[float, float, float, float],
        items: list[tuple[str, list[str]]],
        points: float,
        first: int = 1,
        *,
        numbered: bool | None = None,
    ) -> list[tuple[str, list[str]]]:
        """As many whole items (a decision in bold, the lines under it plain) as fit `box`,
        at `points` or smaller down to FLOOR; returns the items left for another slide."""
        from pptx.enum.text import MSO_AUTO_SIZE
        from pptx.util import Inches, Pt

        left, top, width, height = box
        count, size = 0, min(FLOOR, points)
        for n in range(len(items), 0, -1):  # the most items, at the largest size
            paragraphs = self._item_paragraphs(items[:n], first, numbered)
            fit = next(
                (
                    float(p)
                    for p in range(int(points), int(min(FLOOR, points)) - 1, -1)
                    if self._paragraphs_height(paragraphs, width, p) <= height
                ),
                None,
            )
            if fit is not None:
                count, size = n, fit
                break
        if count == 0:  # one decision longer than a slide: its words flow on
            head, under = items[0]
            rest = self.text(slide, box, " ".join([head, *under]), FLOOR, bold=True)
            return ([(rest, [])] if rest else []) + items[1:]
        paragraphs = self._item_paragraphs(items[:count], first, numbered)
        shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        for n, (text, bold, starts) in enumerate(paragraphs):
            paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            paragraph.text = one_line(text)
            if starts and n:
                paragraph.space_before = Pt(size * ITEM_GAP)
            self.style(paragraph, size, bold, INK)
        return items[count:]

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()
