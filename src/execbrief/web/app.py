"""The web application: `create_app(store_url)` builds it on one store.

All server state is in the store (sessions, failed logins, share links and their views,
versions), so any number of processes made by create_app on the same database serve one
team. Every response carries the security headers (security.Guard): a Content-Security-
Policy with no inline script and frame-ancestors 'none', nosniff, no Referer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from execbrief.errors import InputError, OutsideSystemError
from execbrief.web.security import Guard

if TYPE_CHECKING:
    from execbrief.store.repository import Store


def input_errors(error: InputError) -> list[dict[str, object]]:
    """SPEC 8's {field, line, message} for each problem, with the hint when there is one."""
    return [
        {
            "field": p.place.field,
            "line": p.place.line,
            "message": p.message,
            **({"hint": p.hint} if p.hint else {}),
        }
        for p in error.problems
    ]


def create_app(store_url: str | None = None, *, secure_cookies: bool = False) -> FastAPI:
    """The workspace on the store at `store_url` (a path or URL; else
    $EXECBRIEF_DATABASE_URL, else the default file), migrated before the first request.
    `secure_cookies`: mark cookies Secure even when the request came over plain HTTP (a
    proxy ends TLS and does not say so)."""
    from execbrief.app.followup import open_store_at
    from execbrief.store.workspace import Workspace
    from execbrief.web import api, pages, share_page

    store: Store = open_store_at(store_url)
    workspace = Workspace(store)
    app = FastAPI(
        title="execbrief",
        docs_url=None,  # the interactive docs load scripts from a CDN; the CSP refuses them
        redoc_url=None,
        openapi_url=None,
    )
    app.state.store = store
    app.state.workspace = workspace
    app.state.secure_cookies = secure_cookies

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> JSONResponse:
        return JSONResponse({"errors": input_errors(exc)}, status_code=422)

    @app.exception_handler(OutsideSystemError)
    async def _outside(request: Request, exc: OutsideSystemError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "field": ".".join(str(p) for p in e.get("loc", ()) if p != "body") or None,
                "line": None,
                "message": str(e.get("msg", "not valid")),
            }
            for e in exc.errors()
        ]
        return JSONResponse({"errors": errors}, status_code=422)

    app.include_router(api.router)
    app.include_router(share_page.router)
    # The pages (editor, incident list, ledger, versions) are mounted here, after the API.
    app.include_router(pages.router)

    app.add_middleware(Guard, workspace=workspace)
    return app


def serve(
    host: str,
    port: int,
    db: str | None,
    *,
    secure_cookies: bool = False,
    say: Callable[[str], object] = print,
) -> None:
    """`execbrief serve`: the workspace on uvicorn until interrupted. X-Forwarded-Proto is
    believed from a proxy on this machine only, so Secure cookies follow real HTTPS."""
    import uvicorn

    from execbrief.app.workspace import where_stored

    app = create_app(db, secure_cookies=secure_cookies)
    where = where_stored(db)
    say(f"execbrief web workspace on http://{host}:{port}/ (database {where})")
    uvicorn.run(
        app,
        host=host,
        port=port,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        log_level="warning",
        server_header=False,
    )
