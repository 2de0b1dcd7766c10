"""Untrusted incident text in the presentation formats, and the timeline chart.

A hostile incident (markup, template braces, quotes, control characters, terminal codes,
emoji, a 5,000-character cause) goes through every format: escaped in HTML and never run
as a template, clean XML in the deck, cut rather than overflowing a slide or a page.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pptx import Presentation
from pypdf import PdfReader

from conftest import NOW, incident
from execbrief.app.files import write_atomic_bytes
from execbrief.core.story.brief import Brief, compose
from execbrief.render import render
from execbrief.render.deck import SLIDES
from execbrief.render.untrusted import cut, one_line, printable
from test_deck_fit import deck_overflows
from test_presentation import parse, pdf_text, slide_text

# --- a hostile incident, in every format ---------------------------------------------------

SCRIPT_TAG = "<script>alert('x')</script>"
BRACES = "{{ 7 * 7 }} {% for x in range(3) %}loop{% endfor %}"


@pytest.fixture(scope="module")
def hostile() -> Brief:
    long_cause = ("a very long cause " * 300)[:5000]
    item = incident(
        id='INC-"9"\x07',
        title=f"{SCRIPT_TAG} {BRACES} \"quoted\" 'single' \x00\x1b[31m 🔥🚨 café",
        severity="SEV1\x0b",
        timeline={
            "events": [
                {"at": "2026-11-20T14:10:00Z", "what": f"{SCRIPT_TAG} paged $5 and $6 \x08🔥"},
                {"at": "2026-11-20T14:20:00Z", "what": "x" * 3000},
            ]
        },
        cause={"summary": long_cause + "\x1f", "safeguard_gap": BRACES, "status": "suspected"},
        fix={"immediate": "rolled back </p><img src=x onerror=alert(1)>"},
        asks=[f"Approve {SCRIPT_TAG}", "x" * 600, "third", "fourth"],
        commitments=[{"what": f"{BRACES} report\x0c", "owner": "<b>SRE</b>", "due": "2026-11-25"}],
        impact={"users_affected": 1200, "users_unit": "customers"},
    )
    return compose(item, NOW)


def no_control_characters(text: str) -> bool:
    return all(ch in "\n\t" or unicodedata.category(ch) != "Cc" for ch in text)


def test_hostile_html_is_escaped_and_never_run_as_a_template(hostile: Brief):
    html = render("html", hostile)
    assert isinstance(html, str)
    page = parse(html)
    assert [t for t, _ in page.tags].count("script") == 0
    assert not any(t == "img" and a.get("onerror") for t, a in page.tags)
    assert SCRIPT_TAG in page.words  # shown as text, exactly as written
    assert "{{ 7 * 7 }}" in page.words and "loop loop" not in page.words
    assert "&quot;quoted&quot;" in html or "&#34;quoted&#34;" in html
    assert no_control_characters(html)
    assert "🔥🚨 café" in page.words


def test_hostile_pdf_stays_one_page(hostile: Brief):
    data = render("pdf", hostile)
    assert isinstance(data, bytes)
    pages, text = pdf_text(data)
    text = text.replace("\x00", "")  # pypdf reads the bold font's text as UTF-16
    assert pages == 1
    assert "<script>" in text  # the title, shown as text
    # A 5,000-character cause cannot fit one page in readable type (10 pt at the least):
    # every other part gives way first and the page says so; only then is the cause cut,
    # with an ellipsis (brief.html and the slides keep it whole).
    assert "For room, this page leaves out" in text
    cause = " ".join(hostile.section("cause").text.split())
    assert cause[:200] in " ".join(text.split()) and "…" in text
    sizes: list[float] = []

    def visit(found, cm, tm, font, size):
        if found.strip() and size:
            sizes.append(size * abs(tm[0]) * abs(cm[0]))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    assert min(sizes) >= 10 - 0.01


def test_hostile_deck_is_clean_xml_and_nothing_overflows(hostile: Brief):
    data = render("pptx", hostile)
    assert isinstance(data, bytes)
    deck = Presentation(io.BytesIO(data))
    assert len(deck.slides) > SLIDES  # the 5,000-character cause continues, whole
    for slide in deck.slides:
        text = slide_text(slide)
        assert no_control_characters(text)
        assert no_control_characters(slide.notes_slide.notes_text_frame.text)
    assert deck_overflows(data) == []
    shown = " ".join(slide_text(s) for s in deck.slides)
    assert "…" not in shown
    whole = " ".join(
        shown.replace("Cause, and why our safeguards missed it (continued)", "").split()
    )
    assert whole.count("a very long cause") == hostile.section("cause").text.count(
        "a very long cause"
    )
    assert "{{ 7 * 7 }}" in shown


def test_hostile_text_formats_render(hostile: Brief):
    for name in ("md", "json", "text"):
        out = render(name, hostile)
        assert isinstance(out, str) and out


# --- the chart ----------------------------------------------------------------------------


def test_chart_labels_are_in_the_audience_zone_and_money_signs_are_not_math(hostile: Brief):
    from execbrief.render import timeline_chart

    svg = timeline_chart.svg(hostile).decode("utf-8")
    assert svg.lstrip().startswith(("<?xml", "<svg"))
    assert "9:02 AM" in svg  # 14:02 UTC, shown in New York time
    assert "New York time" in svg
    assert "paged $5 and $6" in svg
    assert "<script>" not in svg  # matplotlib escapes text into XML
    png = timeline_chart.png(hostile, width=4, height=2)
    assert png.startswith(b"\x89PNG")
    width = int.from_bytes(png[16:20], "big")
    assert width == 4 * 200  # twice the usual resolution


def test_chart_keeps_milestones_when_events_are_many():
    from execbrief.render import timeline_chart

    events = [
        {"at": f"2026-11-20T14:{minute:02d}:00Z", "what": f"step {minute}"}
        for minute in range(3, 48, 2)
    ]
    brief = compose(incident(timeline={"events": events}), NOW)
    marks = timeline_chart.marks(brief)
    assert len(marks) == timeline_chart.MAX_ROWS
    assert {m.label for m in marks if m.milestone} == {
        "Problem began",
        "We found out: step 5",  # an event at a milestone's minute is told on its row
        "Service back",
        "Incident closed after checks",
    }
    assert marks == sorted(marks, key=lambda m: m.at)
    shown = [m.label for m in marks if not m.milestone]
    assert shown[0] == "step 3" and shown[-1] == "step 47"
    assert all(re.fullmatch(r"step \d+", label) for label in shown)


# --- untrusted text and binary files --------------------------------------------------------


@given(st.text(), st.integers(min_value=2, max_value=300))
def test_cut_never_exceeds_its_limit_and_marks_what_it_dropped(text: str, limit: int):
    shortened = cut(text, limit)
    assert len(shortened) <= limit
    assert "\n" not in shortened
    if len(one_line(text)) > limit:
        assert shortened.endswith("…")


@given(st.text())
def test_printable_leaves_no_control_characters(text: str):
    assert no_control_characters(printable(text))
    assert "\x1b" not in printable(text)


def test_printable_drops_terminal_colour_codes_and_keeps_emoji():
    assert printable("\x1b[31mred\x1b[0m 🔥\x00") == "red 🔥"


def test_write_atomic_bytes_replaces_the_file_and_keeps_its_mode(tmp_path: Path):
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic_bytes(target, b"%PDF-new\x00\xff")
    assert target.read_bytes() == b"%PDF-new\x00\xff"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]


def test_the_pdf_fetches_nothing_from_outside():
    from execbrief.render.pdf import embedded_only

    fetcher = embedded_only()
    for url in ("file:///etc/passwd", "https://example.com/x.png", "ftp://example.com/x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    response = fetcher.fetch("data:text/plain;base64,aGk=")
    try:
        assert response.read() == b"hi"
    finally:
        response.close()


def test_a_chart_is_drawn_once_per_brief_and_size(hostile: Brief):
    brief = compose(incident(), NOW)
    from execbrief.render import timeline_chart

    first = timeline_chart.png(brief, 3, 1.5)
    assert timeline_chart.png(brief, 3, 1.5) is first
    assert timeline_chart.png(hostile, 3, 1.5) != first  # another Brief: drawn anew


def test_an_ongoing_incident_marks_now_on_the_chart():
    from execbrief.render import timeline_chart

    ongoing = compose(incident(timeline={"mitigated": None, "resolved": None}), NOW)
    marks = timeline_chart.marks(ongoing)
    assert marks[-1].label == "Now: still going on"
    assert marks[-1].at == NOW
