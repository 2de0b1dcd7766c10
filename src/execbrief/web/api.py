"""The JSON routes of SPEC section 8, and the ones the pages need. Each route parses the
request, calls execbrief.app, and answers; no rule of the product is decided here.

Routes are plain `def`: FastAPI runs them in its thread pool, so the store's blocking
calls never hold up the event loop.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, Field

from execbrief.app import accounts
from execbrief.store.workspace import Session, Workspace
from execbrief.web.security import (
    SESSION_COOKIE,
    current_session,
    now,
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
