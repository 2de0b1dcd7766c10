"""Two audiences, two packs (issue 12, item 6; SPEC section 2).

The handout (brief.md, brief.html, brief.pdf and the deck's slides) is what the CEO
reads: for every example, none of the tool's words are in it: no field paths, readiness,
verdict, spoken seconds, script lines, "—" for an owner, "min (" double forms or exact
decimals. The presenter pack (presenter.md) holds them all. These tests check structure
and the presence or absence of words, never a sentence the core writes.
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from conftest import NOW, incident
from execbrief.core.story.brief import compose
from execbrief.render import file_formats, render
from execbrief.render.figures import OWNER_TO_BE_NAMED, at_a_glance, big_numbers, unknown_lines
from test_deck_fit import CASES, IDS, brief_for, deck_bytes, left_out
from test_presentation import parse

# --- what the CEO must never read -------------------------------------------------------------

FIELD_PATH = re.compile(r"\b[a-z_]+\.[a-z_]+(\[\d+\])?\b")
URL_OR_EMAIL = re.compile(r"(https?://\S+|www\.\S+|\S+@\S+)")
TOOL_WORDS = re.compile(
    r"Readiness|verdict|Spoken|seconds|\bCEO:|min \(|Key figure|Language findings|"
    r"\d+\.\d+ h\b|(?<!Item )\d\.\d\d\b",  # '11.08 h', '£14,740.83' (not 'Item 1.05')
    re.IGNORECASE,
)
PLAIN_DOTS = {"a.m", "p.m", "e.g", "i.e"}  # words with a dot that are not field paths
OWNER_DASH = re.compile(r"\|\s*—\s*\||<td>\s*—\s*</td>|Owner\W+—")


def tool_words(text: str) -> list[str]:
    """Every leftover of the tool in a handout text, as found."""
    plain = URL_OR_EMAIL.sub(" ", text)
    found = [m.group(0) for m in FIELD_PATH.finditer(plain) if m.group(0) not in PLAIN_DOTS]
    found += [m.group(0) for m in TOOL_WORDS.finditer(plain)]
    found += [m.group(0) for m in OWNER_DASH.finditer(plain)]
    return found


def test_the_check_catches_each_leftover_of_the_tool():
    """The check can fail: each leftover the CEO complained about is found."""
    bad = {
        "Verdict: ready. Spoken part: about 119 seconds (aim: 180)": 3,
        "CEO: All right. Keep me posted.": 1,
        "| Key figure | Value |": 1,
        "Response cost: £14,740.83 (14 people, 11.08 h)": 2,
        "315 min (about 5 and a half hours)": 1,
        "Whether it is confirmed (`cause.status`)": 1,
        "| 2 | Root cause report | — | Tuesday | open |": 1,
        "## Language findings": 1,
    }
    for text, least in bad.items():
        assert len(tool_words(text)) >= least, text
    fine = (
        "About £15,000 in staff time; see https://ico.org.uk/for.organisations or "
        "email dpo@example.com. Between 8,500 and 11,000 customers, for about 10 and a "
        "half hours. UK GDPR Art. 33, due 9:30 a.m. BST."
    )
    assert tool_words(fine) == []


# --- the handout, in every form, for every example ---------------------------------------------


@cache
def handouts(path: Path, when: str) -> dict[str, str]:
    brief = brief_for(path, when)
    md = render("md", brief)
    html = render("html", brief)
    pdf = render("pdf", brief)
    assert isinstance(md, str) and isinstance(html, str) and isinstance(pdf, bytes)
    reader = PdfReader(io.BytesIO(pdf))
    deck = Presentation(io.BytesIO(deck_bytes(path, when)))
    slides = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                slides.append(shape.text_frame.text)
            if shape.has_table:
                slides += [cell.text for row in shape.table.rows for cell in row.cells]
    return {
        "md": md,
        "html": " ".join(parse(html).text),
        "pdf": " ".join(page.extract_text() for page in reader.pages),
        "slides": "\n".join(slides),
    }


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_the_handout_holds_no_tool_words(path: Path, when: str):
    for form, text in handouts(path, when).items():
        assert tool_words(text) == [], form


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_the_handout_holds_the_ceo_content(path: Path, when: str):
    brief = brief_for(path, when)
    texts = handouts(path, when)
    md = texts["md"]
    headings = re.findall(r"^## (.+)$", md, re.MULTILINE)
    urgent = [u.told for u in brief.needs_you_now]
    late = [c for c in brief.commitments if brief.commitment_state(c) == "missed"]
    assert headings[0] == ("Needs you now" if urgent else "Late from us" if late else "At a glance")
    for form in ("md", "html", "pdf", "slides"):
        flat = " ".join(texts[form].split())
        # The PDF's headings are set in capitals by the style sheet; the words are the same.
        assert ("needs you now" in flat.lower()) == bool(urgent), form
        for line in urgent:
            assert " ".join(line.split()) in flat, (form, line)
    assert [s.title for s in brief.sections] == [
        h for h in headings if h in {s.title for s in brief.sections}
    ]
    assert "Timeline" in headings and "Our commitments" in headings
    assert ("Legal and contractual clocks" in headings) == bool(brief.obligations)
    assert ("Still unknown" in headings) == bool(brief.unknowns)
    # the one-page PDF leaves parts out whole for room, and says which (test_deck_fit)
    gone = left_out(" ".join(texts["pdf"].split()))
    if brief.obligations:
        for form in ("md", "html", "pdf"):
            if form == "pdf" and "obligations" in gone:
                continue
            assert "Counsel must confirm" in " ".join(texts[form].split()), form
    for form in ("md", "html", "pdf", "slides"):
        flat = " ".join(texts[form].split())
        assert " ".join(brief.headline.split()) in flat, form
        for commitment in brief.commitments:
            assert commitment.what in flat or (form == "pdf" and "commitments" in gone), form
        shown = (
            [phrase for _, phrase in at_a_glance(brief)]
            if form == "md"
            else [tile.value for tile in big_numbers(brief)]
        )
        for value in shown:
            assert value in flat, (form, value)


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_figures_are_the_rounded_phrases_the_prose_uses(path: Path, when: str):
    brief = brief_for(path, when)
    prose = " ".join([brief.headline, *(s.text for s in brief.sections)])
    for label, phrase in at_a_glance(brief)[:3]:  # who, lost sales, how long
        head = phrase.split(" (")[0].removesuffix(", still going on")
        if head.startswith(("not ", "no ")) or " not counted" in head:
            continue
        assert head.lower() in prose.lower(), (label, phrase)
    for tile in big_numbers(brief):
        if tile.value != "Unknown":
            assert tile.value in prose, tile


def test_a_missing_owner_reads_owner_to_be_named_never_a_dash():
    brief = compose(incident(commitments=[{"what": "Root cause report", "due": "2026-11-25"}]), NOW)
    assert brief.commitments[0].owner is None
    md = render("md", brief)
    html = render("html", brief)
    assert isinstance(md, str) and isinstance(html, str)
    assert OWNER_TO_BE_NAMED in md and OWNER_TO_BE_NAMED in " ".join(parse(html).text)
    deck = Presentation(io.BytesIO(render("pptx", brief)))  # type: ignore[arg-type]
    cells = [
        cell.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
        for cell in row.cells
    ]
    assert f"{OWNER_TO_BE_NAMED} today" in cells and "—" not in cells  # and by when
    assert f"{OWNER_TO_BE_NAMED} today" in md


# --- the presenter pack -----------------------------------------------------------------------


def test_presenter_md_is_written_with_the_other_files():
    assert file_formats()["presenter"] == "presenter.md"


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_the_presenter_pack_holds_what_the_handout_leaves_out(path: Path, when: str):
    brief = brief_for(path, when)
    text = render("presenter", brief)
    assert isinstance(text, str)
    flat = " ".join(text.split())
    for line in brief.script:  # the script, every line, with the CEO's cues
        assert " ".join(line.text.split()) in flat
    assert "| CEO |" in text and "| You |" in text
    timings = [int(s) for s in re.findall(r"\(at (\d+) s\)", text)]
    assert timings == sorted(timings) and timings[-1] == brief.readiness.spoken_seconds
    assert f"of {brief.readiness.budget_seconds} s" in text
    for q in brief.qa:
        assert " ".join(q.question.split()) in flat and " ".join(q.answer.split()) in flat
    for u in brief.unknowns:
        assert f"`{u.field}`" in text
    assert "## Readiness" in text and "Verdict:" in text
    assert "## Language findings" in text
    assert "## Exact figures and their methods" in text


def test_the_presenter_pack_lists_findings_and_fields_to_fill():
    """An incident with gaps and jargon: the fields and the findings are named."""
    thin = incident(
        impact={"users_unit": "customers"},
        cause={"summary": "the k8s HPA OOMKilled the pods", "status": "suspected"},
    )
    from execbrief.app.briefing import brief_for as app_brief

    brief = app_brief(thin, NOW)
    assert brief.readiness.findings and brief.unknowns
    text = render("presenter", brief)
    assert isinstance(text, str)
    assert "`impact.users_affected`" in text and "`cause.status`" in text
    assert "| Where | Rule | Found |" in text
    for finding in brief.readiness.findings:
        assert str(finding["rule"]) in text
    handout = render("md", brief)
    assert isinstance(handout, str)
    assert tool_words(handout) == []


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_the_one_page_pdf_cuts_no_text(path: Path, when: str):
    """Type shrinks and the chart gives way before a word of the CEO's text is cut."""
    text = handouts(path, when)["pdf"]
    assert "…" not in text
    assert " ".join(brief_for(path, when).headline.split()) in " ".join(text.split())


def test_with_no_update_planned_the_brief_promises_none():
    from datetime import datetime

    facts = incident(
        commitments=[{"what": "Deletion cap in place", "owner": "Platform", "due": "2026-11-27"}]
    )
    brief = compose(facts, datetime.fromisoformat("2026-11-20T17:30:00+00:00"))
    steps = brief.section("next_steps").text
    assert "No update to you is scheduled yet." in steps
    assert "hear from us next" not in steps


NO_UPDATE = re.compile(r"next update|when you next hear|hear from us next", re.IGNORECASE)


def _unscheduled(**changes: object):
    """A brief after the incident with no update, call or report scheduled: only a fix."""
    from datetime import datetime

    given: dict[str, object] = {
        "commitments": [
            {"what": "Deletion cap in place", "owner": "Platform", "due": "2026-11-27"}
        ],
        "cause": {"summary": "a settings change", "status": "suspected"},
        "recurrence": {"risk": "unknown"},
    }
    facts = incident(**(given | changes))
    return compose(facts, datetime.fromisoformat("2026-11-20T17:30:00+00:00"))


def test_with_no_update_scheduled_no_output_promises_one():
    """The cold reader of the network outage read 'in our next update' when none was set:
    every sentence that says when the CEO hears more says who tells them and that no time
    is set, in the handout, the deck, the Q&A and the presenter pack alike."""
    brief = _unscheduled()
    assert brief.unknowns and brief.qa
    said = {form: render(form, brief) for form in ("md", "html", "pptx", "presenter", "json")}
    deck = Presentation(io.BytesIO(said.pop("pptx")))  # type: ignore[arg-type]
    slides = [
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides]
    for form, text in [*said.items(), ("slides", "\n".join(slides)), ("notes", "\n".join(notes))]:
        assert NO_UPDATE.findall(str(text)) == [], form
    for line in unknown_lines(brief):
        assert line.endswith("will find out and tell you. No time is set for that yet."), line
    assert "No time is set for that yet." in brief.section("cause").text
    assert "No update to you is scheduled yet." in brief.section("next_steps").text


def test_with_an_update_scheduled_the_same_sentences_give_its_date():
    scheduled = _unscheduled(
        commitments=[{"what": "Next update to you", "owner": "Incident lead", "due": "2026-11-23"}]
    )
    assert "No time is set" not in str(render("md", scheduled))
    for line in unknown_lines(scheduled):
        assert line.endswith("by Monday, November 23, when you next hear from us."), line
    cause = scheduled.section("cause").text
    assert "by Monday, November 23, when you next hear from us." in cause


@pytest.mark.parametrize(("path", "when"), CASES, ids=IDS)
def test_when_no_update_is_scheduled_every_handout_says_so(path: Path, when: str):
    """The cold reader of the network outage asked when the next update is: the one-pager
    had left its next steps out, and the slides have none. The PDF's note and the deck's
    commitments say it whenever the next steps would."""
    brief = brief_for(path, when)
    said = handouts(path, when)
    line = brief.no_update_line
    if line is None:
        assert all("No update to you is scheduled" not in text for text in said.values())
        return
    for form in ("md", "html", "pdf", "slides"):
        assert line in " ".join(said[form].split()), form
