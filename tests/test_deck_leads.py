"""A deck that leads (issue 20, item 6): the "as of" time on every slide, unknowns in a
short list (never a big card), thin slides merged, and a long incident's timeline that
stays readable. Read back with python-pptx; LibreOffice only where it is installed."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import EXAMPLES, NOW, incident
from execbrief.core import speech
from execbrief.core.story.brief import Brief, compose
from execbrief.render import render, timeline_chart
from execbrief.render.slide_kit import FOOTER_NAME
from execbrief.sources.incident_file import load_incident

TEN_DAYS = EXAMPLES / "faulty-update.yaml"
TEN_DAYS_NOW = datetime.fromisoformat("2026-11-17T20:00:00+00:00")


def deck(brief: Brief):
    data = render("pptx", brief)
    assert isinstance(data, bytes)
    return Presentation(io.BytesIO(data))


def title(slide) -> str:
    return slide.shapes.title.text if slide.shapes.title is not None else ""


def texts(slide) -> list[str]:
    found = []
    for shape in slide.shapes:
        if shape.name == FOOTER_NAME:
            continue
        if shape.has_text_frame:
            found.append(shape.text_frame.text)
        if shape.has_table:
            found += [cell.text for row in shape.table.rows for cell in row.cells]
    return found


def test_every_slide_after_the_title_says_as_of_when_in_its_footer():
    brief = compose(load_incident(TEN_DAYS), TEN_DAYS_NOW)
    as_of = f"As of {speech.clock_time(brief.assessment.now, brief.incident.zone)}"
    slides = list(deck(brief).slides)
    assert as_of.removeprefix("As of ").lower() in " ".join(texts(slides[0])).lower()
    for slide in slides[1:]:
        feet = [s for s in slide.shapes if s.name == FOOTER_NAME]
        assert [f.text_frame.text for f in feet] == [as_of], title(slide)
    assert not any(s.name == FOOTER_NAME for s in slides[0].shapes)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_footer_touches_nothing_on_the_slide(path: Path):
    inc = load_incident(path)
    t = inc.timeline
    moments = [t.started, t.detected, t.mitigated, t.resolved, *(e.at for e in t.events)]
    brief = compose(inc, max(m for m in moments if m) + timedelta(hours=1))
    for n, slide in enumerate(deck(brief).slides, 1):
        feet = [s for s in slide.shapes if s.name == FOOTER_NAME]
        if not feet:
            continue
        top = feet[0].top
        for shape in slide.shapes:
            if shape.name != FOOTER_NAME:
                assert shape.top + shape.height <= top, (n, title(slide), shape.name)


def test_unknowns_are_a_short_list_on_the_impact_slide_never_a_big_card():
    bare = compose(incident(), NOW)  # no users, no money counted
    assert bare.unknowns
    slides = list(deck(bare).slides)
    impact = next(s for s in slides if title(s) == "Business impact")
    said = " ".join(texts(impact))
    assert "Still unknown" in said
    first = bare.unknowns[0]
    assert speech.capital(first.fact) in said
    tiles = next(s for s in slides if title(s) == "What happened and what it cost")
    assert "unknown" not in " ".join(texts(tiles)).lower()


def test_thin_cause_and_fix_share_a_slide_and_a_long_cause_does_not():
    short = [title(s) for s in deck(compose(incident(), NOW)).slides]
    assert "Cause, fix, and the chance of a repeat" in short
    assert "The fix, and the chance of a repeat" not in short
    long = " ".join(f"Step {n} of the failure went on as the logs show." for n in range(40))
    brief = compose(incident(cause={"summary": long, "status": "suspected"}), NOW)
    titles = [title(s) for s in deck(brief).slides]
    assert "Cause, and why our safeguards missed it" in titles
    assert "The fix, and the chance of a repeat" in titles


def test_a_ten_day_timeline_is_stretched_dated_and_its_fix_is_a_main_moment():
    brief = compose(load_incident(TEN_DAYS), TEN_DAYS_NOW)
    assert timeline_chart.stretched(brief)
    figure = timeline_chart._figure(brief, 8.4, 3.4)
    assert timeline_chart.outside(figure) == []
    ax = figure.axes[0]
    labels = [" ".join(t.get_text().split()) for t in ax.get_yticklabels()]
    assert labels[0].startswith("Nov 5, 10:10 PM Problem began")
    fixed = next(t for t in ax.get_yticklabels() if "Fix in place" in t.get_text())
    assert fixed.get_fontweight() == "bold"
    assert all(t.get_color() == timeline_chart.INK for t in ax.get_yticklabels())  # not grey
    # the first three moments (start, noticed, fix: 78 minutes) are not crushed together:
    # on a linear axis they would sit within 0.5% of its width of each other
    xs = sorted(line.get_xdata()[0] for line in ax.lines)
    width = ax.get_xlim()[1] - ax.get_xlim()[0]
    assert (xs[2] - xs[0]) / width > 0.1
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "start" and "+1 day" in ticks


def test_a_short_incident_keeps_a_clock_axis():
    brief = compose(load_incident(EXAMPLES / "checkout-outage.yaml"), NOW)
    assert not timeline_chart.stretched(brief)
    labels = timeline_chart.labels(brief, 8.4)
    assert labels[0].startswith("9:02 AM")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_one_page_per_slide(tmp_path: Path):
    from pypdf import PdfReader

    brief = compose(load_incident(TEN_DAYS), TEN_DAYS_NOW)
    data = render("pptx", brief)
    assert isinstance(data, bytes)
    (tmp_path / "brief.pptx").write_bytes(data)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), "brief.pptx"],
        cwd=tmp_path,
        capture_output=True,
        timeout=180,
        check=True,
    )
    pages = PdfReader(str(tmp_path / "brief.pdf")).pages
    assert len(pages) == len(Presentation(io.BytesIO(data)).slides)
