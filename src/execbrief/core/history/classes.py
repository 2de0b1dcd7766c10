"""Cause classes: which kind of failure a cause text describes, and the words that say so.

Rules first: each class has the words an engineer writes for it, and the class with the
most of them in the text wins (the words found are its evidence). A text no rule word
matches is compared with labelled examples by word similarity (rapidfuzz); a close enough
example lends its class, and the words the two share are the evidence. Nothing close is
"other": we never guess a class from nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

CauseClass = Literal[
    "certificate_expiry",
    "configuration_change",
    "deploy",
    "capacity",
    "dependency",
    "data_deletion",
    "security",
    "network",
    "other",
]

# How each class is said in a sentence for the CEO.
CLASS_NAMES: dict[str, str] = {
    "certificate_expiry": "certificate expiry",
    "configuration_change": "configuration change",
    "deploy": "faulty release",
    "capacity": "capacity shortfall",
    "dependency": "supplier failure",
    "data_deletion": "data deletion",
    "security": "security breach",
    "network": "network failure",
    "other": "other failure",
}

# Word stems per class; a stem matches at a word's start ("expir" finds "expired").
# Order breaks ties: the more specific classes come first.
RULES: dict[str, tuple[str, ...]] = {
    "certificate_expiry": ("certificate", "cert", "tls", "ssl", "expir", "renew"),
    "security": (
        "attack",
        "intruder",
        "breach",
        "phishing",
        "ransomware",
        "malware",
        "credential",
        "stolen",
        "compromis",
        "unauthori",
        "exploit",
        "ddos",
        "vulnerab",
    ),
    "data_deletion": (
        "delet",
        "dropped table",
        "drop table",
        "truncat",
        "wiped",
        "purg",
        "data loss",
        "lost data",
        "erased",
        "overwrote",
    ),
    "configuration_change": (
        "config",
        "setting",
        "flag",
        "feature flag",
        "parameter",
        "misconfigur",
        "toggle",
        "firewall rule",
        "dns record",
    ),
    "deploy": (
        "deploy",
        "release",
        "rollout",
        "roll out",
        "new version",
        "build",
        "upgrade",
        "migration",
        "code change",
        "bug",
    ),
    "capacity": (
        "capacity",
        "traffic spike",
        "load",
        "overload",
        "memory",
        "disk full",
        "disk space",
        "quota",
        "exhaust",
        "saturat",
        "connection pool",
        "out of",
        "scal",
        "cpu",
    ),
    "dependency": (
        "vendor",
        "provider",
        "supplier",
        "third-party",
        "third party",
        "upstream",
        "aws",
        "azure",
        "gcp",
        "cloud",
        "stripe",
        "payment processor",
        "outage at",
        "partner",
    ),
    "network": (
        "network",
        "dns",
        "bgp",
        "router",
        "switch",
        "packet",
        "latency",
        "fiber",
        "fibre",
        "load balancer",
        "connectivity",
        "link",
    ),
}

# Labelled examples for texts no rule word matches (similarity is the fallback).
EXAMPLES: tuple[tuple[str, str], ...] = (
    (
        "the key that proves our site is genuine ran out and browsers refused it",
        "certificate_expiry",
    ),
    ("someone changed a value in production by hand", "configuration_change"),
    ("the new code shipped this morning had a mistake", "deploy"),
    ("too many customers arrived at once and the servers could not keep up", "capacity"),
    ("the company that sends our text messages stopped answering", "dependency"),
    ("customer records were removed by a cleanup job", "data_deletion"),
    ("an outsider got into an employee account", "security"),
    ("the lines between our two data centres went down", "network"),
)
SIMILAR_ENOUGH = 60.0  # rapidfuzz token_set_ratio, 0..100

# Words too common to count as evidence of a class.
_COMMON = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "our",
        "we",
        "it",
        "its",
        "was",
        "were",
        "is",
        "are",
        "that",
        "this",
        "which",
        "who",
        "by",
        "after",
        "before",
        "into",
        "out",
        "up",
        "down",
        "all",
        "any",
    ]
)
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


@dataclass(frozen=True)
class Classified:
    cause_class: str
    evidence: tuple[str, ...]  # the words of the text that decided it
    method: Literal["rules", "similarity", "none"]

    @property
    def name(self) -> str:
        return CLASS_NAMES[self.cause_class]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _found(text: str, stem: str) -> str | None:
    """The text's words that `stem` matches at a word start, or None."""
    match = re.search(r"\b" + re.escape(stem) + r"[a-z0-9-]*", text)
    return match.group(0) if match else None


def classify(text: str | None) -> Classified:
    """The cause class of `text`, with the words that decided it."""
    if not text or not text.strip():
        return Classified("other", (), "none")
    lowered = " ".join(_words(text))
    # A phrase of two words says more than one word ("load balancer" is the network, not
    # the load): each match weighs its number of words.
    best: tuple[int, str, tuple[str, ...]] | None = None
    for cause_class, stems in RULES.items():
        found = {s: w for s in stems if (w := _found(lowered, s))}
        weight = sum(len(s.split()) for s in found)
        if found and (best is None or weight > best[0]):
            best = (weight, cause_class, tuple(dict.fromkeys(found.values())))
    if best is not None:
        return Classified(best[1], best[2], "rules")
    from rapidfuzz import fuzz

    scored = [(fuzz.token_set_ratio(lowered, example), example, c) for example, c in EXAMPLES]
    score, example, cause_class = max(scored)
    if score < SIMILAR_ENOUGH:
        return Classified("other", (), "none")
    theirs = set(_words(example)) - _COMMON
    shared = tuple(dict.fromkeys(w for w in _words(text) if w in theirs))
    return Classified(cause_class, shared, "similarity")
