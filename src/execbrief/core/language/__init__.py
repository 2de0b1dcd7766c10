"""The executive-language checker (SPEC section 3): jargon, acronyms, blame, certainty,
vague impact, hedging, promises, minimizing, alarm, hidden actors, length, readability.

Pure: the glossary arrives as data (`read_glossary` then `build_lexicon`).
"""

from execbrief.core.language.checker import CheckContext, check_text
from execbrief.core.language.findings import CATEGORIES, SEVERITY_RANK, Finding, Report, Stats
from execbrief.core.language.incident_text import (
    check_generated,
    check_incident,
    free_text_fields,
)
from execbrief.core.language.lexicon import (
    GlossaryFile,
    GlossaryInvalid,
    Lexicon,
    Term,
    build_lexicon,
    read_glossary,
)
from execbrief.core.language.sentences import split_sentences, spoken_seconds, spoken_words

__all__ = [
    "CATEGORIES",
    "SEVERITY_RANK",
    "CheckContext",
    "Finding",
    "GlossaryFile",
    "GlossaryInvalid",
    "Lexicon",
    "Report",
    "Stats",
    "Term",
    "build_lexicon",
    "check_generated",
    "check_incident",
    "check_text",
    "free_text_fields",
    "read_glossary",
    "split_sentences",
    "spoken_seconds",
    "spoken_words",
]
