"""Every pattern the checker runs, by name: the phrase rules and the actor patterns.

tools/rule_anchors.py reads this table to generate anchors.py; a test keeps the two in step.
"""

from __future__ import annotations

import re

from execbrief.core.language import actors
from execbrief.core.language.phrases import PHRASE_RULES

PATTERNS: dict[str, re.Pattern[str]] = {
    **{rule.id: rule.pattern for rule in PHRASE_RULES},
    **actors.PATTERNS,
}
PATTERN_NAMES: tuple[str, ...] = tuple(PATTERNS)
