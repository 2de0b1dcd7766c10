"""Running an import: merge the drafts (and an existing file), write, and tell the engineer."""

from __future__ import annotations

import sys
from pathlib import Path

from execbrief.core.incident import Draft, merge, merge_all
from execbrief.errors import InputError
from execbrief.sources.draft_file import compose, read_existing, to_json, to_yaml


def run_import(
    drafts: list[Draft], labels: list[str], fmt: str, out: Path | None, existing: Path | None
) -> int:
    """Write the draft; 0 when `execbrief brief` will accept it, 1 when facts are missing."""
    imported = merge_all(drafts)
    base = kept = None
    if existing is not None:
        earlier, base, kept = read_existing(existing)
        imported = merge(earlier, imported)
        labels = [f"{existing.name} (merged into)", *labels]
    composed = compose(imported, base, kept)
    text = to_json(composed) if fmt == "json" else to_yaml(composed, labels)
    if out is None:
        sys.stdout.write(text)
    else:
        _write(out, text, replacing=existing)
        sys.stderr.write(f"wrote {out}\n")
    for conflict in composed.conflicts:
        sys.stderr.write(f"note: sources disagree: {conflict}\n")
    for name, hint in composed.still_needed.items():
        sys.stderr.write(f"needed: {name} is not in the sources; add it: {hint}\n")
    for problem in composed.problems:
        sys.stderr.write(f"problem: {problem}\n")
    return 1 if composed.still_needed or composed.problems else 0


def _write(out: Path, text: str, replacing: Path | None) -> None:
    from execbrief.outputs import write_atomic, write_new

    try:
        if replacing is not None and out.resolve() == replacing.resolve():
            write_atomic(out, text)  # the merge read it: updating it in place loses nothing
        else:
            write_new(out, text)
    except FileExistsError:
        raise InputError.single(
            "the file already exists; execbrief never overwrites your work",
            file=str(out),
            field="--out",
            hint="pick another name, or merge into it with --merge FILE --out FILE",
        ) from None
    except OSError as exc:
        raise InputError.single(f"cannot write: {exc.strerror}", file=str(out)) from None
