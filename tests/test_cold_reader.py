"""What a cold reader playing the CEO found in three example briefs: each is one fact
said two ways, or a phrase that claims more than the facts. Each test reads the brief as
the CEO does (the handout's Markdown, the deck's slide text)."""

from __future__ import annotations

import io
from datetime import datetime
from functools import cache

import yaml
from pptx import Presentation

from conftest import EXAMPLES
from execbrief.core.incident import read_incident
from execbrief.core.story import Brief, compose
from execbrief.render import render
from execbrief.render.figures import MORE_FIGURES

WHEN = {
    "faulty-update": "2026-11-17T14:00:00-06:00",
    "runaway-orders": "2026-11-18T19:00:00-05:00",
    "checkout-outage": "2026-11-27T10:00:00-05:00",
}


@cache
def brief(name: str) -> Brief:
    data = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text())
    return compose(read_incident(data), datetime.fromisoformat(WHEN[name]))


@cache
def handout(name: str) -> str:
    return str(render("md", brief(name)))


@cache
def slides(name: str) -> str:
    deck = Presentation(io.BytesIO(render("pptx", brief(name))))
    texts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                for row in shape.table.rows:
                    texts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(texts)


# --- 6. a total that is nearly one part; an event's text joined after a colon ----------


def test_a_total_nearly_all_one_part_does_not_list_the_parts():
    total = brief("runaway-orders").situation["total_cost"]
    assert total.method == "nearly all of it trading losses"
    assert "in staff time" not in handout("runaway-orders").split("Cost in all")[1].split("\n")[0]
    checkout = brief("checkout-outage").situation["total_cost"]
    assert "in lost sales" in checkout.method and "in staff time" in checkout.method


def test_the_event_we_found_out_by_joins_its_sentence_not_a_fragment_or_a_capital():
    # A timeline line ("Alarms on failing requests in every region.") read as a fragment
    # when it stood as a sentence of its own; after a colon it starts in lower case.
    said = brief("faulty-update").section("what_happened").text
    assert "after it began: Customers" not in said
    assert "We knew 14 minutes after it began: customers reported computers crashing" in said


# --- 5. one plain label per fact, the same on the handout and the deck -----------------


def _deck_rows(name: str) -> list[list[str]]:
    deck = Presentation(io.BytesIO(render("pptx", brief(name))))
    return [
        [cell.text for cell in row.cells]
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
    ]


def test_the_deck_s_figures_table_has_no_empty_header_and_the_handout_s_labels():
    for name in WHEN:
        rows = _deck_rows(name)
        header = next(row for row in rows if row[0] == MORE_FIGURES[0])
        assert all(cell.strip() for cell in header), header
        for row in rows[rows.index(header) + 1 :]:
            if len(row) != 2:
                break  # the next table
            label, said = row
            assert f"**{label}:** {said}" in handout(name), (name, row)  # the same words
        labels = {row[0] for row in rows}
        for fact in brief(name).situation:
            if fact.key.endswith("_after") and fact.label in labels:
                assert f"**{fact.label}:**" in handout(name), (name, fact.label)


def test_time_labels_read_as_questions_a_ceo_asks_not_field_names():
    said = handout("faulty-update") + slides("faulty-update")
    for field_like in ("Found out after", "after we found out", "Service back after the fix"):
        assert field_like not in said
    for plain in ("Time to notice", "Time to restore service once we knew"):
        assert f"**{plain}:**" in handout("faulty-update")


# --- 3. the headline claims no more than the file: not "back to normal" ------------------


def test_the_headline_ends_with_the_file_s_own_words_or_the_time_service_came_back():
    for name in WHEN:
        assert "back to normal" not in brief(name).headline
    assert brief("faulty-update").headline.endswith(
        "; nearly all customer computers working again."
    )
    runaway = brief("runaway-orders").headline
    assert runaway.endswith(
        # the time after the file's words: before them, a timeline line read as a fragment
        "; order software cut off from the market; unwanted orders stopped at 10:15 a.m. EST."
    )
    checkout = brief("checkout-outage").headline
    assert checkout.endswith("; service was restored at 9:49 a.m. EST.")


# --- 2. a missed update is not recycled as a promise; the deck shows it too --------------


def test_a_missed_update_with_none_scheduled_is_owed_a_new_date_today_not_promised():
    checkout = brief("checkout-outage")
    md = handout("checkout-outage")
    assert "owe you now" not in md and "owe you now" not in slides("checkout-outage")
    late = md[md.index("## Late from us") : md.index("## At a glance")]
    assert late.count("We owe you a date for our next update today.") == 1
    assert md.count("We owe you a date for our next update today.") == 1
    assert checkout.late[-1] == "We owe you a date for our next update today."


def test_the_deck_shows_our_missed_promises_as_the_handout_does():
    said = " ".join(slides("checkout-outage").split())
    assert "Late from us" in said
    for line in brief("checkout-outage").late:
        assert line in said


def test_a_next_update_still_ahead_is_said_with_its_date_not_owed():
    assert brief("runaway-orders").late == []  # nothing missed: no "Late from us"
    assert "Late from us" not in slides("runaway-orders")


def test_a_missed_update_with_a_next_one_scheduled_says_when_it_comes():
    from datetime import timedelta

    from conftest import NOW, incident

    promised = incident(
        commitments=[
            {"what": "Next update to you", "owner": "Incident lead", "due": "2026-11-21"},
            {"what": "Second update to you", "owner": "Incident lead", "due": "2026-11-30"},
        ]
    )
    later = compose(promised, NOW + timedelta(days=3))
    assert later.late[-1] == "Our next update comes by Monday, November 30."
    assert "owe you now" not in str(render("md", later))


# --- 1. the cost leaves out what is unknown, and says so; sales at risk are not a total --


def test_the_unknown_names_what_is_unknown_and_the_cost_says_it_leaves_it_out():
    faulty = brief("faulty-update")
    md = handout("faulty-update")
    unknown = md[md.index("## Still unknown") :]
    assert "- The lost subscriptions: the finance team will find out" in unknown
    assert "What the incident cost" not in md
    total = faulty.situation["total_cost"]
    assert total.label == "Cost so far" and "Cost in all" not in md
    assert total.method.endswith("; not counting the lost subscriptions, not known yet")
    assert f"**Cost so far:** {total.phrase} ({total.method})" in md
    cost = next(q.answer for q in faulty.qa if "cost" in q.question)
    assert "not counting the lost subscriptions" in cost


def test_sales_at_risk_from_leavers_are_said_as_yearly_sales_apart_from_the_cost():
    faulty = brief("faulty-update")
    said = faulty.section("impact").text
    assert "on top of" not in said and "$83.6 million" not in said
    assert "$127.7 million" not in handout("faulty-update") + slides("faulty-update")
    churn = faulty.situation["churn"].phrase
    assert f"put {churn} in sales a year at risk" in said
    assert "not part of the cost" in said
    assert faulty.situation.get("at_risk") is None


def test_the_deck_lists_what_is_still_unknown_under_its_heading_not_after_a_colon():
    said = slides("faulty-update")
    assert "Still unknown: The" not in said
    assert "The lost subscriptions: the finance team will find out" in said
