"""A Slack export on disk: its day files, the names of its channels, and its messages
streamed one by one.

The channel is named from the export itself: slackdump's `{"name": ...}` wrapper, the
export's channels.json (folders named by channel id), or the day file's folder.

Exports can be large, so files are streamed message by message with ijson: memory holds
one message at a time, whatever the file size. Nesting deeper than any export's is
refused before the parser sees it (payload.DepthGuard).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from execbrief.errors import InputError
from execbrief.sources.payload import MAX_PAYLOAD_BYTES, TOP_LEVEL, WHOLE_FILE, DepthGuard
from execbrief.sources.slack_names import People

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


def messages(stream: IO[bytes], name: str) -> Iterator[Any]:
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
            return None  # messages() says what is wrong with the file
    return None


def day_files(path: Path) -> list[Path]:
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


def export_lists(path: Path, people: People, channels: dict[str, str]) -> None:
    for root in _roots(path):
        users = root / "users.json"
        if users.is_file():
            with users.open("rb") as stream:
                for user in messages(stream, str(users)):
                    if isinstance(user, Mapping):
                        people.learn(user.get("profile"), user.get("id"))
                        people.learn(user, user.get("id"))
        for listing in _CHANNEL_LISTS:
            known = root / listing
            if not known.is_file():
                continue
            with known.open("rb") as stream:
                for channel in messages(stream, str(known)):
                    if isinstance(channel, Mapping) and isinstance(channel.get("id"), str):
                        name = channel.get("name")
                        label = f"#{name}" if isinstance(name, str) and name else None
                        if listing == "dms.json":
                            label = "a direct message"
                        if label:
                            channels[channel["id"]] = label
                            channels[label.lstrip("#")] = label


def channel_name(file: Path, channels: dict[str, str]) -> str:
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
