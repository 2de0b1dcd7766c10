"""Where each pattern may match: the sentences holding an anchor of each of its parts.

The lexicon's automaton reports every anchor in one pass over the text; a pattern then runs
only over the sentences that hold an anchor of every required part (anchors.py), instead of
over the whole text. A pattern without anchors (none ship that way, a test checks) runs over
every sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator

from execbrief.core.language.anchors import ANCHORS
from execbrief.core.language.findings import Span
from execbrief.core.language.lexicon import PARTS, Anchored, part_code
from execbrief.core.language.patterns import PATTERN_NAMES, PATTERNS
from execbrief.core.language.sentences import Sentence


class Windows:
    def __init__(self, sentences: list[Sentence], anchored: list[Anchored]) -> None:
        self.sentences = sentences
        self.starts = [s.start for s in sentences]
        holding: dict[int, set[int]] = {}  # part code -> sentences holding one of its anchors
        for last, codes in anchored:
            i = bisect_right(self.starts, last) - 1
            if i < 0 or last >= sentences[i].end:
                continue  # between sentences: no match can hold it
            for code in codes:
                holding.setdefault(code, set()).add(i)
        self.holding: dict[str, list[int]] = {}
        for code, found in holding.items():
            pattern, part = divmod(code, PARTS)
            if part:
                continue  # every pattern has a first part; the others narrow it down
            name = PATTERN_NAMES[pattern]
            for other in range(1, len(ANCHORS.get(name, ()))):
                found = found & holding.get(part_code(pattern, other), set())
            if found:
                self.holding[name] = sorted(found)
        if sentences and len(ANCHORS) < len(PATTERN_NAMES):
            every = list(range(len(sentences)))
            self.holding.update((name, every) for name in PATTERN_NAMES if name not in ANCHORS)

    def find(self, name: str, string: str) -> Iterable[tuple[Span, re.Match[str]]]:
        """Matches of pattern `name` in `string` (the text, or the text folded to lower
        case), each inside one sentence."""
        indexes = self.holding.get(name)
        if not indexes:
            return ()  # the common case, kept cheap: most sentences hold no anchor
        return self._matches(PATTERNS[name], indexes, string)

    def _matches(
        self, pattern: re.Pattern[str], indexes: Iterable[int], string: str
    ) -> Iterator[tuple[Span, re.Match[str]]]:
        for i in indexes:
            sentence = self.sentences[i]
            for match in pattern.finditer(string, sentence.start, sentence.end):
                yield (sentence.start, sentence.end), match
