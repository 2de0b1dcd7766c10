"""The Brief as JSON (SPEC section 2). Money and minutes become plain JSON numbers."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # `plain` serves the history report too, which has no Brief
    from execbrief.core.story import Brief


def plain(value: Any) -> Any:
    """Decimals to int or float (money is already rounded to cents), recursively."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def render(brief: Brief) -> str:
    from execbrief.core.story import document

    return json.dumps(plain(document(brief)), indent=2, ensure_ascii=False) + "\n"
