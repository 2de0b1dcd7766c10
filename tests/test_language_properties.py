"""Properties of the checker on any text: no crash, offsets point at the reported words,
sentences cover the text in order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from execbrief.core.language import CheckContext, check_text, split_sentences
from execbrief.sources.glossary_file import load_lexicon

LEXICON = load_lexicon(use_config=False)
WORDS = st.sampled_from(
    [
        "John",
        "pushed",
        "a",
        "bad",
        "config",
        ".",
        "p99",
        "OOM-killed",
        "some",
        "users",
        "never",
        "again",
        "9:02",
        "a.m.",
        "ET",
        "v2.3.1",
        "99.95%",
        "Dr.",
        "RCA",
        "(RCA)",
        "root",
        "cause",
        "was",
        "just",
        "glitch",
        "catastrophic",
        "were",
        "made",
        "k8s",
        "\n",
        "\n\n",
        "-",
        "İstanbul",
        "ß",
        "Ǆ",
        "!",
        "?",
        "maybe",
        "guarantee",
        "Sarah's",
        "mistake",
    ]
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=60).map(" ".join))


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.sampled_from([None, "suspected", "confirmed"]))
def test_findings_point_at_their_text(text, status):
    report = check_text(text, LEXICON, CheckContext(cause_status=status, budget_seconds=5))
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert f.line >= 1 and f.column >= 1
    assert report.stats.words >= 0 and report.stats.grade >= 0


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_sentences_are_in_order_and_inside_the_text(text):
    last = 0
    for s in split_sentences(text):
        assert last <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        last = s.end
