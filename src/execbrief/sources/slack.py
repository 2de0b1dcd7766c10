"""Slack: a channel export (one day file, a channel folder or a whole export) to timeline events.

Only messages matching the patterns (regular expressions, case-insensitive) become events:
a chat channel is mostly talk, and the brief needs the moments that mattered. People's
names are removed by default (mentions become "someone", names from the export's
profiles are blanked in the text), because the brief must not blame anyone.

Exports can be large, so files are streamed message by message with ijson: memory holds
one message and the matches (at most MAX_EVENTS), whatever the file size.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from execbrief.core.incident import Draft, DraftEvent
from execbrief.errors import InputError
from execbrief.sources.payload import DepthGuard, clip

DEFAULT_PATTERNS = (
    r"\b(declared?|paged?|incident|outage|is down|degraded|error rate|"
    r"roll(ed|ing)? ?back|revert(ed)?|hot ?fix|deploy(ed)?|fix(ed)?|mitigat\w*|"
    r"resolved?|recover(ed|y)?|restored?|identified|root cause|status ?page|monitoring)\b",
)
MAX_EVENTS = 500
SKIPPED_SUBTYPES = {
    "channel_join",
    "channel_leave",
    "channel_topic",
    "channel_purpose",
    "bot_add",
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
_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|([^>]*))?>")
_LINK = re.compile(r"<(?:#[A-Z0-9]+\|)?([^<>|]*)\|([^<>]*)>|<(https?://[^<>|]*)>")


@dataclass
class _Match:
    at: datetime
    text: str
    user: str | None
    source: str


def _messages(stream: IO[bytes], name: str) -> Iterator[Any]:
    import ijson

    head = stream.read(1)
    while head and head.isspace():
        head = stream.read(1)
    if head not in (b"[", b"{"):
        raise InputError.single(
            "slack: not a Slack export file (a JSON list of messages)",
            file=name,
            hint="give a channel's day file (e.g. 2025-01-10.json) or the export folder",
        )
    stream.seek(stream.tell() - 1)
    prefix = "item" if head == b"[" else "messages.item"
    seen = 0
    guarded = DepthGuard(stream, "slack", name)
    try:
        for item in ijson.items(guarded, prefix, use_float=True):
            seen += 1
            yield item
    except ijson.JSONError as exc:
        raise InputError.single(
            f"slack: not valid JSON ({exc}); is the file truncated?",
            file=name,
            hint="export the channel again",
        ) from None
    if head == b"{" and not seen:
        raise InputError.single(
            "slack: a JSON object without a 'messages' list: not a Slack export",
            file=name,
            hint="give a channel's day file (a list of messages) or the export folder",
        )


def _names(profile: Any, into: dict[str, str]) -> None:
    if isinstance(profile, Mapping):
        for key in ("real_name", "display_name", "first_name", "last_name", "name"):
            value = profile.get(key)
            if isinstance(value, str) and len(value.strip()) >= 3:
                into[value.strip()] = key


def _files(path: Path) -> list[tuple[Path, str]]:
    if path.is_file():
        return [(path, path.parent.name)]
    if not path.is_dir():
        raise InputError.single("slack: no such file or folder", file=str(path))
    found = sorted(p for p in path.rglob("*.json") if p.name not in _NOT_MESSAGES)
    if not found:
        raise InputError.single("slack: no .json day files in this folder", file=str(path))
    return [(p, p.parent.name) for p in found]


def _users_file(path: Path, names: dict[str, str], ids: dict[str, str]) -> None:
    # users.json sits at the export's root, beside the channel folders.
    roots = [path, path.parent] if path.is_dir() else [path.parent, path.parent.parent]
    users = next((root / "users.json" for root in roots if (root / "users.json").is_file()), None)
    if users is None:
        return
    with users.open("rb") as stream:
        for user in _messages(stream, str(users)):
            if isinstance(user, Mapping):
                _names(user.get("profile"), names)
                _names(user, names)
                if isinstance(user.get("id"), str):
                    profile = user.get("profile")
                    real = profile.get("real_name") if isinstance(profile, Mapping) else None
                    ids[user["id"]] = str(real or user.get("name") or "")


def _clean(text: str, names: dict[str, str], ids: dict[str, str], keep: bool) -> str:
    def mention(m: re.Match[str]) -> str:
        if keep:
            return "@" + (m.group(2) or ids.get(m.group(1)) or m.group(1))
        return "someone"

    text = _MENTION.sub(mention, text)
    text = html.unescape(_LINK.sub(lambda m: m.group(2) or m.group(3) or m.group(1) or "", text))
    if not keep:
        for name in sorted(names, key=len, reverse=True):
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", "someone", text, flags=re.I)
    return text


def from_export(
    paths: list[Path], patterns: list[str] | None = None, *, keep_names: bool = False
) -> Draft:
    try:
        wanted = [re.compile(p, re.IGNORECASE) for p in (patterns or DEFAULT_PATTERNS)]
    except re.error as exc:
        raise InputError.single(
            f"slack: the pattern is not a valid regular expression: {exc}", field="--pattern"
        ) from None
    names: dict[str, str] = {}
    ids: dict[str, str] = {}
    matches: list[_Match] = []
    read = 0
    for root in paths:
        _users_file(root, names, ids)
        for file, channel in _files(root):
            with file.open("rb") as stream:
                for i, message in enumerate(_messages(stream, str(file))):
                    if not isinstance(message, Mapping) or "ts" not in message:
                        raise InputError.single(
                            f"slack: item {i} is not a Slack message (no 'ts' time)",
                            file=str(file),
                            hint="give a channel's day file from a Slack export",
                        )
                    read += 1
                    _names(message.get("user_profile"), names)
                    body = message.get("text")
                    if message.get("subtype") in SKIPPED_SUBTYPES or not isinstance(body, str):
                        continue
                    if not any(p.search(body) for p in wanted):
                        continue
                    try:
                        at = datetime.fromtimestamp(float(message["ts"]), UTC)
                    except (KeyError, TypeError, ValueError, OverflowError):
                        raise InputError.single(
                            f"slack: message {i} has no readable 'ts' time", file=str(file)
                        ) from None
                    profile = message.get("user_profile") or {}
                    user = profile.get("real_name") if isinstance(profile, Mapping) else None
                    user = user or ids.get(str(message.get("user"))) or message.get("user")
                    matches.append(
                        _Match(at, body, user, f"slack #{channel}: {file.name} ts {message['ts']}")
                    )
                    if len(matches) > MAX_EVENTS:
                        raise InputError.single(
                            f"slack: more than {MAX_EVENTS} messages match the patterns; "
                            "a brief's timeline needs the key moments only",
                            file=str(file),
                            field="--pattern",
                            hint="give narrower --pattern expressions, or fewer day files",
                        )
    events = []
    for m in matches:
        words = _clean(m.text, names, ids, keep_names)
        if keep_names and m.user:
            words = f"{m.user}: {words}"
        events.append(DraftEvent(m.at, clip(f"In chat: {words}"), m.source))
    note = f"Slack: {len(events)} of {read} messages matched the patterns" + (
        "" if keep_names else "; people's names were removed"
    )
    return Draft(events=tuple(events), notes=(note,))
