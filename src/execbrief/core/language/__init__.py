"""The executive-language checker (SPEC section 3): jargon, acronyms, blame, certainty,
vague impact, hedging, promises, minimizing, alarm, hidden actors, length, readability.

Pure: the glossary arrives as data (`read_glossary` then `build_lexicon`). This package
knows nothing of incidents: an incident file is checked field by field by
`execbrief.core.story.incident_text`, so that checking plain text never loads the model.
"""

from execbrief.core.language.checker import CheckContext, check_text, text_stats
from execbrief.core.language.findings import CATEGORIES, SEVERITY_RANK, Finding, Report, Stats
from execbrief.core.language.lexicon import (
    Glossary,
    GlossaryInvalid,
    Lexicon,
    Term,
    build_lexicon,
    read_glossary,
    trusted_glossary,
)
from execbrief.core.language.sentences import split_sentences, spoken_seconds, spoken_words

__all__ = [
    "CATEGORIES",
    "SEVERITY_RANK",
    "CheckContext",
    "Finding",
    "Glossary",
    "GlossaryInvalid",
    "Lexicon",
    "Report",
    "Stats",
    "Term",
    "build_lexicon",
    "check_text",
    "read_glossary",
    "split_sentences",
    "spoken_seconds",
    "spoken_words",
    "text_stats",
    "trusted_glossary",
]
