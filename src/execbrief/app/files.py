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
