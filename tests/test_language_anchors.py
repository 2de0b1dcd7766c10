"""Anchors let the checker run each pattern only in sentences that can match it. They must
never hide a match: every match holds an anchor, and anchored checking finds exactly what
running every pattern over every sentence finds."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from execbrief.core.language import CheckContext, build_lexicon, check_text, windows
from execbrief.core.language.anchors import ANCHORS
from execbrief.core.language.patterns import PATTERNS
from execbrief.sources.glossary_file import load_lexicon, shipped_glossary

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from rule_anchors import anchors_of, generated

ROOT = Path(__file__).resolve().parent.parent

LEXICON = load_lexicon(use_config=False)


def test_anchors_file_is_generated_from_the_patterns():
    assert (ROOT / "src/execbrief/core/language/anchors.py").read_text("utf-8") == generated()


def test_every_pattern_has_anchors_so_none_scans_every_sentence():
    assert set(ANCHORS) == set(PATTERNS)
    assert all(len(a) >= 2 for parts in ANCHORS.values() for part in parts for a in part)


def test_anchors_are_read_off_the_pattern():
    import re

    assert anchors_of(re.compile(r"\bguarantee[sd]?\b")) == (("guarantee",),)
    assert anchors_of(re.compile(r"\b(?:sort\s+of|kinda)\b")) == (("kinda", "sort"),)
    # two required parts, the rarer-looking first
    assert anchors_of(re.compile(r"\b(?:some|many)\s+(?:users|customers)\b")) == (
        ("customers", "users"),
        ("many", "some"),
    )
    # "a" is in every sentence: a part with a one-letter anchor is not worth looking for
    assert anchors_of(re.compile(r"\b(?:the|a)\s+engineer\b")) == (("engineer",),)
    assert anchors_of(re.compile(r"(?:x|y)z?")) == ()  # only single letters: no anchor


@pytest.mark.parametrize("name", sorted(PATTERNS))
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_match_holds_one_of_its_anchors(name, data):
    pattern = PATTERNS[name]
    text = data.draw(st.from_regex(pattern))
    match = pattern.search(text)
    assert match is not None
    found = match.group().lower()
    for part in ANCHORS[name]:
        assert any(anchor in found for anchor in part), (name, found, part)


def _texts() -> list[str]:
    items = []
    for name in ("language_labelled.yaml", "language_heldout.yaml"):
        items += [i["text"] for i in yaml.safe_load((ROOT / "tests" / "data" / name).read_text())]
    pick = random.Random(11)
    joins = [" ", "\n", "\n\n", "\n- "]
    return items + [
        "".join(pick.choice(items) + pick.choice(joins) for _ in range(6)) for _ in range(80)
    ]


CONTEXTS = [
    CheckContext(),
    CheckContext(cause_status="suspected", severity="SEV1", budget_seconds=20),
]


def test_anchored_checking_finds_what_checking_every_sentence_finds(monkeypatch):
    texts = _texts()
    lexicon = build_lexicon(shipped_glossary())
    anchored = [check_text(t, lexicon, c).as_dict() for t in texts for c in CONTEXTS]
    monkeypatch.setattr(windows, "ANCHORS", {})  # no anchors: every pattern, every sentence
    lexicon = build_lexicon(shipped_glossary())  # a new one: it remembers no paragraph
    everywhere = [check_text(t, lexicon, c).as_dict() for t in texts for c in CONTEXTS]
    assert sum(len(r["findings"]) for r in anchored) > 500
    assert anchored == everywhere
