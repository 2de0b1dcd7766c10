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


def test_the_event_we_found_out_by_is_its_own_sentence_not_a_capital_after_a_colon():
    said = brief("faulty-update").section("what_happened").text
    assert "after it began: Customers" not in said
    assert "We knew 14 minutes after it began. Customers reported computers crashing" in said
