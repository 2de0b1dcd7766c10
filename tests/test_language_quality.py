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
