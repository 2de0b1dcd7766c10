"""The executive-language checker (SPEC section 3): jargon, acronyms, blame, certainty,
vague impact, hedging, promises, minimizing, alarm, hidden actors, length, readability.

Pure: the glossary arrives as data (`read_glossary` then `build_lexicon`). Incident files
are checked field by field with `execbrief.core.language.incident_text` (kept out of this
package's import so that checking plain text does not load the incident model).
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
