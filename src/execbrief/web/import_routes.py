"""The editor's import: a pager or monitoring export dropped on the page becomes the
incident's text, merged into what is typed there (execbrief.app.editing does it)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from execbrief.app import editing
from execbrief.store.workspace import Session
from execbrief.web.security import require_editor

router = APIRouter()

Editor = Annotated[Session, Depends(require_editor)]


class Drop(BaseModel):
    name: str = Field(default="export.json", max_length=300)
    content: str = Field(max_length=editing.MAX_DROPPED_BYTES)
    source: str | None = Field(default=None, max_length=40)
    current: str | None = Field(default=None, max_length=2_000_000)


@router.post("/api/import")
async def import_drop(body: Drop, _: Editor) -> dict[str, Any]:
    """An export dropped on the editor: the incident text with its facts merged in,
    what is still needed, and where the sources disagreed with what was typed."""
    done = await run_in_threadpool(
        editing.import_dropped, body.name, body.content.encode("utf-8"), body.source, body.current
    )
    imported = done.imported
    return {
        "source": done.source.value,
        "text": imported.text,
        "conflicts": imported.conflicts,
        "still_needed": imported.still_needed,
        "problems": imported.problems,
    }
