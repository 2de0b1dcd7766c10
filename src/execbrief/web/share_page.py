"""The CEO's read-only page behind a share link: the handout only (never the presenter
pack, the script or the findings), with "What changed since you last looked" first when
a newer version was saved since their last visit. Not for search engines (X-Robots-Tag
and a robots meta), no script at all, its style sheets served from the package.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from execbrief.app import sharing
from execbrief.app.workspace import NotFound
from execbrief.web.security import now

if TYPE_CHECKING:
    from jinja2 import Template

    from execbrief.store.workspace import Workspace

router = APIRouter()

NOINDEX = {"X-Robots-Tag": "noindex, nofollow"}
GONE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    '<meta name="robots" content="noindex, nofollow"><title>Link not available</title>'
    "</head><body><p>This link is not available. Ask the sender for a new one.</p>"
    "</body></html>"
)


# Chat apps and search engines fetch a link to preview it. Such a fetch is not the CEO
# opening it: it gets no brief (nothing of the incident lands in a chat's preview) and is
# not recorded (it would mark the newest version seen).
PREVIEWERS = (
    "slackbot",
    "slack-imgproxy",
    "twitterbot",
    "facebookexternalhit",
    "whatsapp",
    "telegrambot",
    "discordbot",
    "linkedinbot",
    "skypeuripreview",
    "microsoft teams",
    "googlebot",
    "bingbot",
    "applebot",
    "embedly",
)
PREVIEW_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="robots" content="noindex, nofollow"><title>A brief for you</title>'
    "</head><body><p>A brief for you. Open the link to read it.</p></body></html>"
)


def is_previewer(user_agent: str) -> bool:
    agent = user_agent.lower()
    return any(name in agent for name in PREVIEWERS)


@cache
def _template() -> Template:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("execbrief.web", "share"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("share.html.j2")


@cache
def _asset(name: str) -> str:
    if name == "brief.css":
        from execbrief.app.workspace import handout_stylesheet

        return handout_stylesheet()
    return files("execbrief.web").joinpath("share", name).read_text("utf-8")


def render_shared(workspace: Workspace, token: str) -> str:
    """The page for `token`; NotFound when the link is unknown, expired or revoked."""
    from markupsafe import Markup

    shared = sharing.open_link(workspace, token, now())
    return _template().render(
        title=shared.brief.incident.title,
        # the handout is rendered with autoescape by render.html; it is trusted markup here
        handout=Markup(shared.handout_html()),
        changed=shared.changed,
        last_looked="" if shared.last_looked is None else shared.said(shared.last_looked),
        expires=shared.said(shared.expires_at),
    )


@router.get("/s/{token}", response_class=HTMLResponse, include_in_schema=False)
async def shared_page(token: str, request: Request) -> Response:
    workspace: Workspace = request.app.state.workspace
    if is_previewer(request.headers.get("user-agent", "")):
        return HTMLResponse(PREVIEW_PAGE, headers=NOINDEX)
    try:
        page = await run_in_threadpool(render_shared, workspace, token)
    except NotFound:
        return HTMLResponse(GONE, status_code=404, headers=NOINDEX)
    return HTMLResponse(page, headers=NOINDEX)


@router.get("/share-assets/{name}", include_in_schema=False)
def asset(name: str) -> Response:
    if name not in ("brief.css", "share.css"):
        return Response(status_code=404)
    return Response(
        _asset(name),
        media_type="text/css; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600"},
    )
