"""Pages that embed all they show: pictures as data: URLs, and a fetcher for WeasyPrint
that loads nothing else. Light on purpose: the history report's PDF uses them without
importing the brief's page (render/html.py, render/pdf.py)."""

from __future__ import annotations

import base64
from typing import Any


def data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def embedded_only() -> Any:
    """A fetcher for data: URLs only: the page embeds all it shows, so nothing is ever
    loaded from the network or the disk, whatever the incident text says."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",), allow_redirects=False)
