"""The workspace's HTML pages: log in, the incident list, the editor with its live check
and preview, and the follow-through page; plus the static files they load.

Pages are rendered on the server by Jinja2 with autoescape; what the browser does (the
live preview, the highlights, saving, sharing) is in web/static/*.js, loaded from this
package, never from a CDN. No page has an inline script or style: the CSP allows neither,
so a page hands its data to its script in data-* attributes and <meta> tags.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from execbrief.app import workspace as workspace_app
from execbrief.store.repository import Store
from execbrief.store.workspace import Session, Workspace
from execbrief.web import follow_routes, import_routes

if TYPE_CHECKING:
    from jinja2 import Environment

router = APIRouter()
router.include_router(import_routes.router)
router.include_router(follow_routes.router)

STATIC_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("execbrief", "web/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static"] = static_url
    return env


@cache
def _static_file(name: str) -> tuple[bytes, str] | None:
    """A file of web/static (its bytes and a short hash), or None when there is none."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    path = files("execbrief").joinpath("web", "static", name)
    if not path.is_file():
        return None
    data = path.read_bytes()
    return data, hashlib.sha256(data).hexdigest()[:12]


@cache
def _handout_css() -> bytes:
    """The handout's own style sheet (the one the CEO's page and the PDF use), for the
    live preview, which shows the handout in a shadow root: there `:root` and `body`
    match nothing, so their rules are given to the shadow root's host."""
    import re

    css = workspace_app.handout_stylesheet()
    css = re.sub(r"^:root\s*\{", ":host {", css, flags=re.MULTILINE)
    css = re.sub(r"^body\s*\{", ":host {", css, flags=re.MULTILINE)
    return css.encode()


def static_url(name: str) -> str:
    """The address of a static file, with its content's hash so a new release is fetched."""
    if name == "handout.css":
        return "/static/handout.css?v=" + hashlib.sha256(_handout_css()).hexdigest()[:12]
    found = _static_file(name)
    if found is None:
        raise LookupError(f"no static file {name}")
    return f"/static/{name}?v={found[1]}"


@router.get("/static/{name}", include_in_schema=False)
def static(name: str) -> Response:
    if name == "handout.css":
        data = _handout_css()
    else:
        found = _static_file(name)
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
        if found is None or suffix not in STATIC_TYPES:
            raise HTTPException(status_code=404, detail="no such file")
        data = found[0]
    kind = STATIC_TYPES["." + name.rsplit(".", 1)[-1]]
    return Response(data, media_type=kind, headers={"Cache-Control": "public, max-age=86400"})


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """Browsers ask for it on every site, the CEO's page too: the workspace's icon."""
    found = _static_file("icon.svg")
    assert found is not None  # shipped in the package
    return Response(
        found[0], media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
    )


def workspace(request: Request) -> Workspace:
    found: Workspace = request.app.state.workspace
    return found


Space = Annotated[Workspace, Depends(workspace)]


def store(request: Request) -> Store:
    found: Store = request.app.state.store
    return found


Stored = Annotated[Store, Depends(store)]


def session_of(request: Request) -> Session | None:
    found: Session | None = getattr(request.state, "session", None)
    return found


def page(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    session = session_of(request)
    values.setdefault("user", session.user if session else None)
    values.setdefault("can_edit", bool(session and session.user.role == "editor"))
    values.setdefault("csrf_token", session.csrf_token if session else "")
    html = _environment().get_template(template).render(**values)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def _to_login(request: Request) -> RedirectResponse:
    target = request.url.path
    return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)


def _safe_next(value: str | None) -> str:
    """Only a path on this site: never another site's address (an open redirect)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/incidents"


@router.get("/", include_in_schema=False)
def home(request: Request) -> RedirectResponse:
    target = "/incidents" if session_of(request) else "/login"
    return RedirectResponse(target, status_code=303)


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str | None = None) -> Response:
    if session_of(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return page(request, "login.html", next=_safe_next(next))


@router.get("/incidents", include_in_schema=False)
def incident_list(request: Request, space: Space) -> Response:
    if session_of(request) is None:
        return _to_login(request)
    return page(request, "incidents.html", incidents=space.listed())


@router.get("/incidents/new", include_in_schema=False)
def new_incident(request: Request) -> Response:
    session = session_of(request)
    if session is None:
        return _to_login(request)
    if session.user.role != "editor":  # a viewer reads; there is nothing to start
        return RedirectResponse("/incidents", status_code=303)
    from execbrief.app.templates import incident_template

    return page(
        request,
        "editor.html",
        incident=None,
        title="New incident",
        text=incident_template(),
        version=None,
    )


@router.get("/incidents/{incident_id}", include_in_schema=False)
def edit_incident(request: Request, incident_id: str, stored: Stored) -> Response:
    if session_of(request) is None:
        return _to_login(request)
    try:
        saved = workspace_app.latest_text(stored, incident_id)
    except workspace_app.NotFound:
        return page(request, "missing.html", status=404, incident=incident_id)
    return page(
        request,
        "editor.html",
        incident=incident_id,
        title=saved["title"] or incident_id,
        text=saved["text"],
        version=saved["version"],
    )


@router.get("/incidents/{incident_id}/follow-through", include_in_schema=False)
def follow_through(request: Request, incident_id: str, stored: Stored) -> Response:
    if session_of(request) is None:
        return _to_login(request)
    shown = follow_routes.ledger_page(stored, incident_id)
    if shown is None:
        return page(request, "missing.html", status=404, incident=incident_id)
    return page(request, "follow_through.html", incident=incident_id, **shown)
