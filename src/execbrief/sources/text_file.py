"""Reading user text: size limit, binary and encoding checks, with messages naming the file."""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from execbrief.errors import InputError

MAX_BYTES = 5_000_000  # an incident file is a page of facts, not a data dump


CHUNK = 1 << 20  # bytes read at a time


def size_words(cap: int) -> str:
    return f"{cap / 1_000_000:g} MB" if cap >= 1_000_000 else f"{cap:,} bytes"


def read_capped(
    path: Path,
    cap: int,
    *,
    what: str = "an incident file",
    source: str = "",
    field: str | None = None,
) -> bytes:
    """The bytes of `path`, read from the open file and never more than `cap` + 1 of them.

    The size stat() reports cannot be trusted: it is 0 for devices, pipes and /proc files
    (`brief /dev/zero` would read forever), and a file can grow while it is read. So every
    reader comes here, and a file over `cap` is refused with exit 2. OSError (no such
    file, a folder, no permission) is left to the caller, which knows what to call it.
    """
    with path.open("rb") as stream:
        return read_stream_capped(
            stream, cap, name=str(path), what=what, source=source, field=field
        )


def read_stream_capped(
    stream: BinaryIO,
    cap: int,
    *,
    name: str,
    what: str = "an incident file",
    source: str = "",
    field: str | None = None,
) -> bytes:
    """At most `cap` bytes from `stream` (stdin, a FIFO); InputError when there are more.

    Read a chunk at a time: one read of `cap` + 1 bytes would allocate the whole cap
    (20 MB for a payload) up front, even for a file of a few bytes."""
    buffer = io.BytesIO()
    while buffer.tell() <= cap:
        piece = stream.read(min(CHUNK, cap + 1 - buffer.tell()))
        if not piece:
            break
        buffer.write(piece)
    raw = buffer.getvalue()
    if len(raw) > cap:
        raise InputError.single(
            f"{source}the file is larger than {size_words(cap)}, more than {what} can be",
            file=name,
            field=field,
            hint="check that this is the right file",
        )
    return raw


def decode(raw: bytes, name: str) -> str:
    if not raw.strip():
        raise InputError.single(
            "the file is empty", file=name, hint="run `execbrief init` for a template"
        )
    if b"\x00" in raw[:8192]:
        raise InputError.single(
            "this is a binary file, not an incident file",
            file=name,
            hint="give a YAML or JSON file such as one made by `execbrief init`",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(
            f"the file is not UTF-8 text (bad byte at position {exc.start})",
            file=name,
            hint="save it as UTF-8",
        ) from None
