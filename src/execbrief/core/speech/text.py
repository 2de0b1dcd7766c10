"""User-written phrases placed inside our sentences: no stray full stop, no wrong capital."""

from __future__ import annotations


def sentence(text: str) -> str:
    """User-written text made into a clause: no trailing full stop, first letter as written."""
    return text.strip().rstrip(".").strip()


# Words that start many user-written phrases and are never names: safe to lower-case
# when the phrase moves into the middle of one of our sentences.
_COMMON_STARTS = frozenset(
    {
        *("a", "an", "the", "we", "our", "this", "that", "these", "those", "it", "its"),
        *("some", "all", "one", "two", "rolled", "restarted", "reverted", "disabled"),
        *("switched", "moved", "added", "removed", "turned", "raised", "increased", "fixed"),
        *("make", "add", "move", "turn", "block", "require", "stop", "run", "build"),
        *("replace", "limit", "approve", "agree", "decide", "sign", "confirm"),
    }
)


def clause(text: str) -> str:
    """User text placed inside our sentence; lower-cases a plain first word, never a name."""
    text = sentence(text)
    first = text.split(" ", 1)[0]
    if first.lower() in _COMMON_STARTS and first[1:].islower():
        return first.lower() + text[len(first) :]
    return text


def inner(text: str) -> str:
    """A line of the file's own (a timeline event) placed after our words in a sentence:
    'Pulled the update' -> 'pulled the update'; a name or acronym keeps its capitals
    ('AWS', 'McKinsey'), as does a word that is not only its first letter capitalised."""
    text = sentence(text)
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first[1:].islower() else text


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]
