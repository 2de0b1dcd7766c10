"""Per-request safety: who is logged in, the CSRF check, roles, and the headers every
response carries.

A session is a random cookie whose sha256 is a row in the store (app/accounts.py), so any
server process on the same database knows it. Every state-changing request (POST, PUT,
PATCH, DELETE) must carry the session's CSRF token in the `X-CSRF-Token` header, else
403; only logging in is exempt, as it has no session yet (SameSite=Lax keeps other sites
from posting the cookie).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from execbrief.app.accounts import session_for
from execbrief.errors import ExecbriefError

if TYPE_CHECKING:
    from execbrief.store.workspace import Session, Workspace

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SESSION_COOKIE = "execbrief_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Requests that change state without a session yet: logging in.
CSRF_EXEMPT = frozenset({("POST", "/api/session")})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # No Referer at all: a share link's token must never leave in one.
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def now() -> datetime:
    return datetime.now(UTC)


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name:
                    return str(v)
    return None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _same_origin(scope: Scope) -> bool:
    """False when the browser says the request comes from another site (its Origin is
    not this host): refused on every state change, logging in included, so no other
    site can log a visitor in to an account of its choosing. No Origin: not a browser's
    cross-site request (browsers send it on every cross-site POST, PUT and DELETE)."""
    origin = _header(scope, b"origin")
    if origin is None:
        return True
    host = _header(scope, b"host") or ""
    return origin.split("://", 1)[-1].rstrip("/").lower() == host.lower()


async def _answer(send: Send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), *SECURITY_HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Guard:
    """ASGI middleware: load the session once per request (into request.state.session),
    refuse a state-changing request without the session's CSRF token (403), and add the
    security headers to every response."""

    def __init__(self, app: ASGIApp, workspace: Workspace) -> None:
        self.app = app
        self.workspace = workspace

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _cookie(scope, SESSION_COOKIE)
        session = None
        if token:
            try:
                session = await run_in_threadpool(session_for, self.workspace, token, now())
            except ExecbriefError as exc:  # the database is down: say so, not a bare 500
                detail = json.dumps({"detail": str(exc)}).encode()
                await _answer(send, 503, detail)
                return
        scope.setdefault("state", {})["session"] = session
        method = scope["method"]
        if method not in SAFE_METHODS and not _same_origin(scope):
            await _answer(send, 403, b'{"detail":"a request from another site"}')
            return
        if method not in SAFE_METHODS and (method, scope["path"]) not in CSRF_EXEMPT:
            if session is None:
                await _answer(send, 401, b'{"detail":"log in first"}')
                return
            given = _header(scope, CSRF_HEADER.encode()) or ""
            if not hmac.compare_digest(given.encode(), session.csrf_token.encode()):
                await _answer(send, 403, b'{"detail":"missing or wrong X-CSRF-Token header"}')
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                if scope["path"].startswith(("/api/", "/s/")) and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def current_session(request: Request) -> Session:
    """The logged-in session, else 401."""
    session: Session | None = getattr(request.state, "session", None)
    if session is None:
        raise HTTPException(status_code=401, detail="log in first")
    return session


def require_editor(request: Request) -> Session:
    """The session of an editor: viewers may read, not write (403)."""
    session = current_session(request)
    if session.user.role != "editor":
        raise HTTPException(status_code=403, detail="viewers can read but not change anything")
    return session


def secure_request(request: Request, always: bool) -> bool:
    """Whether cookies must be Secure: the request came over HTTPS (uvicorn reads
    X-Forwarded-Proto from a trusted proxy), or --secure-cookies."""
    return always or request.url.scheme == "https"
