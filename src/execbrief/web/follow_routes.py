"""The follow-through page's routes: the ledger's commitments, marking one done, moving
one with a reason, and sending the drafted update. The work is in execbrief.app."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
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


def _known(space: Workspace, incident_id: str) -> None:
    if not space.store.has_incident(incident_id):
        raise HTTPException(status_code=404, detail=f"no incident '{incident_id}' is saved")


def ledger_page(space: Workspace, incident_id: str) -> dict[str, Any] | None:
    """What the follow-through page shows; None when the incident is not saved."""
    from execbrief.app.updates import UpdateFormat, draft_update

    found = editing.saved_text(space.store, incident_id)
    if found is None:
        return None
    update, notes = draft_update(incident_id, UpdateFormat.text, None, space.store.url)
    return {
        "title": found.title,
        "version": found.version,
        "commitments": editing.commitment_rows(space.store, incident_id, now()),
        "update": update,
        "notes": notes,
        "channels": editing.delivery_channels(),
    }


@router.get("/api/incidents/{incident_id}/commitments")
def commitments(incident_id: str, space: Space, _: Reader) -> list[dict[str, Any]]:
    _known(space, incident_id)
    return editing.commitment_rows(space.store, incident_id, now())


class Done(BaseModel):
    note: str | None = Field(default=None, max_length=2000)
    link: str | None = Field(default=None, max_length=2000)


@router.post("/api/incidents/{incident_id}/commitments/{number}/done")
def mark_done(
    incident_id: str, number: int, body: Done, space: Space, session: Editor
) -> dict[str, Any]:
    """Mark a commitment kept now."""
    from execbrief.app.followup import mark_kept

    _known(space, incident_id)
    note = body.note.strip() if body.note and body.note.strip() else None
    mark_kept(
        incident_id,
        number,
        None,
        note,
        space.store.url,
        link=body.link or None,
        by=session.user.name,
    )
    return {"commitments": editing.commitment_rows(space.store, incident_id, now())}


class Slip(BaseModel):
    to: str = Field(max_length=64)
    why: str = Field(max_length=2000)


@router.post("/api/incidents/{incident_id}/commitments/{number}/slip")
def slip(
    incident_id: str, number: int, body: Slip, space: Space, session: Editor
) -> dict[str, Any]:
    """Move a commitment to a new date, with the reason (kept in the ledger)."""
    from execbrief.app.followup import move_commitment

    _known(space, incident_id)
    move_commitment(incident_id, number, body.to, body.why, space.store.url, by=session.user.name)
    return {"commitments": editing.commitment_rows(space.store, incident_id, now())}


class Send(BaseModel):
    channel: str = Field(max_length=16)
    to: list[str] = Field(default_factory=list, max_length=50)


@router.post("/api/incidents/{incident_id}/update/send")
def send(incident_id: str, body: Send, space: Space, _: Editor) -> dict[str, Any]:
    """Send the drafted update by e-mail or Slack, as configured on the server."""
    from execbrief.app.delivery import Channel
    from execbrief.app.updates import send_update
    from execbrief.errors import InputError

    _known(space, incident_id)
    if body.channel not in editing.delivery_channels():
        raise InputError.single(
            f"sending by {body.channel} is not set up on this server",
            field="channel",
            hint="set EXECBRIEF_SMTP_HOST (e-mail) or EXECBRIEF_SLACK_WEBHOOK (Slack)",
        )
    to = [t.strip() for t in body.to if t.strip()]
    if body.channel == "email" and not to:
        raise InputError.single("say who gets the update", field="to", hint="an e-mail address")
    where, notes = send_update(incident_id, None, space.store.url, Channel(body.channel), to=to)
    return {"sent_to": where, "notes": notes}
