"""Reading user text: size limit, binary and encoding checks, with messages naming the file."""

from __future__ import annotations

from execbrief.errors import InputError

MAX_BYTES = 5_000_000  # an incident file is a page of facts, not a data dump


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
