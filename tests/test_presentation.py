"""The presentation formats (issue 4): HTML one-pager, PDF, PPTX deck and the timeline chart.

Each format is rendered once per module and read back the way a person's tools would:
the deck with python-pptx, the PDF's text with pypdf, the HTML with html.parser. Hostile
incident text and the chart are in test_presentation_safety.py.
"""

from __future__ import annotations

import dataclasses
import io
import os
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader

from conftest import EXAMPLES, NOW
from execbrief.core.story.brief import Brief, compose
from execbrief.errors import InputError
from execbrief.render import FORMATS, file_formats, render
from execbrief.render.deck import SLIDES
from execbrief.render.figures import big_numbers, obligation_rows
from execbrief.sources.incident_file import load_incident

CHECKOUT = EXAMPLES / "checkout-outage.yaml"


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def brief() -> Brief:
    return compose(load_incident(CHECKOUT), NOW)


@pytest.fixture(scope="module")
def outputs(brief: Brief) -> dict[str, str | bytes]:
    return {name: render(name, brief) for name in file_formats()}


# --- the registry --------------------------------------------------------------------


def test_every_file_format_has_a_file_name_and_a_kind(outputs: dict[str, str | bytes]):
    assert set(file_formats().values()) == {
        "brief.md",
        "brief.html",
        "brief.pdf",
        "brief.pptx",
        "brief.json",
        "presenter.md",
    }
    for name, content in outputs.items():
        assert isinstance(content, bytes) is FORMATS[name].binary, name


def test_options_go_only_to_formats_that_take_them(brief: Brief):
    assert render("md", brief, template=Path("ignored.pptx")) == render("md", brief)


# --- HTML ---------------------------------------------------------------------------------


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    @property
    def words(self) -> str:
        return words(" ".join(self.text))


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def test_html_is_self_contained_and_leads_with_the_big_numbers(
    brief: Brief, outputs: dict[str, str | bytes]
):
    html = outputs["html"]
    assert isinstance(html, str)
    page = parse(html)
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "link" not in tags
    assert "style" in tags
    for tag, attrs in page.tags:
        for key in ("src", "href"):
            value = attrs.get(key)
            assert value is None or value.startswith("data:"), (tag, key, value[:40])
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    assert len(images) == 1 and images[0]["src"].startswith("data:image/svg+xml;base64,")
    assert any(a.get("name") == "viewport" for t, a in page.tags if t == "meta")
    text = page.words
    assert words(brief.headline) in text
    tiles = [tile.value for tile in big_numbers(brief)]
    assert [t.phrase for t in big_numbers(brief)][:3] == [
        "48,200",
        "about $54,000",
        "47 minutes",
    ]
    first_section = text.index(brief.sections[0].title)
    for value in tiles:
        assert text.index(value) < first_section, value
    for section in brief.sections:
        assert words(section.text) in text
    for commitment in brief.commitments:
        assert commitment.what in text


def test_html_shows_legal_clocks_with_time_left_when_there_are_any(brief: Brief):
    assert "Legal and contractual clocks" not in render("html", brief)
    later = brief.assessment.now + timedelta(hours=50)
    earlier = brief.assessment.now - timedelta(hours=3)
    with_clocks = dataclasses.replace(
        brief,
        obligations=[
            {"regime": "GDPR Art. 33", "deadline": later.isoformat(), "recipient": "DPA"},
            {"regime": "SEC Form 8-K Item 1.05", "deadline": None, "status": "watch"},
            {"regime": "Texas AG", "deadline": earlier.isoformat(), "recipient": "AG"},
        ],
    )
    rows = obligation_rows(with_clocks)
    assert [r.state for r in rows] == [
        "About 2 days left",
        "Watch",
        "Overdue by 3 hours",
    ]
    text = parse(render("html", with_clocks)).words
    assert "Legal and contractual clocks" in text
    assert "GDPR Art. 33" in text and "About 2 days left" in text and "Overdue by 3 hours" in text
    assert "clock not started" in text


# --- PDF ----------------------------------------------------------------------------------


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), words(" ".join(p.extract_text() for p in reader.pages))


def test_pdf_is_one_page_with_the_headline_and_key_numbers(
    brief: Brief, outputs: dict[str, str | bytes]
):
    data = outputs["pdf"]
    assert isinstance(data, bytes) and data.startswith(b"%PDF")
    pages, text = pdf_text(data)
    assert pages == 1
    assert words(brief.headline) in text
    for tile in big_numbers(brief):
        assert tile.value in text
    assert "Full root cause report" in text


# --- PPTX ---------------------------------------------------------------------------------


def slide_text(slide) -> str:
    """The slide's words, without its footer (the "as of" time every slide carries)."""
    from execbrief.render.slide_kit import FOOTER_NAME

    parts = []
    for shape in slide.shapes:
        if shape.name == FOOTER_NAME:
            continue
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return words(" ".join(parts))


def test_deck_has_16_9_slides_the_chart_and_the_script_in_the_notes(
    brief: Brief, outputs: dict[str, str | bytes]
):
    data = outputs["pptx"]
    assert isinstance(data, bytes)
    deck = Presentation(io.BytesIO(data))
    # no clocks, no overflow; a "Needs you now" slide opens the deck when a decision is due
    opening = [s for s in deck.slides if "Needs you now" in slide_text(s)]
    assert len(opening) == (1 if brief.needs_you_now else 0)
    # the decisions go a few to a slide, in large type: more of them, more slides
    more = [s for s in deck.slides if "(continued)" in s.shapes.title.text]
    assert all(s.shapes.title.text.startswith("What we need from you") for s in more)
    assert len(more) < len(brief.asks)
    assert 5 <= len(deck.slides) <= 9
    assert len(deck.slides) == SLIDES + len(opening) + len(more)
    assert round(deck.slide_width / deck.slide_height, 2) == round(16 / 9, 2)
    slides = [s for s in deck.slides if s not in opening]
    assert "Checkout payments failing" in slide_text(slides[0])
    pictures = [s for s in slides if any(sh.shape_type == 13 for sh in s.shapes)]
    assert pictures == [slides[3]]
    notes = [words(s.notes_slide.notes_text_frame.text) for s in slides]
    assert all(notes)
    spoken = " ".join(notes)
    for line in brief.script:
        assert words(line.text) in spoken, line.text[:60]
    assert "What happened?" in notes[1]
    assert "If asked: What has this cost us in total?" in notes[2]  # business impact
    # the cause and the fix are thin apart: they share slide 5, and its notes
    assert "why didn't we stop it?" in notes[4]
    assert "Could it happen again?" in notes[4]
    assert "Keep me posted" in notes[5]


def test_deck_numbers_and_commitments_come_from_the_brief(
    brief: Brief, outputs: dict[str, str | bytes]
):
    deck = Presentation(io.BytesIO(outputs["pptx"]))
    slides = [s for s in deck.slides if "Needs you now" not in slide_text(s)]
    impact = slide_text(slides[1])
    for tile in big_numbers(brief):
        assert tile.value in impact
    assert "Service credits owed under contract" in slide_text(slides[2])
    assert "first look, not yet confirmed" in slide_text(slides[4])
    assert "Risk of a repeat: low" in slide_text(slides[4])
    last = slide_text(slides[-1])  # the commitments close the deck
    assert "Wednesday, November 25" in last and "Full root cause report" in last


def test_deck_uses_a_company_template_and_drops_its_slides(brief: Brief, tmp_path: Path):
    company = Presentation()  # 4:3, with a sample slide the company left in
    company.slides.add_slide(company.slide_layouts[1]).shapes.title.text = "Company sample"
    path = tmp_path / "company.pptx"
    company.save(str(path))
    deck = Presentation(io.BytesIO(render("pptx", brief, template=path)))
    assert len(deck.slides) >= SLIDES  # a 4:3 slide holds less: long text continues
    assert deck.slide_width == Emu(company.slide_width)
    assert all("Company sample" not in slide_text(s) for s in deck.slides)


def test_a_bad_template_is_an_input_error(brief: Brief, tmp_path: Path):
    path = tmp_path / "deck.pptx"
    path.write_text("not a deck")
    with pytest.raises(InputError):
        render("pptx", brief, template=path)
    with pytest.raises(InputError):
        render("pptx", brief, template=tmp_path / "missing.pptx")


# --- rendering every file format at once (--out) -------------------------------------------


def _same_pdf(a: bytes, b: bytes) -> bool:
    return pdf_text(a) == pdf_text(b)


def test_render_files_prints_the_pdf_in_a_helper_with_the_same_result(
    brief: Brief, outputs: dict[str, str | bytes]
):
    from execbrief.render import batch

    files = batch.render_files(brief)
    assert list(files) == list(file_formats())
    for name in ("md", "html", "json"):
        assert files[name] == outputs[name]
    assert _same_pdf(files["pdf"], outputs["pdf"])  # type: ignore[arg-type]


def test_when_the_helper_fails_the_pdf_is_rendered_here(brief: Brief, monkeypatch):
    from execbrief.render import batch

    parent = os.getpid()
    real = batch.render
    calls: list[int] = []

    def flaky(name: str, b: Brief, **options):
        if name == "pdf":
            if os.getpid() != parent:
                raise RuntimeError("the helper process broke")
            calls.append(os.getpid())
        return real(name, b, **options)

    monkeypatch.setattr(batch, "render", flaky)
    files = batch.render_files(brief)
    assert calls == [parent]
    assert pdf_text(files["pdf"])[0] == 1  # type: ignore[arg-type]
    assert files["html"] == real("html", brief)


def test_a_helper_started_early_prints_the_pdf_and_an_unused_one_goes_away(brief: Brief):
    from execbrief.render import batch

    with batch.pdf_helper() as helper:
        files = batch.render_files(brief, helper)
    assert pdf_text(files["pdf"])[0] == 1  # type: ignore[arg-type]
    with batch.pdf_helper() as unused:
        pid = unused._child._pid if unused is not None else None
    if pid is not None:  # reaped: the process is gone
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, 0)


def test_without_fork_every_format_is_rendered_here(
    brief: Brief, outputs: dict[str, str | bytes], monkeypatch
):
    from execbrief.render import batch, forked

    monkeypatch.setattr(forked, "can_fork", lambda: False)
    with batch.pdf_helper() as helper:
        assert helper is None
    files = batch.render_files(brief)
    assert list(files) == list(file_formats())
    assert files["html"] == outputs["html"] and files["md"] == outputs["md"]
    assert _same_pdf(files["pdf"], outputs["pdf"])  # type: ignore[arg-type]
