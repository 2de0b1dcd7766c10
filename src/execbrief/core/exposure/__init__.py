"""Legal and contractual clocks: the rules (data), which ones the facts trigger, when each
falls due, and how the CEO hears about them.
"""

from execbrief.core.exposure.obligations import (
    Obligation,
    decisions,
    obligation_document,
    obligations,
    time_left,
)
from execbrief.core.exposure.rules import Rule, RuleBook, merge_rules

__all__ = [
    "Obligation",
    "Rule",
    "RuleBook",
    "decisions",
    "merge_rules",
    "obligation_document",
    "obligations",
    "time_left",
]
