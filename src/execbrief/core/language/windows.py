"""Where each pattern may match: the sentences holding one of its anchors.

The lexicon's automaton reports every anchor in one pass over the text; a pattern then runs
only over the sentences that hold one of its anchors, instead of over the whole text. A
pattern without anchors (none ship that way, a test checks) runs over every sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator

from execbrief.core.language.anchors import ANCHORS
from execbrief.core.language.lexicon import Anchored
from execbrief.core.language.patterns import PATTERN_NAMES, PATTERNS
from execbrief.core.language.sentences import Sentence

Span = tuple[int, int]
# (pattern name, string to search) -> each match with the (start, end) of its sentence
Find = Callable[[str, str], Iterable[tuple[Span, re.Match[str]]]]


class Windows:
    def __init__(self, sentences: list[Sentence], anchored: list[Anchored]) -> None:
        self.sentences = sentences
        self.starts = [s.start for s in sentences]
        holding: dict[int, set[int]] = {}
        for last, patterns in anchored:
            i = bisect_right(self.starts, last) - 1
            if i < 0 or last >= sentences[i].end:
                continue  # between sentences: no match can hold it
            for pattern in patterns:
                holding.setdefault(pattern, set()).add(i)
        self.holding = {PATTERN_NAMES[p]: sorted(found) for p, found in holding.items()}

    def find(self, name: str, string: str) -> Iterable[tuple[Span, re.Match[str]]]:
        """Matches of pattern `name` in `string` (the text, or the text folded to lower
        case), each inside one sentence."""
        indexes = self.holding.get(name) if name in ANCHORS else range(len(self.sentences))
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

    def at(self, offset: int) -> Sentence | None:
        """The sentence `offset` falls in, by bisection over the sentence starts."""
        i = bisect_right(self.starts, offset) - 1
        if i < 0 or offset >= self.sentences[i].end:
            return None
        return self.sentences[i]
