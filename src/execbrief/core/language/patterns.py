"""Every pattern the checker runs, by name: the phrase rules and the actor patterns.

Each is compiled the first time a text needs it: compiling all of them takes about 12 ms,
while a short draft usually needs a few; from programs an earlier run made (programs.py),
well under 1 ms.
tools/rule_anchors.py reads this table to generate anchors.py; a test keeps the two in step.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from execbrief.core.language import actors
from execbrief.core.language.phrases import PHRASE_RULES
from execbrief.core.language.programs import compile_pattern


class CompiledOnUse(Mapping[str, re.Pattern[str]]):
    """Pattern sources by name; each compiled when first looked up, then kept."""

    def __init__(self, sources: dict[str, str]) -> None:
        self._sources = sources
        self.compiled: dict[str, re.Pattern[str]] = {}  # the patterns compiled so far

    def __getitem__(self, name: str) -> re.Pattern[str]:
        found = self.compiled.get(name)
        if found is None:
            found = self.compiled[name] = compile_pattern(self._sources[name])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


PATTERNS = CompiledOnUse({**{rule.id: rule.pattern for rule in PHRASE_RULES}, **actors.PATTERNS})
PATTERN_NAMES: tuple[str, ...] = tuple(PATTERNS)
