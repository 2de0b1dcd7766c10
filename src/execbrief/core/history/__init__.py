"""History: cause classes, similar incidents, the evidence behind "Will it happen again?"
and the figures of a period. Pure: the store hands in the past incidents."""

from execbrief.core.history.classes import CLASS_NAMES, Classified, classify
from execbrief.core.history.evidence import recurrence_evidence, same_failures
from execbrief.core.history.records import PastIncident, past_incident
from execbrief.core.history.similar import Likeness, Match, ranked, similar

__all__ = [
    "CLASS_NAMES",
    "Classified",
    "Likeness",
    "Match",
    "PastIncident",
    "classify",
    "past_incident",
    "ranked",
    "recurrence_evidence",
    "same_failures",
    "similar",
]
