"""What every importer shares: reading a payload file safely, and reading its times.

Single payloads (an incident, an alert, a webhook, a query result) are read whole, with a
size cap: they are kilobytes in real life (a Prometheus matrix a few tens of MB), so a
file far bigger is the wrong file, and saying so beats filling memory. Slack exports can
honestly be large, so `slack` streams them message by message instead (see slack.py).
"""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import IO, Any

from execbrief.core.incident.times import TimeValueError, in_supported_years
from execbrief.errors import InputError
from execbrief.sources.text_file import read_capped

MB = 1_000_000
MAX_PAYLOAD_BYTES = 20 * MB
MAX_METRICS_BYTES = 150 * MB  # a query_range answer with a few million samples
TOO_LARGE_HINT = (
    "check that this is the right file; export a single incident or a narrower time range"
)

# No tool's payload nests deeper than a dozen levels (Slack's rich-text blocks are the
# deepest). A limit checked on the bytes, before any parser sees them, keeps a hostile
# "[[[[..." from costing memory: streaming parsers build a path for every level.
MAX_DEPTH = 64

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_FRACTION = re.compile(r"\.(\d+)")


class PayloadError(Exception):
    """A payload that is not what its source sends; turned into an InputError naming both."""

    def __init__(self, message: str, hint: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.field = field


# Where a problem is when it is the file as a whole, or its outermost value.
WHOLE_FILE = "(whole file)"
TOP_LEVEL = "(top level)"


def bad(source: str, name: str, error: PayloadError) -> InputError:
    return InputError.single(
        f"{source}: {error.message}", file=name, field=error.field or TOP_LEVEL, hint=error.hint
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
        raise InputError.single(f"{source}: the file is empty", file=name, field=WHOLE_FILE)
    DepthGuard(None, source, name).scan_all(raw)
    try:
        # Strictly: json.loads(bytes) lets lone surrogates through, which cannot be printed.
        text = raw.decode(json.detect_encoding(raw))
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError.single(
            f"{source}: the file is not UTF-8 JSON text (byte {exc.start} is not UTF-8)",
            file=name,
            line=line,
            hint="save the payload again in full, exactly as the tool sent it",
        ) from None
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError.single(
            f"{source}: the JSON is nested too deeply", file=name, field=WHOLE_FILE
        ) from None
    except json.JSONDecodeError as exc:
        # An error at the very end (or a string never closed) means the file was cut short.
        truncated = exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated")
        raise InputError.single(
            f"{source}: not valid JSON: {exc.msg}"
            + (" (the file ends too early: is it truncated?)" if truncated else ""),
            file=name,
            line=exc.lineno,
            hint="save the payload again in full, exactly as the tool sent it",
        ) from None


_STRUCTURE = re.compile(rb'[\[\]{}"]')
_STRING_REST = re.compile(rb'[^"\\]*+(?:\\.[^"\\]*+)*+', re.DOTALL)
_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 and -1 as signed bytes
_QUOTE = ord('"')
_READ = 16_384
_SLICE = 1 << 20
_OPEN = frozenset(b"[{")


class DepthGuard:
    """A binary stream that refuses JSON nested deeper than MAX_DEPTH as its bytes pass.

    It counts brackets outside strings, carrying its state (depth, inside a string, after
    a backslash) from one chunk to the next, so a streaming parser never receives the byte
    that goes too deep. Strings are skipped and brackets summed by regular expressions and
    C-level counting: about as fast as reading the bytes. `scan` checks a whole payload
    already in memory the same way.
    """

    def __init__(
        self, stream: IO[bytes] | None, source: str, name: str, limit: int = MAX_DEPTH
    ) -> None:
        self._stream = stream
        self._source, self._name, self._limit = source, name, limit
        self._depth = 0
        self._in_string = False
        self._escaped = False  # the chunk ended on a backslash inside a string
        self._line = 1

    @property
    def line(self) -> int:
        """The line the bytes read so far end on."""
        return self._line

    def read(self, size: int = -1) -> bytes:
        assert self._stream is not None
        # Small reads keep the scan's copies small (a streamed export stays in kilobytes).
        chunk = self._stream.read(min(size, _READ) if size >= 0 else size)
        self.scan(chunk)
        return chunk

    def scan_all(self, raw: bytes) -> None:
        """Check a whole payload, a slice at a time (the copies stay bounded)."""
        for start in range(0, len(raw), _SLICE):
            self.scan(raw[start : start + _SLICE])

    def scan(self, chunk: bytes) -> None:
        state = (self._depth, self._in_string, self._escaped)
        i, end = 0, len(chunk)
        if self._in_string:
            i = self._string_end(chunk, 0)
        if i < end:
            # Complete strings removed, what is left of an open string starts at the first
            # quote that remains (sub cannot close it: no unescaped quote follows it).
            rest = _STRING.sub(b"", chunk[i:] if i else chunk)
            opened = rest.find(b'"')
            outside = rest if opened < 0 else rest[:opened]
            steps = array("b", outside.translate(_STEP, _NOT_BRACKETS))
            if steps and max(accumulate(steps, initial=self._depth)) > self._limit:
                self._depth, self._in_string, self._escaped = state
                self._find_too_deep(chunk)
            self._depth += sum(steps)
            if opened >= 0:  # the string runs on into the next chunk
                self._in_string = True
                self._escaped = (end - len(chunk.rstrip(b"\\"))) % 2 == 1
        self._line += chunk.count(b"\n")

    def _string_end(self, chunk: bytes, i: int) -> int:
        """From inside a string at `i`: the index after its closing quote, or the chunk's
        end (still inside; `_escaped` when the last byte is a lone backslash)."""
        end = len(chunk)
        if self._escaped and i < end:
            self._escaped, i = False, i + 1
        i = _STRING_REST.match(chunk, i).end()  # type: ignore[union-attr]
        if i < end and chunk[i] == _QUOTE:
            self._in_string = False
            return i + 1
        if i < end:  # a backslash as the chunk's last byte: its escaped byte comes next
            self._escaped = True
        return end

    def _find_too_deep(self, chunk: bytes) -> None:
        """Walk the chunk byte by byte (only when it goes too deep) to name the line."""
        i, end = 0, len(chunk)
        while i < end:
            if self._in_string:
                i = self._string_end(chunk, i)
                continue
            found = _STRUCTURE.search(chunk, i)
            if found is None:
                break
            i = found.end()
            byte = chunk[i - 1]
            if byte == _QUOTE:
                self._in_string = True
            elif byte in _OPEN:
                self._depth += 1
                if self._depth > self._limit:
                    raise self._too_deep(chunk, i)
            else:
                self._depth -= 1
        raise AssertionError("the fast count found a depth the walk did not")  # pragma: no cover

    def _too_deep(self, chunk: bytes, at: int) -> InputError:
        return InputError.single(
            f"{self._source}: the JSON is nested more than {self._limit} levels deep; "
            "no export or payload of this tool is",
            file=self._name,
            line=self._line + chunk.count(b"\n", 0, at),
            hint="check that this is the right file, saved exactly as the tool wrote it",
        )


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
