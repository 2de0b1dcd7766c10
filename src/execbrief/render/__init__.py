"""Output formats. Each renderer takes the Brief and returns text or bytes; none holds
business logic.

Built-in formats are registered here the same way a plugin's would be, and imported only
when asked for, so `execbrief --help` does not pay for Rich, Jinja2, matplotlib,
WeasyPrint or python-pptx.

A renderer may take keyword options (the deck takes `template`); callers pass only the
options a format declares in `options`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from execbrief.core.story import Brief

Renderer = Callable[..., "str | bytes"]


@dataclass(frozen=True)
class Format:
    module: str
    function: str
    filename: str | None  # written with --out when set
    binary: bool = False  # the renderer returns bytes
    options: tuple[str, ...] = ()  # keyword options the renderer accepts


FORMATS: dict[str, Format] = {
    "text": Format("execbrief.render.terminal", "render", None),
    "md": Format("execbrief.render.markdown", "render", "brief.md"),
    "html": Format("execbrief.render.html", "render", "brief.html"),
    "pdf": Format("execbrief.render.pdf", "render", "brief.pdf", binary=True),
    "pptx": Format(
        "execbrief.render.deck", "render", "brief.pptx", binary=True, options=("template",)
    ),
    "json": Format("execbrief.render.json_document", "render", "brief.json"),
    # the presenter pack: script, timings, Q&A, unknowns, findings (never the handout)
    "presenter": Format("execbrief.render.presenter", "render", "presenter.md"),
}


def renderer(name: str) -> Renderer:
    spec = FORMATS[name]
    found: Renderer = getattr(import_module(spec.module), spec.function)
    return found


def render(name: str, brief: Brief, **options: Any) -> str | bytes:
    """Render one format, passing only the options that format accepts."""
    accepted = {k: v for k, v in options.items() if k in FORMATS[name].options}
    return renderer(name)(brief, **accepted)


def file_formats() -> dict[str, str]:
    """Formats written to files by --out, with their file names."""
    return {name: spec.filename for name, spec in FORMATS.items() if spec.filename is not None}
