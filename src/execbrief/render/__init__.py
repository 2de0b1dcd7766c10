"""Output formats. Each renderer takes the Brief and returns text; none holds business logic.

Built-in formats are registered here the same way a plugin's would be, and imported only
when asked for, so `execbrief --help` does not pay for Rich or Markdown code.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from execbrief.core.brief import Brief

Renderer = Callable[["Brief"], str]

# format name -> (module, function, file name when written with --out)
FORMATS: dict[str, tuple[str, str, str | None]] = {
    "text": ("execbrief.render.terminal", "render", None),
    "md": ("execbrief.render.markdown", "render", "brief.md"),
    "json": ("execbrief.render.json_document", "render", "brief.json"),
}


def renderer(name: str) -> Renderer:
    module, function, _ = FORMATS[name]
    found: Renderer = getattr(import_module(module), function)
    return found


def file_formats() -> dict[str, str]:
    """Formats written to files by --out, with their file names."""
    return {name: spec[2] for name, spec in FORMATS.items() if spec[2] is not None}
