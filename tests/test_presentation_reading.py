"""What a CEO's cold reading of the handout found (brief.md, the one-page PDF, the slides),
checked on the examples with their legal clocks (the bundled rules), at the two moments of
test_deck_fit: an hour after the end, and a month later when clocks are overdue.

Each test reads what a person sees: the text of a slide, a line of the Markdown, the size
of type printed in the PDF. None checks a sentence the core writes.
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from execbrief.app.briefing import brief_for as app_brief
from execbrief.core import speech
from execbrief.core.story import Brief
from execbrief.render import render
from execbrief.render.figures import big_numbers
from execbrief.render.slide_kit import FOOTER_NAME
from execbrief.sources.incident_file import load_incident
from test_deck_fit import CASES, IDS, left_out, moments
from test_presentation import parse

ROOT = Path(__file__).resolve().parent.parent / "examples"
BREACH = ROOT / "account-breach.yaml"


@cache
def brief_for(path: Path, when: str) -> Brief:
    """The brief as `execbrief brief` makes it: with the bundled legal and contract rules."""
    return app_brief(load_incident(path), moments(path)[when])  # type: ignore[arg-type]


@cache
def outputs(path: Path, when: str) -> dict[str, object]:
    brief = brief_for(path, when)
    return {form: render(form, brief) for form in ("md", "html", "pdf", "pptx")}


def md(path: Path, when: str) -> str:
    text = outputs(path, when)["md"]
    assert isinstance(text, str)
    return text


def slides(path: Path, when: str) -> list[list[tuple[str, float, bool]]]:
    """Each slide's paragraphs as (text, points, bold), text boxes and table cells alike."""
    data = outputs(path, when)["pptx"]
    assert isinstance(data, bytes)
    found = []
    for slide in Presentation(io.BytesIO(data)).slides:
        paragraphs = []
        for shape in slide.shapes:
            if shape.name == FOOTER_NAME:  # the "as of" time at the foot of every slide
                continue
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for frame in frames:
                for p in frame.paragraphs:
                    text = "".join(r.text for r in p.runs)
                    if text.strip():
                        size = next((r.font.size.pt for r in p.runs if r.font.size), 18.0)
                        bold = bool(p.font.bold or any(r.font.bold for r in p.runs))
                        paragraphs.append((text, size, bold))
        found.append(paragraphs)
    return found


def slide_titles(path: Path, when: str) -> list[str]:
    data = outputs(path, when)["pptx"]
    assert isinstance(data, bytes)
    deck = Presentation(io.BytesIO(data))
    return [s.shapes.title.text if s.shapes.title is not None else "" for s in deck.slides]


def pdf_runs(path: Path, when: str) -> list[tuple[str, float]]:
    """(text, printed size in points) of each run of text on the PDF's page."""
    data = outputs(path, when)["pdf"]
    assert isinstance(data, bytes)
    runs: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and size:
            runs.append((text, size * abs(tm[0]) * abs(cm[0])))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return runs


def size_of(runs: list[tuple[str, float]], start: str) -> float:
    """The printed size of the run (a printed line) that `start` begins with: the one that
    shares the longest opening with it, at least 25 characters (the headline and the first
    section may both open with a long service name)."""
    want = " ".join(start.split())

    def shared(text: str) -> int:
        line = " ".join(text.split())
        n = 0
        while n < min(len(line), len(want)) and line[n] == want[n]:
            n += 1
        return n

    best = max(runs, key=lambda run: shared(run[0]))
    assert shared(best[0]) >= min(25, len(want)), start[:40]
    return best[1]


def flat(text: str) -> str:
    return " ".join(text.split())


URGENT = [case for case in zip(CASES, IDS, strict=True) if case[1] == "account-breach-month later"]


# 1. the as-of time -------------------------------------------------------------------------


@pytest.mark.parametrize("when", ["soon", "month later"])
def test_the_title_slide_and_the_one_pager_say_as_of_when(when: str):
    brief = brief_for(BREACH, when)
    zone = brief.incident.zone
    as_of = speech.clock_time(brief.assessment.now, zone)
    began = speech.day(brief.incident.timeline.started.astimezone(zone).date())
    title = flat(" ".join(text for text, _, _ in slides(BREACH, when)[0]))
    assert as_of in title and began not in title
    head = md(BREACH, when).split("\n## ", 1)[0]  # before the first section
    assert f"As of {as_of}" in head
    html = outputs(BREACH, when)["html"]
    assert isinstance(html, str)
    header = html.split("</header>", 1)[0]
    assert as_of in flat(" ".join(parse(header).text))
    assert as_of in flat(" ".join(text for text, _ in pdf_runs(BREACH, when)))


# 2. what needs the CEO now: first, and large -------------------------------------------------


def test_needs_you_now_comes_first_in_large_type_in_every_form():
    brief = brief_for(BREACH, "month later")
    told = [u.told for u in brief.needs_you_now]
    assert told, "the example must have something overdue a month later"
    text = md(BREACH, "month later")
    assert re.findall(r"^## (.+)$", text, re.MULTILINE)[0] == "Needs you now"
    assert re.findall(r"^### (.+)$", text, re.MULTILINE)[: len(told)] == told
    runs = pdf_runs(BREACH, "month later")
    body = size_of(runs, brief.section("what_happened").text)
    for line in told:
        assert size_of(runs, line) > body * 1.15, line
    titles = slide_titles(BREACH, "month later")
    assert titles[1] == "Needs you now"
    shown = [(t, size) for t, size, _ in slides(BREACH, "month later")[1] if t != titles[1]]
    assert [t for t, _ in shown] == told
    assert all(size >= 24 for _, size in shown)


# 3. no "Unknown" as a big number -------------------------------------------------------------


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_a_tile_never_shows_unknown(path: Path, when: str):
    brief = brief_for(path, when)
    tiles = big_numbers(brief)
    assert len(tiles) >= 3
    assert all(tile.value.lower() != "unknown" for tile in tiles)
    html = outputs(path, when)["html"]
    assert isinstance(html, str)
    glance = html.split('class="tiles"', 1)[1].split("</section>", 1)[0]
    assert "Unknown" not in glance
    assert not any(t == "Unknown" for t, _, _ in slides(path, when)[slide_of(path, when)])


def slide_of(path: Path, when: str) -> int:
    return slide_titles(path, when).index("What happened and what it cost")


# 4. the decisions, one by one ----------------------------------------------------------------


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_the_decisions_slide_reads_brief_asks_one_decision_per_item(path: Path, when: str):
    brief = brief_for(path, when)
    titles = slide_titles(path, when)
    start = next(n for n, t in enumerate(titles) if t.startswith("What we need from you"))
    said = [
        (text, bold)
        for n in range(start, len(titles))
        if titles[n].startswith("What we need from you")
        for text, _, bold in slides(path, when)[n]
        if text != titles[n]
    ]
    heads = [text for text, bold in said if bold and not text.startswith(("Without", "We rec"))]
    for n, d in enumerate(brief.asks, 1):
        head = next(h for h in heads if speech.sentence(d.decision) in h)
        assert head.startswith(f"{n}. ") or len(brief.asks) == 1
    lines = [text for text, _ in said]
    assert sum(t.startswith("Without it: ") for t in lines) == sum(
        1 for d in brief.asks if d.if_no_decision
    )
    assert sum(t.startswith("We recommend: ") for t in lines) == sum(
        1 for d in brief.asks if d.recommendation
    )


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_the_one_pagers_decisions_are_not_smaller_than_its_body(path: Path, when: str):
    brief = brief_for(path, when)
    runs = pdf_runs(path, when)
    gone = left_out(flat(" ".join(t for t, _ in runs)))
    if "asks" in gone:  # left out whole for room: "Needs you now" holds those due today
        return
    body = size_of(runs, brief.section("recurrence").text) if "what_happened" in gone else None
    body = body or size_of(runs, brief.section("what_happened").text)
    assert size_of(runs, brief.section("asks").text) >= body


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_the_one_pager_prints_no_text_under_10_points(path: Path, when: str):
    """The cold reader could not read the one-pager: a page too full was scaled down to
    about 6 pt. Its type stays at 10 pt or more; parts give way whole instead, and the
    page says which (the slides have them)."""
    runs = pdf_runs(path, when)
    assert min(size for _, size in runs) >= 10 - 0.01
    brief = brief_for(path, when)
    gone = left_out(flat(" ".join(t for t, _ in runs)))
    assert "recurrence" not in gone and brief.headline  # what never gives way
    for figure in big_numbers(brief):
        assert flat(figure.value) in flat(" ".join(t for t, _ in runs))


# 5. the chance of a repeat on the one-pager --------------------------------------------------


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_the_one_pager_says_the_risk_of_a_repeat(path: Path, when: str):
    brief = brief_for(path, when)
    risk = brief.incident.recurrence.risk
    recurrence = brief.section("recurrence")
    text = md(path, when)
    assert f"## {recurrence.title}" in text and flat(recurrence.text) in flat(text)
    printed = flat(" ".join(t for t, _ in pdf_runs(path, when)))
    assert recurrence.title.upper() in printed.upper()
    if risk != "unknown":
        assert f"Risk of a repeat: {risk}" in text
        assert f"Risk of a repeat: {risk}" in printed


# 6. the legal clocks ------------------------------------------------------------------------


@pytest.mark.parametrize("when", ["soon", "month later"])
def test_a_clock_waiting_on_counsel_says_so_and_who_we_notify_is_named(when: str):
    brief = brief_for(BREACH, when)
    waiting = [o for o in brief.obligations if o.get("decision") and not o.get("deadline")]
    assert waiting, "the example has clocks that wait on counsel"
    text = md(BREACH, when)
    assert "| Rule | Who we notify |" in text and "| Tell |" not in text
    assert text.count("Waits on counsel's decision") == len(waiting)
    assert "Clock not started" not in text
    html = outputs(BREACH, when)["html"]
    assert isinstance(html, str)
    assert "<th>Who we notify</th>" in html and "<th>Tell</th>" not in html
    assert html.count("Waits on counsel&#39;s decision") == len(waiting)
    cells = [t for slide in slides(BREACH, when) for t, _, _ in slide]
    assert "Who we notify" in cells and "Tell" not in cells
    assert cells.count("Waits on counsel's decision") == len(waiting)


# 7. one line per minute in the Markdown timeline ----------------------------------------------


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_the_markdown_timeline_has_one_line_per_minute(path: Path, when: str):
    text = md(path, when).split("## Timeline", 1)[1].split("\n## ", 1)[0]
    times = re.findall(r"^- \*\*(.+?)\*\*:", text, re.MULTILINE)
    assert times and len(times) == len(set(times))
    if path == BREACH:
        assert "Intruder got in: First sign-in with the stolen staff password" in text


# 8. no near-empty continuation slide ---------------------------------------------------------


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_no_continuation_slide_is_nearly_empty(path: Path, when: str):
    data = outputs(path, when)["pptx"]
    assert isinstance(data, bytes)
    for n, slide in enumerate(Presentation(io.BytesIO(data)).slides, 1):
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        if "(continued)" not in title:
            continue
        rows = sum(len(s.table.rows) - 1 for s in slide.shapes if s.has_table)
        words = sum(
            len(s.text_frame.text.split())
            for s in slide.shapes
            if s.has_text_frame and s != slide.shapes.title and s.name != FOOTER_NAME
        )
        assert rows >= 2 or words >= 25, (n, title, rows, words)


# 9. the decisions, a few to a slide, in large type ------------------------------------------


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_the_decisions_are_a_few_to_a_slide_in_large_type(path: Path, when: str):
    """The cold reader of the network outage found four decisions in 15 pt on one slide
    and the next slide all but empty: the decisions stay at 18 pt or more and are shared
    out, the slide that ends the deck holds its commitments, and no slide titled for them
    holds none."""
    titles = slide_titles(path, when)
    asks = [n for n, t in enumerate(titles) if t.startswith("What we need from you")]
    assert asks
    sizes = [
        size
        for n in asks
        for text, size, _ in slides(path, when)[n]
        if text != titles[n] and not _in_a_table(path, when, n, text)
    ]
    assert sizes and min(sizes) >= 18
    for n in asks:
        if "commitments" in titles[n]:
            assert _in_a_table(path, when, n, "Owner")
    brief = brief_for(path, when)
    last = flat(" ".join(t for t, _, _ in slides(path, when)[-1]))
    assert all(flat(c.what) in last for c in brief.commitments[:1])


def _in_a_table(path: Path, when: str, n: int, text: str) -> bool:
    data = outputs(path, when)["pptx"]
    assert isinstance(data, bytes)
    slide = Presentation(io.BytesIO(data)).slides[n]
    return any(
        cell.text == text
        for s in slide.shapes
        if s.has_table
        for row in s.table.rows
        for cell in row.cells
    )
