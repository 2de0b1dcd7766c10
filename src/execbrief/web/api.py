"""The JSON routes of SPEC section 8, and the ones the pages need. Each route parses the
request, calls execbrief.app, and answers; no rule of the product is decided here.

Routes are plain `def`: FastAPI runs them in its thread pool, so the store's blocking
calls never hold up the event loop.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from execbrief.app import accounts, sharing
from execbrief.app import workspace as workspace_app
from execbrief.app.workspace import NotFound
from execbrief.errors import InputError
from execbrief.store.repository import Store
from execbrief.store.workspace import Session, Workspace
from execbrief.web.security import (
    SESSION_COOKIE,
    current_session,
    now,
    require_editor,
    secure_request,
)

router = APIRouter(prefix="/api")

Reader = Annotated[Session, Depends(current_session)]


def workspace(request: Request) -> Workspace:
    """The store of this app (one engine, a pool of connections, per process)."""
    found: Workspace = request.app.state.workspace
    return found


Space = Annotated[Workspace, Depends(workspace)]


class Credentials(BaseModel):
    username: str = Field(max_length=1000)
    password: str = Field(max_length=4096)


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/session")
def log_in(body: Credentials, request: Request, response: Response, space: Space) -> dict[str, str]:
    try:
        done = accounts.log_in(space, body.username, body.password, _address(request), now())
    except accounts.TooManyFailures:
        minutes = int(accounts.FAILURE_WINDOW.total_seconds() // 60)
        raise HTTPException(
            status_code=429,
            detail=f"too many failed logins; try again in {minutes} minutes",
            headers={"Retry-After": str(minutes * 60)},
        ) from None
    except accounts.LoginRefused:
        raise HTTPException(status_code=401, detail="wrong user name or password") from None
    response.set_cookie(
        SESSION_COOKIE,
        done.token,
        max_age=int(accounts.SESSION_LENGTH.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=secure_request(request, request.app.state.secure_cookies),
        path="/",
    )
    return {"csrf_token": done.csrf_token, "username": done.user, "role": done.role}


@router.get("/session")
def who_am_i(session: Reader) -> dict[str, str]:
    """The logged-in user and the CSRF token the pages send back."""
    return {
        "username": session.user.name,
        "role": session.user.role,
        "csrf_token": session.csrf_token,
    }


@router.delete("/session", status_code=204)
def log_out(request: Request, space: Space, session: Reader) -> Response:
    accounts.log_out(space, request.cookies.get(SESSION_COOKIE))
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    return response


# -- the brief and its versions ----------------------------------------------------------

Editor = Annotated[Session, Depends(require_editor)]


def store(request: Request) -> Store:
    found: Store = request.app.state.store
    return found


Stored = Annotated[Store, Depends(store)]


async def body_text(request: Request) -> str:
    """The request's body as text, read only up to the size an incident may have (the
    rest is never held in memory): InputError (422) beyond it or when it is not UTF-8."""
    limit = workspace_app.body_limit()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        chunks.append(chunk)
        if size > limit:
            break
    return workspace_app.decode_body(b"".join(chunks))


def _not_found(exc: NotFound) -> HTTPException:
    return HTTPException(status_code=404, detail=str(exc))


@router.post("/preview")
async def preview(request: Request, session: Reader, now: str | None = None) -> dict[str, Any]:
    """The brief and its check for the text in the body, without saving."""
    text = await body_text(request)
    return await run_in_threadpool(workspace_app.preview, text, now)


@router.get("/incidents")
def incidents(session: Reader, space: Space) -> list[dict[str, Any]]:
    return workspace_app.incident_list(space)


def _if_match(value: str | None) -> int | None:
    """If-Match: 3, "3" or W/"3"; None when absent."""
    if value is None:
        return None
    cleaned = value.strip().removeprefix("W/").strip('"')
    if not cleaned.isdigit() or len(cleaned) > 9:
        raise InputError.single(
            f"If-Match must be a version number, not '{value[:40]}'", field="If-Match"
        )
    return int(cleaned)


@router.put("/incidents/{incident_id}")
async def save(
    incident_id: str,
    request: Request,
    session: Editor,
    stored: Stored,
    reason: str | None = None,
) -> Response:
    """Save the text in the body as the next version. If-Match names the version the
    editor started from; 409 with the differences when someone saved since."""
    text = await body_text(request)
    expected = _if_match(request.headers.get("if-match"))
    try:
        done = await run_in_threadpool(
            workspace_app.save, stored, incident_id, text, session.user.name, expected, reason
        )
    except NotFound as exc:
        raise _not_found(exc) from None
    except workspace_app.Conflict as conflict:
        return JSONResponse(
            {
                "detail": f"'{incident_id}' was saved by someone else since version "
                f"{conflict.based_on}; it is now at version {conflict.latest}",
                "version": conflict.latest,
                "based_on": conflict.based_on,
                "differences": conflict.differences,
                "changed_since": conflict.changed_since,
            },
            status_code=409,
            headers={"ETag": f'"{conflict.latest}"'},
        )
    return JSONResponse(done, headers={"ETag": f'"{done["version"]}"'})


@router.get("/incidents/{incident_id}")
def incident(incident_id: str, session: Reader, stored: Stored) -> Response:
    """The latest version's text and number (send it back in If-Match when saving)."""
    try:
        found = workspace_app.latest_text(stored, incident_id)
    except NotFound as exc:
        raise _not_found(exc) from None
    return JSONResponse(found, headers={"ETag": f'"{found["version"]}"'})


@router.get("/incidents/{incident_id}/versions")
def versions(incident_id: str, session: Reader, stored: Stored) -> list[dict[str, Any]]:
    try:
        return workspace_app.versions(stored, incident_id)
    except NotFound as exc:
        raise _not_found(exc) from None


@router.get("/incidents/{incident_id}/versions/{number}")
def version(incident_id: str, number: int, session: Reader, stored: Stored) -> dict[str, Any]:
    try:
        return workspace_app.version_text(stored, incident_id, number)
    except NotFound as exc:
        raise _not_found(exc) from None


@router.get("/incidents/{incident_id}/compare")
def compare(
    incident_id: str,
    session: Reader,
    stored: Stored,
    old: Annotated[int, Query(alias="from")],
    new: Annotated[int, Query(alias="to")],
) -> dict[str, Any]:
    """The facts that changed from one version to another."""
    try:
        return workspace_app.compare(stored, incident_id, old, new)
    except NotFound as exc:
        raise _not_found(exc) from None


@router.get("/incidents/{incident_id}/download/{name}")
def download(incident_id: str, name: str, session: Reader, stored: Stored) -> Response:
    """The latest version's brief as md, pdf, pptx or the presenter pack."""
    try:
        data, media, filename = workspace_app.download(stored, incident_id, name)
    except NotFound as exc:
        raise _not_found(exc) from None
    return Response(
        data,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{_safe_name(filename)}"'},
    )


def _safe_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in name)[:120]


# -- the ledger and the next update ------------------------------------------------------


@router.get("/incidents/{incident_id}/commitments")
def commitments(incident_id: str, session: Reader, stored: Stored) -> list[dict[str, Any]]:
    try:
        return workspace_app.ledger(stored, incident_id)
    except NotFound as exc:
        raise _not_found(exc) from None


class Done(BaseModel):
    note: str | None = Field(default=None, max_length=2000)
    link: str | None = Field(default=None, max_length=2000)


class Slip(BaseModel):
    to: str = Field(max_length=40)
    why: str = Field(max_length=2000)


@router.post("/incidents/{incident_id}/commitments/{number}/done")
def mark_done(
    incident_id: str, number: int, body: Done, session: Editor, stored: Stored
) -> list[dict[str, Any]]:
    """Mark a commitment kept now; answers the ledger as it is after."""
    try:
        return workspace_app.mark_done(
            stored, incident_id, number, session.user.name, body.note, body.link
        )
    except NotFound as exc:
        raise _not_found(exc) from None


@router.post("/incidents/{incident_id}/commitments/{number}/slip")
def slip(
    incident_id: str, number: int, body: Slip, session: Editor, stored: Stored
) -> list[dict[str, Any]]:
    """Move a commitment to a later date, with the reason."""
    try:
        return workspace_app.slip(stored, incident_id, number, session.user.name, body.to, body.why)
    except NotFound as exc:
        raise _not_found(exc) from None


@router.get("/incidents/{incident_id}/update")
def next_update(incident_id: str, session: Reader, stored: Stored) -> dict[str, Any]:
    """The next "keep me informed" update, drafted from the latest version and the ledger."""
    try:
        return workspace_app.next_update(stored, incident_id)
    except NotFound as exc:
        raise _not_found(exc) from None


# -- the CEO's share links ---------------------------------------------------------------


class NewShare(BaseModel):
    expires_in_days: int | None = None


@router.post("/incidents/{incident_id}/shares", status_code=201)
def share(
    incident_id: str, request: Request, session: Editor, space: Space, body: NewShare | None = None
) -> dict[str, Any]:
    """A read-only link to the CEO's handout; its token appears only in this answer."""
    days = None if body is None else body.expires_in_days
    try:
        made, token = sharing.create(space, incident_id, days, session.user.name, now())
    except NotFound as exc:
        raise _not_found(exc) from None
    return {
        "id": made.id,
        "url": str(request.url_for("shared_page", token=token)),
        "expires_at": made.expires_at.isoformat(),
    }


@router.get("/incidents/{incident_id}/shares")
def shares(incident_id: str, session: Reader, space: Space) -> list[dict[str, Any]]:
    """The incident's links, and when each was last opened."""
    try:
        return sharing.shares_of(space, incident_id, now())
    except NotFound as exc:
        raise _not_found(exc) from None


@router.delete("/shares/{share_id}", status_code=204)
def revoke(share_id: str, session: Editor, space: Space) -> Response:
    """Revoke a link: it answers 404 from now on, on every server."""
    try:
        sharing.revoke(space, share_id, now())
    except NotFound as exc:
        raise _not_found(exc) from None
    return Response(status_code=204)
