"""What every importer shares: reading a payload file safely, and reading its times.

Single payloads (an incident, an alert, a webhook, a query result) are read whole, with a
size cap: they are kilobytes in real life (a Prometheus matrix a few tens of MB), so a
file far bigger is the wrong file, and saying so beats filling memory. Slack exports can
honestly be large, so `slack` streams them message by message instead (see slack.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from execbrief.core.incident.times import TimeValueError, in_supported_years
from execbrief.errors import InputError
from execbrief.sources.text_file import read_capped

MB = 1_000_000
MAX_PAYLOAD_BYTES = 20 * MB
MAX_METRICS_BYTES = 150 * MB  # a query_range answer with a few million samples
TOO_LARGE_HINT = (
    "check that this is the right file; export a single incident or a narrower time range"
)

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_FRACTION = re.compile(r"\.(\d+)")


class PayloadError(Exception):
    """A payload that is not what its source sends; turned into an InputError naming both."""

    def __init__(self, message: str, hint: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.field = field


def bad(source: str, name: str, error: PayloadError) -> InputError:
    return InputError.single(
        f"{source}: {error.message}", file=name, field=error.field, hint=error.hint
    )


def read_json(path: Path, source: str, max_bytes: int = MAX_PAYLOAD_BYTES) -> Any:
    """Parse a JSON payload file; any failure is an InputError naming the source and file."""
    name = str(path)
    try:
        size = path.stat().st_size  # 0 for a device or a pipe: read_capped has the last word
        if path.is_dir():
            raise InputError.single(f"{source}: this is a folder, not a payload file", file=name)
        if size > max_bytes:  # say how big, without reading it
            raise InputError.single(
                f"{source}: the file is {size / MB:.0f} MB, larger than the "
                f"{max_bytes // MB} MB a {source} payload can plausibly be",
                file=name,
                hint=TOO_LARGE_HINT,
            )
        raw = read_capped(path, max_bytes, what=f"a {source} payload", source=f"{source}: ")
    except FileNotFoundError:
        raise InputError.single(f"{source}: no such file", file=name) from None
    except OSError as exc:
        raise InputError.single(f"{source}: cannot read: {exc.strerror}", file=name) from None
    return parse_json_bytes(raw, source, name)


def parse_json_bytes(raw: bytes, source: str, name: str) -> Any:
    if not raw.strip():
        raise InputError.single(f"{source}: the file is empty", file=name)
    try:
        return json.loads(raw)
    except RecursionError:
        raise InputError.single(f"{source}: the JSON is nested too deeply", file=name) from None
    except UnicodeDecodeError:
        raise InputError.single(f"{source}: the file is not UTF-8 JSON text", file=name) from None
    except json.JSONDecodeError as exc:
        # An error at the very end (or a string never closed) means the file was cut short.
        truncated = exc.pos >= len(raw.rstrip()) - 1 or exc.msg.startswith("Unterminated")
        raise InputError.single(
            f"{source}: not valid JSON: {exc.msg}"
            + (" (the file ends too early: is it truncated?)" if truncated else ""),
            file=name,
            line=exc.lineno,
            hint="save the payload again in full, exactly as the tool sent it",
        ) from None


def as_map(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PayloadError(f"{what} should be a JSON object, not {_kind(value)}", field=what)
    return value


def as_list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise PayloadError(f"{what} should be a JSON list, not {_kind(value)}", field=what)
    return value


def _kind(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        type(None): "null",
    }.get(type(value), "a number")


def text(value: Any) -> str | None:
    """A non-empty string, or None; the string 'None' some tools write for null is None."""
    if isinstance(value, str):
        stripped = value.strip()
        return stripped if stripped and stripped not in {"None", "null"} else None
    return None


def moment(value: Any, what: str, *, epoch_ms: bool = False) -> datetime | None:
    """A timezone-aware time from ISO text (or epoch milliseconds, where the tool writes
    them); None when absent or zero.

    Go tools (Alertmanager) write the zero time 0001-01-01T00:00:00Z for "not known": that
    is unknown, not the year 1.
    """
    if value is None or (isinstance(value, str) and text(value) is None):
        return None
    if isinstance(value, bool):
        raise PayloadError(f"{what} should be a time, not true/false", field=what)
    if isinstance(value, int | float) and epoch_ms:
        if value <= 0:
            return None
        try:
            return _supported(
                datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=value), what
            )
        except (OverflowError, ValueError):
            raise PayloadError(f"{what} is not a real time ({value!r})", field=what) from None
    if not isinstance(value, str) or not _ISO.match(value.strip()):
        raise PayloadError(f"{what} should be a time, not {value!r}", field=what)
    clean = value.strip().replace("+0000", "+00:00")
    clean = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", clean)
    # Python reads at most 6 fraction digits; Go writes nanoseconds.
    clean = _FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), clean, count=1)
    try:
        parsed = datetime.fromisoformat(clean)
    except ValueError:
        raise PayloadError(f"{what} should be a time, not {value!r}", field=what) from None
    if parsed.tzinfo is None:
        raise PayloadError(f"{what} has no UTC offset ({value!r})", field=what)
    if parsed.year <= 1:
        return None
    return _supported(parsed, what)


def _supported(when: datetime, what: str) -> datetime:
    """`when`, or PayloadError when it lies outside the years execbrief works with (a time
    near year 9999 overflows as soon as a duration is added or its zone changes)."""
    try:
        return in_supported_years(when)
    except TimeValueError as exc:
        raise PayloadError(str(exc), field=what) from None


def walk_maps(value: Any, depth: int = 4) -> Iterator[Mapping[str, Any]]:
    """Every JSON object in `value` down to `depth` levels (for payloads in envelopes)."""
    if depth < 0:
        return
    if isinstance(value, Mapping):
        yield value
        for item in value.values():
            yield from walk_maps(item, depth - 1)
    elif isinstance(value, list):
        for item in value:
            yield from walk_maps(item, depth - 1)


def clip(words: str, limit: int = 200) -> str:
    flat = " ".join(words.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
