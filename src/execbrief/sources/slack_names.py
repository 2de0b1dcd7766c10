"""People's names in a Slack export, and a message's text made plain.

The brief must not blame anyone, so names are removed by default: in every spelling Slack
has for them (mentions `<@U123>` and `<@U123|joe>`, names in *bold*, _italics_ or
~strikethrough~, real and display names, first and last names alone, `@handles`,
possessives), learnt from users.json, the messages' own profiles and the mentions' labels.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Slack's markup for a person (`<@U123>`, `<@U123|joe>`), @here, a team, a channel, a link.
MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<!(here|channel|everyone)(?:\|[^>]*)?>")
_GROUP = re.compile(r"<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>")
_CHANNEL_LINK = re.compile(r"<#[A-Z0-9]+\|([^<>]*)>|<#([A-Z0-9]+)>")
_LINK = re.compile(r"<([^<>|]*)\|([^<>]*)>|<((?:https?|mailto):[^<>|]*)>")
# Slack's mrkdwn around words: *bold*, _italic_, ~strike~, `code`. Dropped so that a name
# in bold is found like any other, and the CEO's copy carries no markup.
# No marker inside a span (nested ones go in later passes): each character is looked at
# from one opening marker at most, so the work is linear in the message.
_EMPHASIS = re.compile(r"(?<!\w)([*_~`])(?=\S)([^*_~`\n]{1,300}?)(?<=\S)\1(?!\w)")
# A word as chat writes it, with an @ before a handle: "avery.q", "jfeld", "Li".
_TOKEN = re.compile(r"(@?)(\w+(?:[.\-]\w+)*)")
# Names that are also words a responder writes ("we will", "status page", "in the field").
# fmt: off
_EVERYDAY_WORDS = frozenset((
    "will", "may", "mark", "page", "grant", "rich", "bill", "art", "chase", "drew", "max",
    "pat", "ray", "rob", "sue", "hope", "joy", "dawn", "faith", "june", "april", "summer",
    "jack", "guy", "frank", "gene", "lane", "paris", "sky", "wade", "miles", "dean", "case",
    "rose", "iris", "ivy", "lily", "holly", "crystal", "amber", "ruby", "pearl", "penny",
    "bob", "carol", "nick", "sonny", "don", "sterling", "price", "bond", "young", "king",
    "long", "white", "green", "brown", "black", "grace", "hill", "wood", "stone", "field",
    "day", "bell", "ward", "fox", "west", "north", "south", "hall", "cook", "park", "gray",
    "grey", "hunter", "fisher", "mason", "carter", "turner", "baker", "banks", "moon",
    "star", "frost", "snow", "rain", "storm", "august", "winter", "spring", "cash", "chip",
    "dash", "reed", "read", "love", "early", "little", "small", "short", "strong", "golden",
))
# fmt: on
_NAME_KEYS = (
    "real_name",
    "display_name",
    "real_name_normalized",
    "display_name_normalized",
    "first_name",
    "last_name",
    "name",
)


@dataclass
class People:
    """Every way the export names a person, and user ids to real names."""

    names: set[str] = field(default_factory=set)
    ids: dict[str, str] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)
    _remover: tuple[int, Callable[[str], str]] | None = None

    def learn(self, record: Any, ident: Any = None) -> None:
        if not isinstance(record, Mapping):
            return
        # A string, not a tuple: tuples go to a free list that keeps their memory.
        seen = "\x1f".join(
            v if isinstance(v, str) else ""
            for v in (
                ident,
                record.get("real_name"),
                record.get("display_name"),
                record.get("name"),
            )
        )
        if seen in self._seen:  # every message repeats its author's profile
            return
        self._seen.add(seen)
        found = [record.get(key) for key in _NAME_KEYS]
        found += [record.get("username")]  # a message posted under a name of its own
        for value in found:
            if isinstance(value, str) and len(value.strip()) >= 2:
                full = value.strip().lstrip("@")
                self.names.add(full)
                # "Avery Quinlan" is also "Avery" and "Quinlan" in a hurried chat.
                self.names.update(part for part in re.split(r"[\s.'-]+", full) if len(part) >= 2)
        if isinstance(ident, str) and ident:
            real = next((v for v in found if isinstance(v, str) and v.strip()), None)
            if real and ident not in self.ids:
                self.ids[ident] = real.strip()

    def remover(self) -> Callable[[str], str]:
        """A function that replaces each name in a text with "someone", word by word (a set
        look-up per word, whatever the size of the workspace). A name that is also an
        everyday word (Will, Page, Grant), or of two letters (Li), is removed only where it
        is written as a name: capitalised, or as an @handle; any other in any case
        ("thanks avery")."""
        if self._remover is not None and self._remover[0] == len(self.names):
            return self._remover[1]  # built once per export, not per message
        folded = {n.casefold() for n in self.names}
        anycase = {n for n in folded if n not in _EVERYDAY_WORDS and len(n) > 2}

        def replace(match: re.Match[str]) -> str:
            at, word = match.group(1), match.group(2)
            key = word.casefold()
            if key in anycase or (key in folded and (at or word[:1].isupper())):
                return "someone"
            return match.group(0)

        self._remover = (len(self.names), lambda text: _TOKEN.sub(replace, text))
        return self._remover[1]


def plain_words(text: str, people: People, keep: bool) -> str:
    """Slack's markup as plain words; names kept (with ids resolved) or removed."""

    def mention(m: re.Match[str]) -> str:
        if keep:
            return "@" + (people.ids.get(m.group(1)) or m.group(2) or m.group(1))
        return "someone"

    text = MENTION.sub(mention, text)
    text = _SPECIAL.sub(lambda m: "@" + m.group(1), text)
    text = _GROUP.sub(lambda m: m.group(1) or "a team", text)
    text = _CHANNEL_LINK.sub(lambda m: "#" + (m.group(1) or m.group(2)), text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(3) or m.group(1) or "", text)
    for _ in range(3):  # nested: *bold _and italic_*
        text = _EMPHASIS.sub(r"\2", text)
    text = html.unescape(text)
    if not keep:
        text = people.remover()(text)
        text = re.sub(r"\b(someone)(?:\s+someone\b)+", r"\1", text)  # first + last name
    return text
