"""The CEO's read-only link to the handout (issue 17).

A link is a random token of 256 bits from `secrets`; the store keeps only its sha256, so
whoever reads the database cannot open a link. A link ends at its expiry (default 7 days)
or at once when revoked. Each opening is recorded with the version shown, so that when
the CEO comes back after a newer version, the page first says what changed since they
last looked: facts, in plain words (core.followup.update.news_lines), not a text diff.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from execbrief.app.accounts import token_hash
from execbrief.app.workspace import NotFound, stored_brief
from execbrief.errors import InputError

if TYPE_CHECKING:
    from execbrief.core.story import Brief
    from execbrief.store.workspace import Share, Workspace

DEFAULT_DAYS = 7
MAX_DAYS = 90
TOKEN_BYTES = 32  # 256 bits


@dataclass(frozen=True)
class Shared:
    """What the CEO's page shows."""

    brief: Brief
    version: int
    changed: list[str]  # what changed since they last looked, one line per fact
    last_looked: datetime | None
    expires_at: datetime

    def handout_html(self) -> str:
        """The handout, chart included, as HTML for the page (escaped by render.html)."""
        from execbrief.render.html import body, chart_uri

        return body(self.brief, chart_uri(self.brief))

    def said(self, moment: datetime) -> str:
        """A time as the CEO reads it, in their zone."""
        from execbrief.core import speech

        return speech.clock_time(moment, self.brief.incident.zone)


def create(
    workspace: Workspace, incident_id: str, days: int | None, by: str, now: datetime
) -> tuple[Share, str]:
    """A new link to the incident's handout: the share, and its token (shown once)."""
    from execbrief.store.workspace import Share

    days = DEFAULT_DAYS if days is None else days
    if not 1 <= days <= MAX_DAYS:
        raise InputError.single(
            f"a link lasts 1 to {MAX_DAYS} days, not {days}",
            field="expires_in_days",
            hint=f"leave it out for {DEFAULT_DAYS} days",
        )
    if not workspace.store.has_incident(incident_id):
        raise NotFound(f"no saved incident '{incident_id}'")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    share = Share(
        id=secrets.token_hex(8),
        incident_id=incident_id,
        created_by=by,
        created_at=now,
        expires_at=now + timedelta(days=days),
        revoked_at=None,
    )
    workspace.add_share(share, token_hash(token))
    return share, token


def revoke(workspace: Workspace, share_id: str, now: datetime) -> None:
    if len(share_id) > 32 or not workspace.revoke_share(share_id, now):
        raise NotFound(f"no share link '{share_id}'")


def live(share: Share | None, now: datetime) -> bool:
    return share is not None and share.revoked_at is None and now < share.expires_at


def open_link(workspace: Workspace, token: str, now: datetime) -> Shared:
    """The handout behind `token`, recording this opening; NotFound when the token is
    unknown, expired or revoked (one answer for all three: a guess learns nothing)."""
    from execbrief.core.followup import changes
    from execbrief.core.followup.update import news_lines

    if not token or len(token) > 100:
        raise NotFound("no such link")
    share = workspace.share_by_token_hash(token_hash(token))
    if share is None or not live(share, now):
        raise NotFound("no such link")
    store = workspace.store
    latest = store.latest_version(share.incident_id)
    brief = stored_brief(store, share.incident_id, now)
    changed: list[str] = []
    seen = share.last_version
    if seen is not None and seen < latest:
        old = store.version(share.incident_id, seen).facts
        new = store.version(share.incident_id, latest).facts
        changed = news_lines(changes(old, new), brief.incident.zone)
    workspace.add_view(share.id, now, latest)
    return Shared(brief, latest, changed, share.last_opened, share.expires_at)


def share_document(share: Share, now: datetime) -> dict[str, Any]:
    """A link as the editor sees it (never its token)."""
    state = "revoked" if share.revoked_at else ("live" if live(share, now) else "expired")
    return {
        "id": share.id,
        "incident_id": share.incident_id,
        "created_by": share.created_by,
        "created_at": share.created_at.isoformat(),
        "expires_at": share.expires_at.isoformat(),
        "revoked_at": None if share.revoked_at is None else share.revoked_at.isoformat(),
        "state": state,
        "views": share.views,
        "last_opened": None if share.last_opened is None else share.last_opened.isoformat(),
        "last_version_seen": share.last_version,
    }


def shares_of(workspace: Workspace, incident_id: str, now: datetime) -> list[dict[str, Any]]:
    if not workspace.store.has_incident(incident_id):
        raise NotFound(f"no saved incident '{incident_id}'")
    return [share_document(s, now) for s in workspace.shares_of(incident_id)]
