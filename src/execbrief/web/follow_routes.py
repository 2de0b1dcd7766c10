"""The follow-through page's data, and sending the drafted update (the ledger's routes,
done and slip, are in web/api.py). The work is in execbrief.app."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from execbrief.app import editing
from execbrief.app import workspace as workspace_app
from execbrief.store.repository import Store
from execbrief.store.workspace import Session
from execbrief.web.security import require_editor

router = APIRouter()

Editor = Annotated[Session, Depends(require_editor)]


def store(request: Request) -> Store:
    found: Store = request.app.state.store
    return found


Stored = Annotated[Store, Depends(store)]


def ledger_page(stored: Store, incident_id: str) -> dict[str, Any] | None:
    """What the follow-through page shows; None when the incident is not saved."""
    try:
        latest = workspace_app.latest_text(stored, incident_id)
    except workspace_app.NotFound:
        return None
    update = workspace_app.next_update(stored, incident_id)
    return {
        "title": latest["title"] or incident_id,
        "version": latest["version"],
        "commitments": workspace_app.ledger(stored, incident_id),
        "update": update["markdown"],
        "notes": update["notes"],
        "channels": editing.delivery_channels(),
    }


class Send(BaseModel):
    channel: str = Field(max_length=16)
    to: list[str] = Field(default_factory=list, max_length=50)


@router.post("/api/incidents/{incident_id}/update/send")
async def send(incident_id: str, body: Send, stored: Stored, _: Editor) -> dict[str, Any]:
    """Send the drafted update by e-mail or Slack, as the server is set up to."""
    from execbrief.app.delivery import Channel
    from execbrief.app.updates import send_update
    from execbrief.errors import InputError

    if not stored.has_incident(incident_id):
        raise HTTPException(status_code=404, detail=f"no saved incident '{incident_id}'")
    if body.channel not in editing.delivery_channels():
        raise InputError.single(
            f"sending by {body.channel} is not set up on this server",
            field="channel",
            hint="set EXECBRIEF_SMTP_HOST (e-mail) or EXECBRIEF_SLACK_WEBHOOK (Slack)",
        )
    to = [t.strip() for t in body.to if t.strip()]
    if body.channel == "email" and not to:
        raise InputError.single("say who gets the update", field="to", hint="an e-mail address")
    where, notes = await run_in_threadpool(
        send_update, incident_id, None, stored.url, Channel(body.channel), to=to
    )
    return {"sent_to": where, "notes": notes}
