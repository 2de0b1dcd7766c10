"""How we say numbers, money, durations and times aloud, and how a user's phrase sits in
our sentence. Every stage words its facts through these, so one figure is said one way.
"""

from execbrief.core.speech.numbers import (
    count,
    count_range,
    money,
    money_exact,
    money_range,
    number,
    percent,
)
from execbrief.core.speech.text import capital, clause, inner, sentence
from execbrief.core.speech.times import clock_time, day, due, duration, zone_words

__all__ = [
    "capital",
    "clause",
    "clock_time",
    "count",
    "count_range",
    "day",
    "due",
    "duration",
    "inner",
    "money",
    "money_exact",
    "money_range",
    "number",
    "percent",
    "sentence",
    "zone_words",
]
