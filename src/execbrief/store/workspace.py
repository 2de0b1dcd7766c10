"""What the web workspace keeps: accounts, sessions, failed logins, share links and each
time a share link was opened. Rows only: hashing, throttling rules and expiry are decided
in execbrief.app (accounts.py, sharing.py); this module reads and writes them.

Every server process reads the same rows, so a session opened on one process works on
another, and a link revoked on one is refused by all at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from execbrief.errors import InputError
from execbrief.store.models import (
    history,
    incidents,
    login_failures,
    share_views,
    shares,
    users,
    web_sessions,
)
from execbrief.store.repository import Store


@dataclass(frozen=True)
class User:
    name: str
    password_hash: str
    role: str


@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class Share:
    id: str
    incident_id: str
    created_by: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    views: int = 0
    last_opened: datetime | None = None
    last_version: int | None = None  # the version shown the last time it was opened


@dataclass(frozen=True)
class Listed:
    id: str
    title: str
    severity: str | None
    state: str
    updated_at: datetime
    version: int


def _share(r: Any) -> Share:
    return Share(r.id, r.incident_id, r.created_by, r.created_at, r.expires_at, r.revoked_at)


class Workspace:
    """The web workspace's rows, in the store's transactions."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- accounts ----------------------------------------------------------------------

    def add_user(self, name: str, password_hash: str, role: str, at: datetime) -> None:
        """A new account; InputError when the name is taken."""

        def work(connection: Connection) -> None:
            taken = connection.execute(select(users.c.name).where(users.c.name == name)).first()
            if taken is not None:
                raise InputError.single(
                    f"there is already a user '{name}'", field="NAME", hint="choose another name"
                )
            connection.execute(
                insert(users).values(
                    name=name, password_hash=password_hash, role=role, created_at=at
                )
            )

        try:
            self.store._write(work)
        except IntegrityError:  # pragma: no cover - a second process took the name meanwhile
            raise InputError.single(f"there is already a user '{name}'", field="NAME") from None

    def user(self, name: str) -> User | None:
        def work(connection: Connection) -> User | None:
            row = connection.execute(select(users).where(users.c.name == name)).first()
            return None if row is None else User(row.name, row.password_hash, row.role)

        return self.store._read(work)

    def users(self) -> list[tuple[str, str]]:
        """Every account's name and role, by name."""
        query = select(users.c.name, users.c.role).order_by(users.c.name)
        return self.store._read(
            lambda connection: [(r.name, r.role) for r in connection.execute(query)]
        )

    def user_count(self) -> int:
        counted = select(func.count(users.c.name))
        return self.store._read(lambda connection: int(connection.execute(counted).scalar() or 0))

    def set_password_hash(self, name: str, password_hash: str) -> None:
        """Store a rehashed password (the hasher's parameters grew stronger)."""
        self.store._write(
            lambda connection: connection.execute(
                update(users).where(users.c.name == name).values(password_hash=password_hash)
            )
        )

    # -- sessions ----------------------------------------------------------------------

    def add_session(
        self, token_hash: str, user_name: str, csrf_token: str, at: datetime, expires_at: datetime
    ) -> None:
        def work(connection: Connection) -> None:
            connection.execute(delete(web_sessions).where(web_sessions.c.expires_at <= at))
            connection.execute(
                insert(web_sessions).values(
                    token_hash=token_hash,
                    user_name=user_name,
                    csrf_token=csrf_token,
                    created_at=at,
                    expires_at=expires_at,
                )
            )

        self.store._write(work)

    def session(self, token_hash: str, now: datetime) -> Session | None:
        """The session with this token hash, unless it has expired."""

        def work(connection: Connection) -> Session | None:
            row = connection.execute(
                select(
                    web_sessions.c.csrf_token,
                    web_sessions.c.expires_at,
                    users.c.name,
                    users.c.password_hash,
                    users.c.role,
                )
                .join(users, users.c.name == web_sessions.c.user_name)
                .where(web_sessions.c.token_hash == token_hash)
                .where(web_sessions.c.expires_at > now)
            ).first()
            if row is None:
                return None
            user = User(row.name, row.password_hash, row.role)
            return Session(user, row.csrf_token, row.expires_at)

        return self.store._read(work)

    def end_session(self, token_hash: str) -> None:
        self.store._write(
            lambda connection: connection.execute(
                delete(web_sessions).where(web_sessions.c.token_hash == token_hash)
            )
        )

    # -- login throttling --------------------------------------------------------------

    def failures_since(self, user_name: str, address: str, since: datetime) -> tuple[int, int]:
        """Failed logins since `since`: for this user name, and from this address."""

        def work(connection: Connection) -> tuple[int, int]:
            recent = login_failures.c.at > since
            by_name = connection.execute(
                select(func.count(login_failures.c.id)).where(
                    and_(recent, login_failures.c.user_name == user_name)
                )
            ).scalar()
            by_address = connection.execute(
                select(func.count(login_failures.c.id)).where(
                    and_(recent, login_failures.c.address == address)
                )
            ).scalar()
            return int(by_name or 0), int(by_address or 0)

        return self.store._read(work)

    def add_failure(
        self, user_name: str, address: str, at: datetime, forget_before: datetime
    ) -> None:
        def work(connection: Connection) -> None:
            connection.execute(delete(login_failures).where(login_failures.c.at <= forget_before))
            connection.execute(
                insert(login_failures).values(user_name=user_name, address=address, at=at)
            )

        self.store._write(work)

    def clear_failures(self, user_name: str) -> None:
        self.store._write(
            lambda connection: connection.execute(
                delete(login_failures).where(login_failures.c.user_name == user_name)
            )
        )

    # -- share links -------------------------------------------------------------------

    def add_share(self, share: Share, token_hash: str) -> None:
        def work(connection: Connection) -> None:
            found = connection.execute(
                select(incidents.c.id).where(incidents.c.id == share.incident_id)
            ).first()
            if found is None:
                raise InputError.single(f"no saved incident '{share.incident_id}'", field="id")
            connection.execute(
                insert(shares).values(
                    id=share.id,
                    token_hash=token_hash,
                    incident_id=share.incident_id,
                    created_by=share.created_by,
                    created_at=share.created_at,
                    expires_at=share.expires_at,
                    revoked_at=None,
                )
            )

        self.store._write(work)

    def share(self, share_id: str) -> Share | None:
        def work(connection: Connection) -> Share | None:
            row = connection.execute(select(shares).where(shares.c.id == share_id)).first()
            return None if row is None else _share(row)

        return self.store._read(work)

    def share_by_token_hash(self, token_hash: str) -> Share | None:
        def work(connection: Connection) -> Share | None:
            row = connection.execute(
                select(shares).where(shares.c.token_hash == token_hash)
            ).first()
            return None if row is None else self._with_views(connection, _share(row))

        return self.store._read(work)

    def revoke_share(self, share_id: str, at: datetime) -> bool:
        """Revoke the link; False when there is no such link."""

        def work(connection: Connection) -> bool:
            done = connection.execute(
                update(shares)
                .where(shares.c.id == share_id)
                .values(revoked_at=func.coalesce(shares.c.revoked_at, at))
            )
            return done.rowcount == 1

        return self.store._write(work)

    def add_view(self, share_id: str, at: datetime, version: int) -> None:
        self.store._write(
            lambda connection: connection.execute(
                insert(share_views).values(share_id=share_id, at=at, version=version)
            )
        )

    def _with_views(self, connection: Connection, share: Share) -> Share:
        count = connection.execute(
            select(func.count(share_views.c.id)).where(share_views.c.share_id == share.id)
        ).scalar()
        last = connection.execute(
            select(share_views.c.at, share_views.c.version)
            .where(share_views.c.share_id == share.id)
            .order_by(share_views.c.at.desc(), share_views.c.id.desc())
            .limit(1)
        ).first()
        return Share(
            share.id,
            share.incident_id,
            share.created_by,
            share.created_at,
            share.expires_at,
            share.revoked_at,
            int(count or 0),
            None if last is None else last.at,
            None if last is None else last.version,
        )

    def shares_of(self, incident_id: str) -> list[Share]:
        """The incident's links, newest first, each with how often and when last opened."""

        def work(connection: Connection) -> list[Share]:
            rows = connection.execute(
                select(shares)
                .where(shares.c.incident_id == incident_id)
                .order_by(shares.c.created_at.desc(), shares.c.id)
            )
            return [self._with_views(connection, _share(r)) for r in rows]

        return self.store._read(work)

    # -- the incident list -------------------------------------------------------------

    def listed(self) -> list[Listed]:
        """Every saved incident with its severity, newest change first."""

        def work(connection: Connection) -> list[Listed]:
            rows = connection.execute(
                select(
                    incidents.c.id,
                    incidents.c.title,
                    history.c.severity,
                    incidents.c.state,
                    incidents.c.updated_at,
                    incidents.c.latest_version,
                )
                .select_from(incidents)
                .outerjoin(history, history.c.incident_id == incidents.c.id)
                .order_by(incidents.c.updated_at.desc(), incidents.c.id)
            )
            return [Listed(*r) for r in rows]

        return self.store._read(work)


__all__ = ["Listed", "Session", "Share", "User", "Workspace"]
