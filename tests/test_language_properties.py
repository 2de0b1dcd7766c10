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


PARAGRAPHED = st.lists(
    st.one_of(WORDS, st.sampled_from(["\n\n", "\n \n", "a.m.", "etc.", "e.g.", "J.", "."])),
    max_size=80,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXTS, PARAGRAPHED))
def test_a_texts_sentences_are_its_paragraphs_sentences(text):
    # The checker reads paragraphs on their own: that is only right if a blank line always
    # ends a sentence and nothing across it changes where sentences end.
    from execbrief.core.language.paragraphs import paragraphs

    by_paragraph = [
        (at + s.start, at + s.end) for at, part in paragraphs(text) for s in split_sentences(part)
    ]
    assert by_paragraph == [(s.start, s.end) for s in split_sentences(text)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(TEXTS, PARAGRAPHED), min_size=2, max_size=4), st.data())
def test_what_the_lexicon_remembers_never_changes_a_result(parts, data):
    # An editor checks a text, then the text after an edit: the second answer must equal
    # the answer of a checker that has never seen the first.
    from execbrief.core.language import build_lexicon
    from execbrief.sources.glossary_file import shipped_glossary

    contexts = st.builds(
        CheckContext,
        cause_status=st.sampled_from([None, "suspected", "confirmed"]),
        severity=st.sampled_from([None, "SEV1", "sev3"]),
        grade_target=st.sampled_from([8.0, 12.0]),
        long_sentence_words=st.sampled_from([10, 32]),
    )
    remembering = build_lexicon(shipped_glossary())
    before = "\n\n".join(parts)
    edited = "\n\n".join([*parts[:-1], parts[-1] + " some users"])
    check_text(before, remembering, data.draw(contexts))
    assert remembering.memory
    context = data.draw(contexts)
    again = check_text(edited, remembering, context)
    assert again == check_text(edited, build_lexicon(shipped_glossary()), context)


@settings(max_examples=150, deadline=None)
@given(st.one_of(TEXTS, PARAGRAPHED))
def test_text_stats_are_the_stats_check_text_reports(text):
    from execbrief.core.language import text_stats

    assert text_stats(text) == check_text(text, LEXICON).stats
