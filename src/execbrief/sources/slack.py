"""Slack: a channel export (one day file, a channel folder or a whole export) to timeline events.

Only messages matching the patterns (regular expressions, case-insensitive) become events:
a chat channel is mostly talk, and the brief needs the moments that mattered. People's
names are removed by default, because the brief must not blame anyone: in every spelling
Slack has for them (mentions `<@U123>` and `<@U123|joe>`, names in *bold*, _italics_ or
~strikethrough~, real and display names, first and last names alone, `@handles`,
possessives), learnt from users.json, the messages' own profiles and the mentions' labels.

The channel is named from the export itself: slackdump's `{"name": ...}` wrapper, the
export's channels.json (folders named by channel id), or the day file's folder.

Exports can be large, so files are streamed message by message with ijson: memory holds
one message and the matches (at most MAX_EVENTS), whatever the file size. Nesting deeper
than any export's is refused before the parser sees it (payload.DepthGuard).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from execbrief.core.incident import Draft, DraftEvent
from execbrief.errors import InputError
from execbrief.sources.payload import (
    MAX_PAYLOAD_BYTES,
    TOP_LEVEL,
    WHOLE_FILE,
    DepthGuard,
    clip,
)

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
_NOT_MESSAGES = {
    "users.json",
    "channels.json",
    "groups.json",
    "dms.json",
    "mpims.json",
    "integration_logs.json",
    "canvases.json",
    "org_users.json",
}
_CHANNEL_LISTS = ("channels.json", "groups.json", "mpims.json", "dms.json")
_DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|([^>]*))?>")
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
# An event is clipped to 200 characters: more than this of a message is never shown.
_READ_CHARS = 2_000
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
class _People:
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


def _open_messages(stream: IO[bytes], name: str) -> tuple[bytes, DepthGuard]:
    head = stream.read(1)
    while head and head.isspace():
        head = stream.read(1)
    if head not in (b"[", b"{"):
        raise InputError.single(
            "slack: the file is empty"
            if not head
            else "slack: not a Slack export file (a JSON list of messages)",
            file=name,
            field=WHOLE_FILE if not head else TOP_LEVEL,
            hint="give a channel's day file (e.g. 2025-01-10.json) or the export folder",
        )
    stream.seek(stream.tell() - 1)
    return head, DepthGuard(stream, "slack", name)


def _messages(stream: IO[bytes], name: str) -> Iterator[Any]:
    import ijson

    head, guarded = _open_messages(stream, name)
    prefix = "item" if head == b"[" else "messages.item"
    seen = 0
    try:
        for item in ijson.items(guarded, prefix, use_float=True):
            seen += 1
            yield item
    except ijson.JSONError as exc:
        why, line = _json_problem(stream, exc)
        raise InputError.single(
            f"slack: {why}",
            file=name,
            line=line,
            hint="export the channel again",
        ) from None
    except UnicodeDecodeError as exc:  # raised by ijson for bytes that are not UTF-8
        raise InputError.single(
            f"slack: the file is not UTF-8 JSON text ({exc.reason})",
            file=name,
            line=guarded.line,
            hint="export the channel again",
        ) from None
    if head == b"{" and not seen:
        raise InputError.single(
            "slack: a JSON object without a 'messages' list: not a Slack export",
            file=name,
            field="messages",
            hint="give a channel's day file (a list of messages) or the export folder",
        )


def _json_problem(stream: IO[bytes], error: Exception) -> tuple[str, int | None]:
    """What is wrong and on which line. ijson names no line, so a day file of plausible
    size is read again by Python's parser, which does; a bigger one gets ijson's words."""
    import json

    first = str(error).strip().splitlines()[0] if str(error).strip() else "not valid JSON"
    first = first.removeprefix("b'").removeprefix('b"')
    try:
        stream.seek(0)
        raw = stream.read(MAX_PAYLOAD_BYTES + 1)
        if len(raw) > MAX_PAYLOAD_BYTES:
            return f"not valid JSON ({first}); is the file truncated?", None
        json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return f"the file is not UTF-8 JSON text (byte {exc.start} is not UTF-8)", line
    except json.JSONDecodeError as exc:
        return f"not valid JSON ({exc.msg}); is the file truncated?", exc.lineno
    except (OSError, ValueError, RecursionError):
        return f"not valid JSON ({first}); is the file truncated?", None
    # Valid JSON for Python, not for ijson: a whole number beyond 64 bits, say.
    huge = re.search(rb"-?[0-9]{19,}", raw)
    if huge is not None:
        line = raw.count(b"\n", 0, huge.start()) + 1
        return "a number too large for any Slack export (19 digits or more)", line
    return f"not valid JSON ({first})", None


def _wrapper_name(file: Path) -> str | None:
    """The channel name in slackdump's wrapper `{"channel_id", "name", "messages"}`, read
    token by token (the messages are not built)."""
    import ijson

    with file.open("rb") as stream:
        head, guarded = _open_messages(stream, str(file))
        if head != b"{":
            return None
        try:
            for prefix, event, value in ijson.parse(guarded):
                if prefix == "name" and event == "string" and value.strip():
                    return str(value).strip()
        except ijson.JSONError:
            return None  # _messages says what is wrong with the file
    return None


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError.single("slack: no such file or folder", file=str(path))
    found = sorted(p for p in path.rglob("*.json") if p.name not in _NOT_MESSAGES)
    if not found:
        raise InputError.single("slack: no .json day files in this folder", file=str(path))
    return found


def _roots(path: Path) -> list[Path]:
    # users.json and channels.json sit at the export's root, beside the channel folders.
    return [path, path.parent] if path.is_dir() else [path.parent, path.parent.parent]


def _export_lists(path: Path, people: _People, channels: dict[str, str]) -> None:
    for root in _roots(path):
        users = root / "users.json"
        if users.is_file():
            with users.open("rb") as stream:
                for user in _messages(stream, str(users)):
                    if isinstance(user, Mapping):
                        people.learn(user.get("profile"), user.get("id"))
                        people.learn(user, user.get("id"))
        for listing in _CHANNEL_LISTS:
            known = root / listing
            if not known.is_file():
                continue
            with known.open("rb") as stream:
                for channel in _messages(stream, str(known)):
                    if isinstance(channel, Mapping) and isinstance(channel.get("id"), str):
                        name = channel.get("name")
                        label = f"#{name}" if isinstance(name, str) and name else None
                        if listing == "dms.json":
                            label = "a direct message"
                        if label:
                            channels[channel["id"]] = label
                            channels[label.lstrip("#")] = label


def _channel(file: Path, channels: dict[str, str]) -> str:
    wrapped = _wrapper_name(file)
    if wrapped:
        return f"#{wrapped}"
    folder, stem = file.parent.name, file.stem
    for key in (folder, stem):
        if key in channels:
            return channels[key]
    if _DAY_FILE.match(file.name):  # an export's layout: CHANNEL/2026-11-20.json
        return f"#{folder}"
    return f"an unnamed channel ({file.name})"


def _plain(text: str, people: _People, keep: bool) -> str:
    """Slack's markup as plain words; names kept (with ids resolved) or removed."""

    def mention(m: re.Match[str]) -> str:
        if keep:
            return "@" + (people.ids.get(m.group(1)) or m.group(2) or m.group(1))
        return "someone"

    text = _MENTION.sub(mention, text)
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
    people = _People()
    channels: dict[str, str] = {}
    matches: list[_Match] = []
    counts = _Counts()
    read_channels: list[str] = []
    for root in paths:
        _export_lists(root, people, channels)
        for file in _files(root):
            channel = _channel(file, channels)
            if channel not in read_channels:
                read_channels.append(channel)
            _read_day(file, channel, wanted, people, matches, counts)
    events = []
    for m in matches:
        words = _plain(m.text[:_READ_CHARS], people, keep_names)
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
    people: _People,
    matches: list[_Match],
    counts: _Counts,
) -> None:
    with file.open("rb") as stream:
        for i, message in enumerate(_messages(stream, str(file))):
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
            for mention in _MENTION.finditer(str(message.get("text") or "")):
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
