"""Where each pattern may match: the sentences holding an anchor of each of its parts.

The lexicon's automaton reports every anchor in one pass over the text; a pattern then runs
only over the sentences that hold an anchor of every required part (anchors.py), instead of
over the whole text. A pattern without anchors (none ship that way, a test checks) runs over
every sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from execbrief.core.language.anchors import ANCHORS
from execbrief.core.language.findings import Span
from execbrief.core.language.lexicon import part_code
from execbrief.core.language.patterns import PATTERN_NAMES, PATTERNS
from execbrief.core.language.sentences import Sentence


def _parts_needed(anchors: dict[str, tuple[tuple[str, ...], ...]]) -> list[tuple[int, str, int]]:
    """Per pattern with anchors: the bit of its first part, its name, and the bits of every
    part a sentence must hold for it to match."""
    needed = []
    for index, name in enumerate(PATTERN_NAMES):
        parts = anchors.get(name, ())
        if parts:
            every = sum(1 << part_code(index, part) for part in range(len(parts)))
            needed.append((part_code(index, 0), name, every))
    return needed


# By the bit of a pattern's first part: its name and the bits of all its parts.
_NEEDED = {bit: (name, every) for bit, name, every in _parts_needed(ANCHORS)}
_FIRST_PARTS = sum(1 << bit for bit in _NEEDED)
_COMPILED = PATTERNS.compiled  # read first: a plain dict, where PATTERNS[...] runs Python


class Windows:
    def __init__(self, sentences: list[Sentence], held: list[int]) -> None:
        """`held`: per sentence, the bits of the pattern parts whose anchors it holds
        (Lexicon.scan)."""
        self.sentences = sentences
        self.holding: dict[str, list[int]] = {}
        for i, parts in enumerate(held):
            firsts = parts & _FIRST_PARTS  # every pattern has a first part; the rest narrow
            while firsts:
                bit = firsts.bit_length() - 1
                firsts ^= 1 << bit
                name, every = _NEEDED[bit]
                if parts & every == every:
                    self.holding.setdefault(name, []).append(i)
        if sentences and len(ANCHORS) < len(PATTERN_NAMES):
            every_sentence = list(range(len(sentences)))
            self.holding.update(
                (name, every_sentence) for name in PATTERN_NAMES if name not in ANCHORS
            )

    def find(self, name: str, string: str) -> Sequence[tuple[Span, re.Match[str]]]:
        """Matches of pattern `name` in `string` (the text, or the text folded to lower
        case), each inside one sentence."""
        indexes = self.holding.get(name)
        if not indexes:
            return ()  # the common case, kept cheap: most sentences hold no anchor
        finditer = (_COMPILED.get(name) or PATTERNS[name]).finditer
        sentences = self.sentences
        return [
            ((start, end), match)
            for start, end, _ in map(sentences.__getitem__, indexes)
            for match in finditer(string, start, end)
        ]
