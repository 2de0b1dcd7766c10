"""Quality floors on the labelled sentences: a rule change that loses precision or recall
fails here. Numbers come from benchmarks/language_quality.py (see docs/language.md)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from language_quality import LABELLED, measure

QUALITY = measure()


def test_the_labelled_set_is_large_and_has_clean_sentences():
    assert QUALITY.sentences >= 300
    assert QUALITY.clean >= 150


def test_every_category_keeps_its_precision_and_recall_floor():
    for category, score in QUALITY.scores.items():
        assert score.tp >= 5, f"{category}: too few labelled examples"
        assert score.precision >= 0.95, (category, score)
        assert score.recall >= 0.9, (category, score)


def test_false_alarms_on_clean_sentences_stay_under_3_percent():
    assert QUALITY.false_alarm_rate <= 0.03, QUALITY.mistakes


def test_the_labelled_file_exists():
    assert LABELLED.is_file()


def test_held_out_sentences_keep_their_floor():
    # Written after the rules were tuned and never used to tune them: the honest number.
    from language_quality import HELD_OUT, Score

    held = measure(HELD_OUT)
    total = Score(*(sum(getattr(s, k) for s in held.scores.values()) for k in ("tp", "fp", "fn")))
    assert held.sentences >= 90
    assert total.precision >= 0.9 and total.recall >= 0.93, total
    assert held.false_alarm_rate <= 0.03


def test_the_hard_cases_reach_095_in_every_category():
    # Issue 14: per-category precision and recall at least 0.95 on the hard cases
    # (flawed sentences and clean look-alikes), at most 2 % false alarms on clean ones.
    from language_quality import HARD

    hard = measure(HARD)
    assert hard.sentences >= 150 and hard.clean >= 75
    for category, score in hard.scores.items():
        assert score.precision >= 0.95 and score.recall >= 0.95, (category, score)
    assert hard.false_alarm_rate <= 0.02, hard.mistakes
    assert {c.split(" (")[0] for c in hard.cases} >= {
        "blame-actor",
        "promise-scope",
        "magnitude",
        "mixed-certainty",
        "vague-timing",
        "jargon-new",
        "known-words",
    }


def test_hard_cases_never_tuned_on_keep_their_floor():
    # Written after the rules above and not used to tune them: the honest number
    # (docs/language.md has it; the misses are listed there).
    from language_quality import HARD_HELD_OUT, Score

    held = measure(HARD_HELD_OUT)
    total = Score(*(sum(getattr(s, k) for s in held.scores.values()) for k in ("tp", "fp", "fn")))
    assert held.sentences >= 45
    assert total.precision >= 0.9 and total.recall >= 0.8, (total, held.mistakes)
    assert held.false_alarm_rate <= 0.05, held.mistakes
