"""One true story (issue 12): every money figure, count of people and duration in every
output the CEO hears or reads (headline, sections, script, Q&A, one-pager, slides and
their speaker notes) is a phrase of the Brief's situation, so no two places state one
fact differently.

The check reads every amount ("$54,000", "£1.2 million"), every count of the file's people
("48,200 customers") and every duration ("about 2 and a half hours") out of the rendered
text and asks whether it is one of the phrases `core/story/situation.py` decided. A figure
rounded differently, made up, or printed exactly in the handout fails it.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from conftest import incident
from execbrief.core.story.incident_text import free_text_fields
from execbrief.render import render

AMOUNT = re.compile(r"[$£€]\s?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s(?:million|billion|trillion))?")
DURATION = re.compile(
    r"(?:about )?(?:under a minute|\d+ minutes?|an hour(?: and (?:a half|\d+ minutes))?|"
    r"\d+ and a half (?:hours|days)|\d+ hours(?: and \d+ minutes)?|\d+ days)"
)


def canonical_amounts(brief) -> set[str]:
    """Every way the brief may say a money figure: the situation's phrases and ranges."""
    said: set[str] = set()
    for phrase in brief.situation.phrases():
        said |= set(AMOUNT.findall(phrase))
    for contract in brief.incident.contracts:  # the file's own figures, quoted back
        said |= set(AMOUNT.findall(f"${contract.monthly_fee:,}"))
    return said


def canonical_durations(brief) -> set[str]:
    """The situation's durations, and the time left on each clock as the core said it."""
    said = {fact.phrase for fact in brief.situation if fact.unit == "minutes" and fact.known}
    clocks = [u.told for u in brief.needs_you_now] + [
        str(o.get("time_left") or "") for o in brief.obligations
    ]
    for text in clocks:
        said |= set(DURATION.findall(text))
    return said


def handout_texts(brief) -> dict[str, str]:
    deck = Presentation(io.BytesIO(render("pptx", brief)))
    slides = "\n".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    tables = "\n".join(
        cell.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
        for cell in row.cells
    )
    notes = "\n".join(
        slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide
    )
    return {
        "headline": brief.headline,
        "sections": "\n".join(s.text for s in brief.sections),
        "script": "\n".join(line.text for line in brief.script),
        "qa": "\n".join(f"{q.question} {q.answer}" for q in brief.qa),
        "brief.md": render("md", brief),
        "slides": slides + "\n" + tables,
        "speaker notes": notes,
    }


def strays(brief) -> dict[str, list[str]]:
    allowed = canonical_amounts(brief)
    durations = canonical_durations(brief)
    users = brief.situation["users"]
    unit = users.unit
    people = {users.phrase} if users.known else set()
    # The engineer's own words may hold other figures (a subset: "the 310 customers whose
    # notes are gone"); those are quoted, not said by the core.
    quoted = " ".join(" ".join(text.split()) for _, text in free_text_fields(brief.incident))
    quoted += " ".join(f" {c.customers:,} {unit}" for c in brief.incident.contracts)
    found: dict[str, list[str]] = {}
    for name, text in handout_texts(brief).items():
        flat = " ".join(text.split())
        bad = [m for m in AMOUNT.findall(flat) if m not in allowed and m not in quoted]
        counts = re.findall(
            rf"(?:about |between )?\d[\d,]*(?: and \d[\d,]*)? {re.escape(unit)}\b", flat
        )
        bad += [
            c
            for c in counts
            if users.known and c not in quoted and not any(p.endswith(c) for p in people)
        ]
        bad += [
            d
            for d in DURATION.findall(flat)
            if d not in quoted and not any(ok == d or ok.endswith(f" {d}") for ok in durations)
        ]
        if bad:
            found[name] = bad
    return found


money = st.decimals(min_value=1, max_value=5_000_000, places=0)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    users=st.one_of(
        st.integers(min_value=1, max_value=3_000_000),
        st.tuples(
            st.integers(min_value=1, max_value=100_000), st.integers(min_value=0, max_value=900_000)
        ).map(lambda p: {"low": p[0], "high": p[0] + p[1]}),
    ),
    per_minute=money,
    fee=st.decimals(min_value=10, max_value=90_000, places=0),
    customers=st.integers(min_value=1, max_value=400),
    minutes=st.integers(min_value=3, max_value=3000),
)
def test_every_figure_in_the_handout_is_one_the_core_said(
    users, per_minute, fee, customers, minutes
):
    started = datetime.fromisoformat("2026-11-20T14:02:00+00:00")
    facts = incident(
        timeline={
            "started": started.isoformat(),
            "detected": (started + timedelta(minutes=2)).isoformat(),
            "mitigated": (started + timedelta(minutes=minutes)).isoformat(),
            "resolved": None,
        },
        impact={
            "users_affected": users,
            "revenue": {
                "currency": "USD",
                "per_minute": str(per_minute),
                "recapture": {"low": 0.2, "high": 0.5},
            },
        },
        contracts=[
            {
                "name": "Enterprise plan",
                "customers": customers,
                "monthly_fee": str(fee),
                "credits": [{"below": 99.95, "percent": 10}, {"below": 99.0, "percent": 25}],
            }
        ],
        response={"responders": 4, "hourly_cost": 150},
        commitments=[{"what": "Root cause report", "owner": "SRE team", "due": "2026-11-27"}],
    )
    from execbrief.core.story.brief import compose

    brief = compose(facts, started + timedelta(minutes=minutes, hours=2))
    assert strays(brief) == {}


def test_every_example_s_handout_says_each_figure_one_way():
    from test_deck_fit import CASES, brief_for

    for path, when in CASES:
        brief = brief_for(path, when)
        assert strays(brief) == {}, path.name


def test_the_check_itself_catches_a_figure_said_two_ways():
    facts = incident(impact={"users_affected": 48200, "revenue": {"lost": 57961}})
    from execbrief.core.story.brief import compose

    brief = compose(facts, datetime.fromisoformat("2026-11-20T17:30:00+00:00"))
    assert "$58,000" in canonical_amounts(brief)
    assert "$57,961" not in canonical_amounts(brief)
    lying = AMOUNT.findall("about $57,961 in lost sales and about $60,000 at risk")
    assert [m for m in lying if m not in canonical_amounts(brief)] == ["$57,961", "$60,000"]


def test_an_exact_or_made_up_figure_in_the_handout_is_caught(monkeypatch):
    import test_one_story

    facts = incident(impact={"users_affected": 48200, "revenue": {"lost": 57961}})
    from execbrief.core.story.brief import compose

    brief = compose(facts, datetime.fromisoformat("2026-11-20T17:30:00+00:00"))
    assert strays(brief) == {}
    lasted = brief.situation["lasted"].phrase
    assert lasted == "47 minutes"
    page = (
        "We lost about $58,000 ($57,961) from about 48,000 customers; 48,200 customers. "
        f"It lasted {lasted}, or 48 minutes, or about an hour."
    )
    monkeypatch.setattr(test_one_story, "handout_texts", lambda _: {"brief.md": page})
    assert strays(brief) == {
        "brief.md": ["$57,961", "about 48,000 customers", "48 minutes", "about an hour"]
    }
