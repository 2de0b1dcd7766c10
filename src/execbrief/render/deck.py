"""The Brief as a short 16:9 deck (python-pptx), with the spoken script in the notes.

Six slides: title; what happened and the impact in big numbers; the timeline chart; the
cause and why our safeguards missed it; the fix and the chance of a repeat; what we need
and what we commit to. Each slide's notes hold the script lines on its topic.

Without a template the deck uses a clean neutral look with one accent colour. With
`template` (a company's .pptx) it uses that slide master and its first accent colour,
and keeps none of the template's own slides.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from execbrief.core import speech
from execbrief.errors import InputError
from execbrief.render import timeline_chart
from execbrief.render.figures import big_numbers, timeline_rows
from execbrief.render.untrusted import cut, one_line, printable

if TYPE_CHECKING:
    from execbrief.core.story import Brief

ACCENT = timeline_chart.ACCENT.removeprefix("#")  # the one accent, as in the chart
INK = "1F2328"
MUTED = "57606A"
TILE = "F3F5F7"

# script topic -> slide number (0-based); anything else goes on the last slide
TOPIC_SLIDE = {"opening": 0, "what_happened": 1, "cause": 3, "fix": 4, "recurrence": 4}
SLIDES = 6


def fit(text: str, width_in: float, height_in: float, points: float) -> str:
    """Cut `text` so it fits a box at `points` size (a cautious estimate, with ellipsis)."""
    per_line = int(width_in * 72 / (points * 0.52))
    lines = int(height_in * 72 / (points * 1.25))
    return cut(text, max(int(per_line * lines * 0.9), 8))


class _Deck:
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
        self.height = int(self.prs.slide_height or 0) / 914400
        self.margin = 0.6

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
        shape.text_frame.text = cut(title, 70)
        if not self.themed:
            from pptx.enum.text import PP_ALIGN

            paragraph = shape.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT
            paragraph.font.size, paragraph.font.bold = Pt(30), True
            self.colour(paragraph.font.color, INK)
            bar = slide.shapes.add_shape(1, Inches(self.margin), Inches(1.3), Inches(1.2), Pt(4))
            bar.fill.solid()
            self.colour(bar.fill.fore_color)
            bar.line.fill.background()
            bar.shadow.inherit = False  # flat: no theme shadow
        self.notes(slide, notes)
        top = (shape.top + shape.height) / 914400 + 0.25
        return slide, max(top, 1.5)

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
    ) -> Any:
        from pptx.util import Inches, Pt

        left, top, width, height = box
        shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = shape.text_frame
        frame.word_wrap = True
        frame.text = fit(text, width - 0.2, height - 0.1, points)
        for paragraph in frame.paragraphs:
            paragraph.font.size, paragraph.font.bold = Pt(points), bold
            self.colour(paragraph.font.color, rgb)
        return shape

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
        # as large as fits on one line: bold digits are about 0.7 em wide in common fonts
        size = min(40.0, (width - 0.5) * 72 / (0.72 * max(len(tile.value), 1)))
        self.text(slide, (left + 0.1, top + 0.2, width - 0.2, 0.9), tile.value, size, bold=True)
        narrow = width < 2.6  # four tiles on a 4:3 company template
        label, detail = (12, 10) if narrow else (15, 12)
        self.text(slide, (left + 0.1, top + 1.0, width - 0.2, 0.6), tile.label, label, bold=True)
        if tile.detail:
            self.text(
                slide, (left + 0.1, top + 1.5, width - 0.2, 0.55), tile.detail, detail, rgb=MUTED
            )

    def table(
        self, slide: Any, box: tuple[float, float, float, float], rows: list[list[str]]
    ) -> None:
        from pptx.util import Inches, Pt

        left, top, width, height = box
        shape = slide.shapes.add_table(
            len(rows), len(rows[0]), Inches(left), Inches(top), Inches(width), Inches(height)
        )
        table = shape.table
        shares = [0.44, 0.16, 0.23, 0.17][: len(rows[0])]
        for column, share in zip(table.columns, shares, strict=True):
            column.width = Inches(width * share)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.text = cut(value, int(width * shares[c] * 72 / (14 * 0.52)) * 2)
                cell.fill.solid()
                self.colour(
                    cell.fill.fore_color, ACCENT if r == 0 else ("FFFFFF" if r % 2 else TILE)
                )
                for paragraph in cell.text_frame.paragraphs:
                    paragraph.font.size = Pt(14 if r else 13)
                    paragraph.font.bold = r == 0
                    self.colour(paragraph.font.color, "FFFFFF" if r == 0 else INK)
        return None

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def _script_notes(brief: Brief) -> list[list[str]]:
    notes: list[list[str]] = [[] for _ in range(SLIDES)]
    for line in brief.script:
        who = "YOU" if line.speaker == "you" else "CEO"
        notes[TOPIC_SLIDE.get(line.topic, SLIDES - 1)].append(f"{who}: {one_line(line.text)}")
    zone = brief.incident.zone.key
    notes[2] = [f"If asked for times ({zone}):"] + [
        f"{when}: {one_line(what)}" for when, what in timeline_rows(brief)
    ]
    return notes


def open_template(template: Path) -> None:
    """Fail early, with a clear message, when --template is not a usable .pptx."""
    from pptx import Presentation

    try:
        Presentation(str(template))
    except FileNotFoundError:
        raise InputError.single("the template file does not exist", file=str(template)) from None
    except Exception:  # python-pptx raises zip, XML and key errors for a bad package
        raise InputError.single(
            "not a PowerPoint file python-pptx can open",
            file=str(template),
            field="--template",
            hint="save the company template as .pptx (not .potx or .ppt) and try again",
        ) from None


def render(brief: Brief, *, template: Path | None = None) -> bytes:
    if template is not None:
        open_template(template)
    deck = _Deck(template)
    notes = _script_notes(brief)
    incident = brief.incident
    zone = incident.zone
    w, m = deck.width, deck.margin
    inner = w - 2 * m

    # 1. title
    from pptx.util import Pt

    first = deck.prs.slides.add_slide(deck._layout(("Title Slide",), 0))
    audience = incident.audience
    who = ", ".join(x for x in (audience.name, audience.role) if x)
    when = speech.day(incident.timeline.started.astimezone(zone).date())
    subtitle = " · ".join(x for x in (f"Brief for {who}" if who else "", incident.id, when) if x)
    if first.shapes.title is not None:
        first.shapes.title.text_frame.text = cut(incident.title, 80)
        if not deck.themed:
            from pptx.util import Inches

            first.shapes.title.left, first.shapes.title.top = Inches(m), Inches(2.2)
            first.shapes.title.width, first.shapes.title.height = Inches(inner), Inches(1.8)
            from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

            first.shapes.title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
            paragraph = first.shapes.title.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT
            paragraph.font.size, paragraph.font.bold = Pt(40), True
            deck.colour(paragraph.font.color, INK)
            bar = first.shapes.add_shape(1, Inches(m), Inches(4.05), Inches(1.6), Pt(6))
            bar.fill.solid()
            deck.colour(bar.fill.fore_color)
            bar.line.fill.background()
            bar.shadow.inherit = False  # flat: no theme shadow
    placeholders = [p for p in first.placeholders if p.placeholder_format.idx == 1]
    if placeholders:
        placeholders[0].text_frame.text = cut(subtitle, 120)
        if not deck.themed:
            from pptx.util import Inches

            placeholders[0].left, placeholders[0].top = Inches(m), Inches(4.3)
            placeholders[0].width, placeholders[0].height = Inches(inner), Inches(1)
            from pptx.enum.text import PP_ALIGN

            placeholders[0].text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
            placeholders[0].text_frame.paragraphs[0].font.size = Pt(22)
            deck.colour(placeholders[0].text_frame.paragraphs[0].font.color, MUTED)
    else:
        deck.text(first, (m, 4.1, inner, 1), subtitle, 20, rgb=MUTED)
    deck.notes(first, notes[0])

    # 2. what happened, in big numbers
    slide, top = deck.slide("What happened and what it cost", notes[1])
    deck.text(slide, (m, top, inner, 1.25), brief.headline, 18, bold=True)
    tiles = big_numbers(brief)
    gap = 0.25
    size = (inner - gap * (len(tiles) - 1)) / len(tiles)
    for n, tile in enumerate(tiles):
        deck.tile(slide, (m + n * (size + gap), top + 1.3, size, 2.1), tile)
    deck.text(slide, (m, top + 3.6, inner, 1.5), brief.section("what_happened").text, 16)

    # 3. timeline chart
    slide, top = deck.slide("Timeline", notes[2])
    height = deck.height - top - 0.35
    zoom = 1.45  # drawn smaller and enlarged, so its labels read from the back of the room
    picture = timeline_chart.png(brief, width=inner / zoom, height=height / zoom)
    from pptx.util import Inches

    slide.shapes.add_picture(io.BytesIO(picture), Inches(m), Inches(top), Inches(inner))

    # 4. cause
    confirmed = incident.cause.status == "confirmed"
    slide, top = deck.slide("Cause, and why our safeguards missed it", notes[3])
    badge = "Confidence: confirmed" if confirmed else "Confidence: first look, not yet confirmed"
    deck.text(slide, (m, top, inner, 0.5), badge, 16, bold=True, rgb=ACCENT)
    deck.text(
        slide, (m, top + 0.7, inner, deck.height - top - 1.2), brief.section("cause").text, 20
    )

    # 5. fix and recurrence
    slide, top = deck.slide("The fix, and the chance of a repeat", notes[4])
    half = (inner - 0.5) / 2
    body = deck.height - top - 1.1
    deck.text(slide, (m, top, half, 0.5), "What we did and will do", 16, bold=True, rgb=ACCENT)
    deck.text(slide, (m, top + 0.6, half, body), brief.section("fix").text, 18)
    risk = incident.recurrence.risk
    deck.text(
        slide,
        (m + half + 0.5, top, half, 0.5),
        f"Risk of a repeat: {risk}",
        16,
        bold=True,
        rgb=ACCENT,
    )
    deck.text(slide, (m + half + 0.5, top + 0.6, half, body), brief.section("recurrence").text, 18)

    # 6. asks and commitments
    slide, top = deck.slide("What we need from you, and our commitments", notes[5])
    wanted = incident.asks
    if len(wanted) > 1:  # one decision per line reads faster than a numbered sentence
        lines = [f"{n}. {cut(speech.sentence(item), 80)}" for n, item in enumerate(wanted[:3], 1)]
        if len(wanted) > 3:
            lines.append(f"And {len(wanted) - 3} more in the one-pager.")
        asks = "\n".join(["Decisions we need from you:", *lines])
    else:
        lines = []
        asks = fit(brief.section("asks").text, inner, 0.9, 18)
    height = 0.42 * (len(lines) + 1) + 0.3 if lines else 0.9
    box = deck.text(slide, (m, top, inner, height), "", 18, bold=True)
    box.text_frame.text = printable(asks)
    for paragraph in box.text_frame.paragraphs:
        paragraph.font.size, paragraph.font.bold = Pt(16 if lines else 18), True
        deck.colour(paragraph.font.color, INK)
    top += height + 0.2
    shown = brief.commitments[: 6 - len(lines) // 2]
    rows = [["Commitment", "Owner", "Due", "Status"]] + [
        [
            c.what,
            c.owner or "—",
            speech.due(c.due, zone),
            c.status if c.source == "file" else f"{c.status} (proposed)",
        ]
        for c in shown
    ]
    deck.table(slide, (m, top, inner, 0.45 * len(rows)), rows)
    if len(brief.commitments) > len(shown):
        more = len(brief.commitments) - len(shown)
        deck.text(
            slide,
            (m, deck.height - 0.8, inner, 0.4),
            f"And {more} more in the one-pager.",
            12,
            rgb=MUTED,
        )
    return deck.save()
