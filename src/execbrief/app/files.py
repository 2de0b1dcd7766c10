"""Writing output files so that a reader never sees half a file and no one's work is lost."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _mode_for(path: Path) -> int:
    """Keep the mode of the file being replaced; new files get the usual 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _temporary_copy(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, _mode_for(path))  # mkstemp makes 0600 files
        data = content.encode("utf-8") if isinstance(content, str) else content
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step: the old file or the new, never a mix."""
    _replace(path, text)


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """The same for binary files (PDF, PPTX)."""
    _replace(path, data)


def _replace(path: Path, content: str | bytes) -> None:
    temporary = _temporary_copy(path, content)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_new(path: Path, text: str) -> None:
    """Create `path` with `text`; FileExistsError if something is already there."""
    temporary = _temporary_copy(path, text)
    try:
        os.link(temporary, path)  # fails rather than overwrite, even in a race
    finally:
        temporary.unlink(missing_ok=True)


# --- whose file is it: execbrief replaces only its own, unchanged, outputs -----------------

# Beside the files a command writes, the name and SHA-256 of each as execbrief wrote it.
# A file is execbrief's own only while the manifest lists it with its present content; a
# file the user wrote, or edited after execbrief wrote it, is theirs (docs/cli.md, "Files").
MANIFEST = ".execbrief-files.json"
_MANIFEST_MAX_BYTES = 100_000


def _digest(path: Path) -> str | None:
    """The SHA-256 of a regular file, read in pieces; None for anything else."""
    import hashlib

    if path.is_symlink() or not path.is_file():
        return None  # execbrief never writes a link or a device: not its own
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest(folder: Path) -> dict[str, str]:
    import json

    try:
        with (folder / MANIFEST).open("rb") as stream:
            data = json.loads(stream.read(_MANIFEST_MAX_BYTES + 1))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items()}


def not_ours(paths: list[Path]) -> list[Path]:
    """The paths where something exists that execbrief may not replace: not listed in
    its folder's manifest, or changed since execbrief wrote it."""
    found = []
    for path in paths:
        if not path.exists() and not path.is_symlink():
            continue
        recorded = _manifest(path.parent).get(path.name)
        if recorded is None or _digest(path) != recorded:
            found.append(path)
    return found


def record_written(paths: list[Path]) -> None:
    """Add `paths`, as they are now, to their folders' manifests."""
    import json

    folders: dict[Path, list[Path]] = {}
    for path in paths:
        folders.setdefault(path.parent, []).append(path)
    for folder, written in folders.items():
        files = _manifest(folder)
        for path in written:
            digest = _digest(path)
            if digest is not None:
                files[path.name] = digest
        document = {"made_by": "execbrief", "files": dict(sorted(files.items()))}
        write_atomic(folder / MANIFEST, json.dumps(document, indent=2) + "\n")


def refuse_others(paths: list[Path], *, force: bool, option: str = "--out") -> None:
    """InputError naming every file in the way that is not execbrief's own, unless
    `force`: nothing a user wrote is overwritten or lost."""
    from execbrief.errors import InputError, InputProblem, Place

    if force:
        return
    blocked = not_ours(paths)
    if blocked:
        raise InputError(
            [
                InputProblem(
                    Place(str(path), None, option),
                    "already exists, and execbrief did not write it or it was changed since; "
                    "execbrief never overwrites your work",
                    "write to another place, move the file away, or add --force to replace it",
                )
                for path in blocked
            ]
        )
