"""Nothing cut off (issue 12, item 7): every deck made from every example, opened with
python-pptx and measured with the font's real metrics (Pillow, DejaVu Sans: the deck asks
for Arial, and DejaVu Sans is wider, so what fits here fits on the CEO's screen), has no
text running out of its frame, no text smaller than 14 pt, nothing off the slide, and no
ellipsis the incident's text did not have. The one-pager is one PDF page, and the chart
keeps every label whole inside its edges.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from PIL import ImageFont
from pptx import Presentation
from pptx.util import Emu, Inches, Pt
from pypdf import PdfReader

from conftest import EXAMPLES, NOW, incident
from execbrief.core.story.brief import Brief, compose
from execbrief.render import render
from execbrief.sources.incident_file import load_incident

ROOT_EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FLOOR_PT = 14
LINE = 1.2  # PowerPoint's single line spacing, in ems
EMU_PER_PT = 12700


def example_files() -> list[Path]:
    """Every example, in both folders (the package's copy and the repository's)."""
    found = {p.read_bytes(): p for p in sorted(ROOT_EXAMPLES.glob("*.yaml"))}
    found.update({p.read_bytes(): p for p in sorted(EXAMPLES.glob("*.yaml"))})
    return sorted(found.values())


def moments(path: Path) -> dict[str, object]:
    """An hour after the incident ended (or two hours in, when it has not); late on its
    fifth day, when an ongoing incident has the most clocks and decisions due at once; and a
    month later, when promises and legal clocks are overdue and their wording is longest."""
    t = load_incident(path).timeline
    end = t.resolved or t.mitigated or t.started + timedelta(hours=2)
    return {
        "soon": end + timedelta(hours=1),
        "fifth day": max(end, t.started + timedelta(days=4, hours=22, minutes=35)),
        "month later": end + timedelta(days=30),
    }


CASES = [(path, when) for path in example_files() for when in ("soon", "fifth day", "month later")]
IDS = [f"{path.stem}-{when}" for path, when in CASES]


@cache
def brief_for(path: Path, when: str) -> Brief:
    from execbrief.sources.obligation_rules import load_rules

    # with the bundled legal clocks, as `execbrief brief` has them
    return compose(load_incident(path), moments(path)[when], rules=load_rules([]))  # type: ignore[arg-type]


@cache
def deck_bytes(path: Path, when: str) -> bytes:
    data = render("pptx", brief_for(path, when))
    assert isinstance(data, bytes)
    return data


# --- measuring text as PowerPoint lays it out -----------------------------------------------


@cache
def font(bold: bool) -> ImageFont.FreeTypeFont:
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name), 100)


def advance(text: str, points: float, bold: bool) -> float:
    return font(bold).getlength(text) * points / 100


def line_count(text: str, points: float, width_pt: float, bold: bool) -> int:
    """Lines after word wrap (a word wider than the line breaks by characters)."""
    total = 0
    for paragraph in text.split("\n"):
        lines, current = 1, ""
        for word in paragraph.split():
            trial = f"{current} {word}" if current else word
            if advance(trial, points, bold) <= width_pt:
                current = trial
                continue
            if current:
                lines += 1
            current = ""
            for ch in word:
                if current and advance(current + ch, points, bold) > width_pt:
                    lines += 1
                    current = ch
                else:
                    current += ch
        total += lines
    return total


@dataclass
class Overflow:
    where: str
    text: str
    need_pt: float
    have_pt: float


def _size_and_bold(paragraph, default: float = 18.0) -> tuple[float, bool]:
    sizes = [r.font.size for r in paragraph.runs if r.font.size] or [paragraph.font.size]
    size = sizes[0].pt if sizes[0] is not None else default
    bold = bool(paragraph.font.bold or any(r.font.bold for r in paragraph.runs))
    return size, bold


def frame_need(frame, width_pt: float) -> float:
    """The height (points) the text of `frame` needs at `width_pt` of line width."""
    need = 0.0
    for paragraph in frame.paragraphs:
        size, bold = _size_and_bold(paragraph)
        text = "".join(r.text for r in paragraph.runs)
        need += line_count(text, size, width_pt, bold) * size * LINE
    return need


def _inset(value, default_in: float) -> float:
    return (value if value is not None else Inches(default_in)) / EMU_PER_PT


def overflows(slide, slide_w: int, slide_h: int, label: str) -> list[Overflow]:
    found = []
    for shape in slide.shapes:
        where = f"{label}: {shape.name}"
        inside = (
            shape.left >= 0
            and shape.top >= 0
            and shape.left + shape.width <= slide_w
            and shape.top + shape.height <= slide_h
        )
        if not inside:
            found.append(Overflow(where, "(off the slide)", shape.top + shape.height, slide_h))
        if shape.has_text_frame and shape.text_frame.text.strip():
            frame = shape.text_frame
            width = shape.width / EMU_PER_PT - _inset(frame.margin_left, 0.1)
            width -= _inset(frame.margin_right, 0.1)
            height = shape.height / EMU_PER_PT - _inset(frame.margin_top, 0.05)
            height -= _inset(frame.margin_bottom, 0.05)
            need = frame_need(frame, width)
            if need > height + 0.5:
                found.append(Overflow(where, frame.text[:60], need, height))
        if shape.has_table:
            table = shape.table
            total = 0.0
            for r, row in enumerate(table.rows):
                row_need = 0.0
                for c, cell in enumerate(row.cells):
                    width = table.columns[c].width / EMU_PER_PT
                    width -= (cell.margin_left + cell.margin_right) / EMU_PER_PT
                    extra = (cell.margin_top + cell.margin_bottom) / EMU_PER_PT
                    row_need = max(row_need, frame_need(cell.text_frame, width) + extra)
                if row_need > row.height / EMU_PER_PT + 0.5:
                    found.append(Overflow(f"{where} row {r}", row.cells[0].text[:60], row_need, 0))
                total += max(row_need, row.height / EMU_PER_PT)
            if shape.top / EMU_PER_PT + total > slide_h / EMU_PER_PT + 0.5:
                found.append(Overflow(where, "(table runs off the slide)", total, slide_h))
    return found


def deck_overflows(data: bytes) -> list[Overflow]:
    deck = Presentation(io.BytesIO(data))
    found = []
    for n, slide in enumerate(deck.slides, 1):
        found += overflows(slide, deck.slide_width, deck.slide_height, f"slide {n}")
    return found


def run_sizes(data: bytes) -> list[tuple[float, str]]:
    deck = Presentation(io.BytesIO(data))
    sizes = []
    for slide in deck.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    if "".join(r.text for r in paragraph.runs).strip():
                        sizes.append((_size_and_bold(paragraph)[0], paragraph.runs[0].text))
    return sizes


def all_text(data: bytes) -> str:
    deck = Presentation(io.BytesIO(data))
    parts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


# --- the deck -------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_no_deck_text_overflows_its_frame_or_the_slide(path: Path, when: str):
    assert deck_overflows(deck_bytes(path, when)) == []


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_deck_text_is_never_below_14_points_nor_cut_with_an_ellipsis(path: Path, when: str):
    data = deck_bytes(path, when)
    small = [(size, text[:40]) for size, text in run_sizes(data) if size < FLOOR_PT]
    assert small == []
    source = path.read_text(encoding="utf-8")
    if "…" not in source:
        assert "…" not in all_text(data)


def test_the_measure_finds_text_too_big_for_its_box():
    """The check can fail: a box too small for its text, and a table too long."""
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(3), Inches(0.6))
    box.text_frame.word_wrap = True
    box.text_frame.text = "Checkout payments failed for forty-seven minutes this morning."
    box.text_frame.paragraphs[0].font.size = Pt(20)
    fits = slide.shapes.add_textbox(Inches(1), Inches(3), Inches(6), Inches(0.6))
    fits.text_frame.text = "Short."
    fits.text_frame.paragraphs[0].font.size = Pt(20)
    buffer = io.BytesIO()
    deck.save(buffer)
    found = deck_overflows(buffer.getvalue())
    assert [o.text[:9] for o in found] == ["Checkout "]
    assert line_count("x" * 400, 14, 200, False) > 5  # one long word still wraps


def test_a_long_cause_flows_to_another_slide_whole():
    """Text too long for its slide at 14 pt goes on a '(continued)' slide, none of it lost."""
    long = " ".join(f"Step {n} of the failure went on as the logs show." for n in range(60))
    brief = compose(incident(cause={"summary": long, "status": "suspected"}), NOW)
    data = render("pptx", brief)
    assert isinstance(data, bytes)
    assert deck_overflows(data) == []
    deck = Presentation(io.BytesIO(data))
    titles = [s.shapes.title.text_frame.text for s in deck.slides if s.shapes.title is not None]
    assert any(t.endswith("(continued)") for t in titles)
    text = " ".join(all_text(data).split())
    assert "Step 0 of the failure" in text and "Step 59 of the failure" in text
    assert "…" not in text
    assert all(s.notes_slide.notes_text_frame.text for s in deck.slides)


def test_the_deck_asks_for_a_font_no_wider_than_the_one_it_is_measured_with():
    data = deck_bytes(*CASES[0])
    deck = Presentation(io.BytesIO(data))
    names = {
        run.font.name
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
        if run.text.strip()
    }
    assert names == {"Arial"}
    assert Emu(deck.slide_width) == Inches(13.333)


# --- the one-pager and the chart -------------------------------------------------------------


def left_out(text: str) -> set[str]:
    """The parts the one-page PDF says it left out for room (html.GIVE_WAY's keys and
    "timeline"), read from its note."""
    from execbrief.render.html import LEFT_OUT_WORDS

    found = re.search(r"For room, this page leaves out (.+?)\. The slides have", text)
    said = re.split(r", | and (?=the |what |next |our |each )", found.group(1)) if found else []
    named = {words: key for key, words in LEFT_OUT_WORDS.items()}
    assert all(s in named for s in said), said
    return {named[s] for s in said}


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_the_one_pager_is_one_pdf_page(path: Path, when: str):
    data = render("pdf", brief_for(path, when))
    assert isinstance(data, bytes)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    text = " ".join(reader.pages[0].extract_text().split())
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)  # "on-call" broken at its hyphen
    assert "…" not in text  # parts give way whole, never cut
    gone = left_out(text)
    for section in brief_for(path, when).sections:  # whole, or said to be left out
        heading = section.title.upper()  # the style sheet sets headings in capitals
        if section.key in gone:
            assert heading not in text, section.key
        else:
            assert heading in text and " ".join(section.text.split()[-4:]) in text, section.key


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_the_chart_keeps_every_event_label_whole_and_inside(path: Path, when: str):
    from execbrief.render import html, pdf, timeline_chart

    brief = brief_for(path, when)
    for width, height in (pdf.CHART_INCHES, html.CHART_INCHES, (8.4, 3.4)):
        figure = timeline_chart._figure(brief, width, height)
        assert timeline_chart.outside(figure) == []
        shown = " ".join(
            " ".join(label.get_text().split()) for label in figure.axes[0].get_yticklabels()
        )
        for event in brief.incident.timeline.events:
            assert " ".join(event.what.split()) in shown, event.what
        assert "…" not in shown


def test_the_chart_check_sees_a_label_past_the_edge():
    from matplotlib.figure import Figure

    from execbrief.render import timeline_chart

    figure = Figure(figsize=(3, 2))
    figure.text(0.9, 0.5, "a label that runs far past the right edge")
    figure.text(0.1, 0.2, "fits")
    assert timeline_chart.outside(figure) == ["a label that runs far past the right edge"]


def test_a_figure_finance_gave_leads_the_tiles_before_an_estimated_count():
    from execbrief.render.figures import big_numbers

    trading = incident(
        impact={
            "users_affected": {"low": 100, "high": 400},
            "users_unit": "client firms",
            "revenue": {"lost": 460000000, "kind": "trading_loss"},
        }
    )
    tiles = big_numbers(compose(trading, NOW))
    assert tiles[0].key == "money" and tiles[0].phrase == "$460 million"
    assert tiles[0].label == "trading losses"
    assert all(t.value.lower() != "unknown" for t in tiles)
