"""JSON routes and downloads the editor page needs beyond SPEC 8: a saved version's text,
the facts that changed between two versions, the brief's files, and an export dropped
on the page. Each parses the request, calls execbrief.app.editing, and answers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from execbrief.app import editing
from execbrief.store.workspace import Session, Workspace
from execbrief.web.security import current_session, now, require_editor

router = APIRouter()

Reader = Annotated[Session, Depends(current_session)]
Editor = Annotated[Session, Depends(require_editor)]


def workspace(request: Request) -> Workspace:
    found: Workspace = request.app.state.workspace
    return found


Space = Annotated[Workspace, Depends(workspace)]


def latest_text(space: Workspace, incident_id: str) -> tuple[int, str, str] | None:
    """(version, title, text) of the incident's latest version, None when not saved."""
    found = editing.saved_text(space.store, incident_id)
    return None if found is None else (found.version, found.title, found.text)


def _known(space: Workspace, incident_id: str) -> None:
    if not space.store.has_incident(incident_id):
        raise HTTPException(status_code=404, detail=f"no incident '{incident_id}' is saved")


@router.get("/api/incidents/{incident_id}/text")
def version_text(
    incident_id: str, space: Space, _: Reader, version: int | None = None
) -> dict[str, Any]:
    """The text of a saved version (default the latest), as the editor shows it."""
    found = editing.saved_text(space.store, incident_id, version)
    if found is None:
        raise HTTPException(status_code=404, detail="no such incident or version")
    return {
        "id": incident_id,
        "version": found.version,
        "title": found.title,
        "text": found.text,
        "saved_by": found.saved_by,
    }


@router.get("/api/incidents/{incident_id}/changes")
def version_changes(
    incident_id: str,
    space: Space,
    _: Reader,
    old: Annotated[int, Query(alias="from")] = 0,
    new: Annotated[int, Query(alias="to")] = 0,
) -> dict[str, Any]:
    """The facts that changed from version `from` to version `to`, fact by fact."""
    _known(space, incident_id)
    latest = space.store.latest_version(incident_id)
    to_version = new or latest
    from_version = old or max(to_version - 1, 1)
    found = editing.compare(space.store, incident_id, from_version, to_version)
    return {
        "from": found.from_version,
        "to": found.to_version,
        "changes": [
            {"field": c.field, "label": c.label, "kind": c.kind, "old": c.old, "new": c.new}
            for c in found.found
        ],
    }


@router.get("/incidents/{incident_id}/download/{fmt}", include_in_schema=False)
def download(incident_id: str, fmt: str, space: Space, _: Reader) -> Response:
    """The brief of the latest version as md, pdf, pptx, or the presenter pack."""
    _known(space, incident_id)
    if fmt not in editing.DOWNLOADS:
        raise HTTPException(status_code=404, detail="no such download")
    name, media, data = editing.download(space.store, incident_id, fmt, now())
    return Response(
        data,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


class Drop(BaseModel):
    name: str = Field(default="export.json", max_length=300)
    content: str = Field(max_length=editing.MAX_DROPPED_BYTES)
    source: str | None = Field(default=None, max_length=40)
    current: str | None = Field(default=None, max_length=2_000_000)


@router.post("/api/import")
def import_drop(body: Drop, _: Editor) -> dict[str, Any]:
    """An export dropped on the editor: the incident text with its facts merged in."""
    done = editing.import_dropped(
        body.name, body.content.encode("utf-8"), body.source, body.current
    )
    imported = done.imported
    return {
        "source": done.source.value,
        "text": imported.text,
        "conflicts": imported.conflicts,
        "still_needed": imported.still_needed,
        "problems": imported.problems,
    }


@router.get("/api/incidents/{incident_id}/share-links")
def share_links(incident_id: str, space: Space, _: Reader) -> list[dict[str, Any]]:
    """The incident's CEO links (never their tokens): made, expiry, revoked, last opened."""
    _known(space, incident_id)
    moment = now()
    return [
        {
            "id": s.id,
            "created_by": s.created_by,
            "created_at": s.created_at.isoformat(),
            "expires_at": s.expires_at.isoformat(),
            "revoked_at": s.revoked_at.isoformat() if s.revoked_at else None,
            "expired": s.expires_at <= moment,
            "views": s.views,
            "last_opened": s.last_opened.isoformat() if s.last_opened else None,
            "last_version": s.last_version,
        }
        for s in space.shares_of(incident_id)
    ]
