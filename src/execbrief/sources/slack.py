"""Slack: a channel export (one day file, a channel folder or a whole export) to timeline events.

Only messages matching the patterns (regular expressions, case-insensitive) become events:
a chat channel is mostly talk, and the brief needs the moments that mattered. People's
names are removed by default, because the brief must not blame anyone (slack_names.py).
The export's files, channels and streamed messages are read by slack_export.py: memory
holds one message and the matches (at most MAX_EVENTS), whatever the file size.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from execbrief.core.incident import Draft, DraftEvent
from execbrief.errors import InputError
from execbrief.sources.payload import clip
from execbrief.sources.slack_export import channel_name, day_files, export_lists, messages
from execbrief.sources.slack_names import MENTION, People, plain_words

# What responders write at the moments a brief's timeline needs, as they write it: short,
# lower case, half-finished ("rolling back now", "IC here", "status page updated"). Each
# line is one kind of moment; words are stems where responders vary the ending.
DEFAULT_PATTERNS = (
    # declaring and paging
    r"\b(declar(e|ed|ing)|sev ?[0-4]\b|p[0-4] incident|incident (commander|channel)|"
    r"ic here|i'?m ic|taking ic|pag(e|ed|ing)|escalat\w*|war ?room|bridge (is )?(up|open))",
    # what customers see
    r"\b(customer[s']* (impact|affected|seeing|report\w*|can'?t|cannot|unable)|"
    r"(customer|user)[- ]facing|impact(ed|ing)? (customers|users)|outage|is down|went down|"
    r"(are|is) (failing|erroring|timing out)|degrad\w*|error rates?|5xx|50[0-4]s?\b|"
    r"(latency|errors?) (spik\w*|up|climb\w*|jump\w*)|blast radius)",
    # what we did
    r"\b(roll(ed|ing)? ?back|rollback|revert(ed|ing)?|hot ?fix\w*|fail(ed|ing)? ?over|"
    r"restart(ed|ing)|deploy(ed|ing)? (the )?fix|fix (is )?(out|deployed|shipped)|"
    r"mitigat\w*|workaround|drain(ed|ing)|scal(ed|ing) (up|out)|disabled? the)",
    # what we found
    r"\b(root ?cause|rca\b|caused by|the cause|found (it|the)|identified|culprit|"
    r"suspect(ed)?|looks like (it'?s|the))",
    # telling people
    r"\b(status ?page|statuspage|posted (an )?update|customer (comms|update|email)|"
    r"support (is|has|team)|tweet\w*)",
    # recovery
    r"\b(recover(ed|ing|y)|restor(ed|ing)|resolv(ed|ing)|back to normal|all clear|"
    r"(looks|looking|is|are|all) (good|green|healthy|stable)|monitoring|"
    r"(error|success) rates? (is )?(down|back)|back (to|under|below) (normal|[0-9])|"
    r"clos(ed|ing) (the )?incident|postmortem|post-mortem)",
)
_DEFAULTS = re.compile("|".join(f"(?:{p})" for p in DEFAULT_PATTERNS))
MAX_EVENTS = 500
SKIPPED_SUBTYPES = {
    "channel_join",
    "channel_leave",
    "channel_topic",
    "channel_purpose",
    "channel_name",
    "bot_add",
    "bot_remove",
    "pinned_item",
    "tombstone",  # a deleted message
}
# An event is clipped to 200 characters: more than this of a message is never shown.
_READ_CHARS = 2_000


@dataclass
class _Match:
    at: datetime
    text: str
    user: str | None
    source: str


@dataclass
class _Counts:
    read: int = 0
    no_text: int = 0
    skipped: int = 0


def _matcher(patterns: list[str] | None) -> Callable[[str], bool]:
    """Whether a message matches. The defaults (all lower case) are one expression run on
    the lowered text: three times faster than six case-blind ones, on every message."""
    if patterns:
        own = [re.compile(p, re.IGNORECASE) for p in patterns]
        return lambda body: any(p.search(body) for p in own)
    return lambda body: _DEFAULTS.search(body.lower()) is not None


def from_export(
    paths: list[Path], patterns: list[str] | None = None, *, keep_names: bool = False
) -> Draft:
    try:
        wanted = _matcher(patterns)
    except re.error as exc:
        raise InputError.single(
            f"slack: the pattern is not a valid regular expression: {exc}", field="--pattern"
        ) from None
    people = People()
    channels: dict[str, str] = {}
    matches: list[_Match] = []
    counts = _Counts()
    read_channels: list[str] = []
    for root in paths:
        export_lists(root, people, channels)
        for file in day_files(root):
            channel = channel_name(file, channels)
            if channel not in read_channels:
                read_channels.append(channel)
            _read_day(file, channel, wanted, people, matches, counts)
    events = []
    for m in matches:
        words = plain_words(m.text[:_READ_CHARS], people, keep_names)
        if keep_names and m.user:
            words = f"{m.user}: {words}"
        events.append(DraftEvent(m.at, clip(f"In chat: {words}"), m.source))
    where = ", ".join(read_channels)
    notes = [
        f"Slack {where}: {len(events)} of {counts.read} messages matched the patterns"
        + ("" if keep_names else "; people's names were removed")
    ]
    if counts.no_text:
        notes.append(
            f"Slack: {counts.no_text} message{'s' if counts.no_text > 1 else ''} had no "
            "text (files, attachments or blocks only) and could not be read"
        )
    return Draft(events=tuple(events), notes=tuple(notes))


def _read_day(
    file: Path,
    channel: str,
    wanted: Callable[[str], bool],
    people: People,
    matches: list[_Match],
    counts: _Counts,
) -> None:
    with file.open("rb") as stream:
        for i, message in enumerate(messages(stream, str(file))):
            if not isinstance(message, Mapping) or "ts" not in message:
                raise InputError.single(
                    f"slack: item {i} is not a Slack message (no 'ts' time)",
                    file=str(file),
                    field=f"[{i}].ts",
                    hint="give a channel's day file from a Slack export",
                )
            counts.read += 1
            people.learn(message.get("user_profile"), message.get("user"))
            if isinstance(message.get("username"), str):
                people.learn({"username": message["username"]})
            for mention in MENTION.finditer(str(message.get("text") or "")):
                if mention.group(2):  # <@U123|joe>: the label is a name too
                    people.learn({"name": mention.group(2)}, mention.group(1))
            body = message.get("text")
            if str(message.get("subtype")) in SKIPPED_SUBTYPES:
                counts.skipped += 1
                continue
            if not isinstance(body, str) or not body.strip():
                counts.no_text += 1
                continue
            if not wanted(body):
                continue
            try:
                at = datetime.fromtimestamp(float(message["ts"]), UTC)
            except (KeyError, TypeError, ValueError, OverflowError, OSError):
                raise InputError.single(
                    f"slack: message {i} has no readable 'ts' time",
                    file=str(file),
                    field=f"[{i}].ts",
                ) from None
            author = people.ids.get(str(message.get("user")))
            profile = message.get("user_profile")
            if isinstance(profile, Mapping) and isinstance(profile.get("real_name"), str):
                author = profile["real_name"] or author
            author = author or (
                message.get("user") if isinstance(message.get("user"), str) else None
            )
            matches.append(
                _Match(at, body, author, f"slack {channel}: {file.name} ts {message['ts']}")
            )
            if len(matches) > MAX_EVENTS:
                raise InputError.single(
                    f"slack: more than {MAX_EVENTS} messages match the patterns; "
                    "a brief's timeline needs the key moments only",
                    file=str(file),
                    field="--pattern",
                    hint="give narrower --pattern expressions, or fewer day files",
                )
